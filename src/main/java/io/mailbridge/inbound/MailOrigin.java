package io.mailbridge.inbound;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Where a message sits: its stable identity is mailbox + folder + UIDVALIDITY + UID. */
public record MailOrigin(String mailbox, String folder, long uidValidity, long uid) {

    public MailOrigin {
        if (mailbox == null || mailbox.isBlank()) {
            throw new IllegalArgumentException("mailbox must not be blank");
        }
        if (folder == null || folder.isEmpty()) {
            throw new IllegalArgumentException("folder must not be empty");
        }
        if (uidValidity <= 0) {
            throw new IllegalArgumentException("uidValidity must be positive, was " + uidValidity);
        }
        if (uid <= 0) {
            throw new IllegalArgumentException("uid must be positive, was " + uid);
        }
    }

    /**
     * Stable idempotency key, e.g. {@code sandbox-ap/INBOX/1700000000/42}. Mailbox and folder are percent-encoded, so a
     * folder such as {@code Invoices/2024} or {@code Sent Items} cannot be mistaken for another split of the key.
     */
    public String id() {
        return encode(mailbox) + "/" + encode(folder) + "/" + uidValidity + "/" + uid;
    }

    private static String encode(String segment) {
        if (segment.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.'))) {
            // nothing to encode, as for most mailbox ids and folders; the key is built many times per message
            return segment;
        }
        // URLEncoder writes a space as '+'; a literal '+' is already %2B, so swapping keeps the key unambiguous
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
