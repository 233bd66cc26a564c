package io.mailbridge.outbound;

import jakarta.mail.internet.InternetAddress;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One mail to send, validated: every address parsed, no line break in any header value, attachments within the
 * limit. Subject and bodies are either given or come from {@code template} rendered with {@code data}.
 *
 * @param requestId the client's idempotency key, or null
 */
public record SendRequest(
        String mailbox,
        List<InternetAddress> to,
        List<InternetAddress> cc,
        List<InternetAddress> bcc,
        InternetAddress replyTo,
        String subject,
        String text,
        String html,
        List<Attachment> attachments,
        String requestId,
        String template,
        Map<String, Object> data) {

    public int recipientCount() {
        return to.size() + cc.size() + bcc.size();
    }

    /** A file to attach: its bytes either decoded from the request or in the copy a drop-folder batch read once. */
    public record Attachment(String fileName, String contentType, byte[] content, Path file) {
    }
}
