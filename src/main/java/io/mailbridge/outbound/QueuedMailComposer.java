package io.mailbridge.outbound;

import io.mailbridge.mailbox.MailboxRegistry;
import jakarta.mail.MessagingException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Composes an accepted request as the MIME message that goes on the queue, sent from its mailbox's address. */
final class QueuedMailComposer {

    private final MailboxRegistry mailboxes;
    private final MimeComposer composer;

    QueuedMailComposer(MailboxRegistry mailboxes, MimeComposer composer) {
        this.mailboxes = mailboxes;
        this.composer = composer;
    }

    /** The Message-ID of the mail with this request id, fixed when the request is accepted. */
    String messageId(String id, String mailbox) {
        return MimeComposer.messageId(id, address(mailbox));
    }

    /** The MIME of a request that was checked before. */
    byte[] mime(SendRequest request, String messageId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            write(request, messageId, out);
        } catch (InvalidSendRequestException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** Composes the mail once without keeping it, so that a file that cannot be read fails the check, not the queuing. */
    void check(SendRequest request) throws InvalidSendRequestException {
        write(request, "<check@mailbridge>", OutputStream.nullOutputStream());
    }

    private void write(SendRequest request, String messageId, OutputStream out) throws InvalidSendRequestException {
        try {
            composer.write(request, address(request.mailbox()), messageId, out);
        } catch (MessagingException | IOException e) {
            throw new InvalidSendRequestException("attachments", "the mail cannot be composed: " + e.getMessage());
        }
    }

    private String address(String mailbox) {
        return mailboxes.mailbox(mailbox).orElseThrow().address();
    }
}
