package io.mailbridge.inbound;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a delivery status notification (RFC 3464) says: per recipient, what happened and why, plus which message it is
 * about. Lets an ERP tell a bounce from an invoice without parsing the MTA's prose. Built from the
 * {@code message/delivery-status} part and the returned message (or its headers) of a {@code multipart/report}.
 */
record DeliveryReport(String reportingMta, List<Recipient> recipients, String originalMessageId, String originalSubject) {

    /** One per-recipient block. Values are as written, unfolded, with runs of white space made one space. */
    record Recipient(String finalRecipient, String originalRecipient, String action, String status,
                     String diagnosticCode, String remoteMta) {
    }

    /** Enough for any honest status part; the rest of a hostile one is not read. */
    static final int MAX_STATUS_BYTES = 256 * 1024;

    /**
     * Reads the status fields: a block of per-message fields, then one block per recipient, separated by empty lines.
     * Old MTAs leave out the per-message block or add empty lines; any block naming a recipient or an action counts.
     */
    static DeliveryReport read(InputStream status, InternetHeaders returned) throws IOException, MessagingException {
        byte[] bytes = status.readNBytes(MAX_STATUS_BYTES);
        PushbackInputStream in = new PushbackInputStream(new ByteArrayInputStream(bytes), 2);
        String reportingMta = null;
        List<Recipient> recipients = new ArrayList<>();
        while (skipEmptyLines(in)) {
            InternetHeaders block = new InternetHeaders(in, true);
            if (!block.getAllHeaders().hasMoreElements()) {
                break;
            }
            String finalRecipient = field(block, "Final-Recipient");
            String action = field(block, "Action");
            if (finalRecipient != null || action != null) {
                recipients.add(new Recipient(finalRecipient, field(block, "Original-Recipient"), action == null ? null
                        : action.toLowerCase(Locale.ROOT), field(block, "Status"), field(block, "Diagnostic-Code"),
                        field(block, "Remote-MTA")));
            } else if (reportingMta == null) {
                reportingMta = field(block, "Reporting-MTA");
            }
        }
        String messageId = returned == null ? null : HeaderText.decode(returned.getHeader("Message-ID", null));
        String subject = returned == null ? null : HeaderText.decode(returned.getHeader("Subject", null));
        return new DeliveryReport(reportingMta, recipients, messageId, subject);
    }

    private static String field(InternetHeaders block, String name) {
        String value = block.getHeader(name, null);
        if (value == null) {
            return null;
        }
        String text = HeaderText.decode(value).replaceAll("\\s+", " ").strip();
        return text.isEmpty() ? null : text;
    }

    /** Skips CR and LF at the current position; false at the end of the stream. */
    private static boolean skipEmptyLines(PushbackInputStream in) throws IOException {
        int c;
        do {
            c = in.read();
        } while (c == '\r' || c == '\n');
        if (c < 0) {
            return false;
        }
        in.unread(c);
        return true;
    }
}
