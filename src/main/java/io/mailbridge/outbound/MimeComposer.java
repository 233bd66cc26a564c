package io.mailbridge.outbound;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;

/**
 * Writes a {@link SendRequest} out as the MIME message that will be sent, with its Message-ID fixed at this point:
 * every retry sends these same bytes, so a receiver (and anyone searching for it) sees one mail.
 */
public final class MimeComposer {

    private static final Session SESSION = Session.getInstance(new Properties());

    private final Clock clock;

    public MimeComposer(Clock clock) {
        this.clock = clock;
    }

    /** {@code <id@domain>}, the domain being the sending mailbox's, as mail servers expect. */
    public static String messageId(String id, String fromAddress) {
        return "<" + id + "@" + fromAddress.substring(fromAddress.lastIndexOf('@') + 1) + ">";
    }

    public void write(SendRequest request, String fromAddress, String messageId, OutputStream out)
            throws MessagingException, IOException {
        MimeMessage message = new FixedIdMessage(messageId);
        message.setFrom(new InternetAddress(fromAddress));
        message.setRecipients(MimeMessage.RecipientType.TO, request.to().toArray(InternetAddress[]::new));
        if (!request.cc().isEmpty()) {
            message.setRecipients(MimeMessage.RecipientType.CC, request.cc().toArray(InternetAddress[]::new));
        }
        if (!request.bcc().isEmpty()) {
            // kept in the queued copy so the sender knows every recipient; the SMTP transport never writes it out
            message.setRecipients(MimeMessage.RecipientType.BCC, request.bcc().toArray(InternetAddress[]::new));
        }
        if (request.replyTo() != null) {
            message.setReplyTo(new InternetAddress[] {request.replyTo()});
        }
        message.setSubject(request.subject(), "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        if (request.attachments().isEmpty()) {
            fillBody(message, request);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            fillBody(body, request);
            mixed.addBodyPart(body);
            for (SendRequest.Attachment a : request.attachments()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(a.file() != null ? new TypedFileDataSource(a.file().toFile(), a.contentType())
                        : new ByteArrayDataSource(a.content(), a.contentType())));
                part.setFileName(encodeFileName(a.fileName()));
                // always base64: a binary file that happens to look like text would otherwise go out as 7bit, and
                // its line endings would be rewritten on the way
                part.setHeader("Content-Transfer-Encoding", "base64");
                part.setDisposition(MimeBodyPart.ATTACHMENT);
                mixed.addBodyPart(part);
            }
            message.setContent(mixed);
        }
        message.saveChanges();
        message.writeTo(out);
    }

    /** Text, HTML, or both as alternatives, into the message itself or into its first part. */
    private static void fillBody(MimePart part, SendRequest request) throws MessagingException {
        if (request.text() != null && request.html() != null) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(request.text(), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(request.html(), "UTF-8", "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            part.setContent(alternative);
        } else if (request.html() != null) {
            part.setText(request.html(), "UTF-8", "html");
        } else {
            part.setText(request.text(), "UTF-8", "plain");
        }
    }

    private static String encodeFileName(String name) {
        try {
            return MimeUtility.encodeText(name, "UTF-8", null);
        } catch (UnsupportedEncodingException e) {
            return name;
        }
    }

    /** Keeps the Message-ID given at queue time; Jakarta Mail would otherwise make up a new one at every save. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(String messageId) {
            super(SESSION);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /** A file attachment with the content type the request declared, not one guessed from its name. */
    private static final class TypedFileDataSource extends FileDataSource {
        private final String contentType;

        TypedFileDataSource(File file, String contentType) {
            super(file);
            this.contentType = contentType;
        }

        @Override
        public String getContentType() {
            return contentType;
        }
    }
}
