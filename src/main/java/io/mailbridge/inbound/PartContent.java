package io.mailbridge.inbound;

import jakarta.mail.FolderClosedException;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import org.eclipse.angus.mail.util.BASE64DecoderStream;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Opens a part's content as a stream of decoded bytes. It undoes the transfer encoding itself, rather than through
 * {@code getInputStream()}, because Jakarta's base64 tolerance is a JVM-wide System property and an unknown encoding
 * would fail the whole part; here broken base64 is decoded as far as it goes and the damage becomes a warning.
 */
final class PartContent {

    /** Enough for any honest header block of a forwarded message; the rest is not needed to name it. */
    private static final int FORWARDED_HEADER_BYTES = 64 * 1024;

    private PartContent() {
    }

    /** The decoded stream; closing it adds a warning naming {@code label} if the encoding had to be repaired. */
    static InputStream open(MimePart part, String label, List<String> warnings) throws MessagingException, IOException {
        InputStream raw = encodedForm(part);
        if (raw == null) {
            return part.getInputStream();
        }
        String encoding = part.getEncoding();
        encoding = encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
        switch (encoding) {
            case "", "7bit", "8bit", "binary":
                return raw;
            case "base64":
                Base64Trimmer trimmer = new Base64Trimmer(raw);
                return new FilterInputStream(new BASE64DecoderStream(trimmer, true)) {
                    @Override
                    public void close() throws IOException {
                        super.close();
                        String damage = trimmer.damage();
                        if (damage != null) {
                            warnings.add(label + ": damaged base64 content was decoded as far as possible ("
                                    + damage + ")");
                        }
                    }
                };
            case "quoted-printable", "uuencode", "x-uuencode", "x-uue":
                return MimeUtility.decode(raw, encoding);
            default:
                // RFC 2045 section 6.4: an unknown encoding means the body is opaque data
                warnings.add(label + ": unknown transfer encoding '" + encoding + "'; content kept as it is");
                return raw;
        }
    }

    /** The header block of a forwarded message or of a {@code text/rfc822-headers} part. */
    static InternetHeaders headerBlock(MimePart part) throws IOException, MessagingException {
        byte[] head;
        try (InputStream in = open(part, "forwarded message", new ArrayList<>())) {
            head = in.readNBytes(FORWARDED_HEADER_BYTES);
        }
        return new InternetHeaders(new ByteArrayInputStream(head));
    }

    /** True when the failure is the connection or folder going away: worth a retry, not a reason to quarantine. */
    static boolean isConnectionLoss(Throwable failure) {
        return failure instanceof FolderClosedException || failure instanceof StoreClosedException
                || failure instanceof MessageRemovedException;
    }

    /** The still-encoded content, or null for a part built in memory from a DataHandler, which has no encoded form. */
    private static InputStream encodedForm(MimePart part) throws MessagingException {
        try {
            if (part instanceof MimeBodyPart bodyPart) {
                return bodyPart.getRawInputStream();
            }
            if (part instanceof MimeMessage message) {
                return message.getRawInputStream();
            }
            return null;
        } catch (MessagingException e) {
            if (isConnectionLoss(e)) {
                throw e;
            }
            return null;
        }
    }
}
