package io.mailbridge.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailbridge.common.Json;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.ParseException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns the JSON of a send request (or of one batch item) into a {@link SendRequest}, or refuses it naming the field:
 * unknown mailbox, no recipient, a malformed address, a line break in a header value, an attachment over the limit,
 * an unknown template or a variable the template needs and the data lacks. Nothing is queued for a refused request.
 */
public final class SendRequestReader {

    static final Set<String> REQUEST_FIELDS = Set.of("mailbox", "to", "cc", "bcc", "replyTo", "subject", "text", "html",
            "attachments", "requestId", "template", "data");
    static final Set<String> ITEM_FIELDS = Set.of("to", "cc", "bcc", "replyTo", "subject", "text", "html", "attachments", "data");
    private static final Set<String> ATTACHMENT_FIELDS = Set.of("fileName", "contentType", "content", "path");
    private static final int MAX_REQUEST_ID = 200;
    private static final int MAX_SUBJECT = 900;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final MailboxRegistry mailboxes;
    private final TemplateLibrary templates;
    private final int maxRecipients;
    private final long maxAttachmentBytes;

    public SendRequestReader(MailboxRegistry mailboxes, TemplateLibrary templates, int maxRecipients, long maxAttachmentBytes) {
        this.mailboxes = mailboxes;
        this.templates = templates;
        this.maxRecipients = maxRecipients;
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    /** A single request ({@code POST /api/outbound}). Attachments come as base64 {@code content}. */
    public SendRequest read(JsonNode request) throws InvalidSendRequestException {
        requireObject(request, null);
        checkFields(request, REQUEST_FIELDS, null);
        String mailbox = mailbox(request.get("mailbox"), "mailbox");
        String template = optionalText(request, "template");
        return item(request, mailbox, template, optionalRequestId(request, "requestId"), null);
    }

    /** The mailbox a batch sends from, checked once for all its items. */
    public String mailbox(JsonNode node, String field) throws InvalidSendRequestException {
        String id = node == null || node.isNull() ? null : textValue(node, field);
        if (id == null || id.isBlank()) {
            throw new InvalidSendRequestException(field, "is missing: name the mailbox to send from, one of " + senders());
        }
        Mailbox mailbox = mailboxes.mailbox(id).orElseThrow(() -> new InvalidSendRequestException(field,
                "'" + id + "' is not a configured mailbox; configured mailboxes that can send: " + senders()));
        if (mailbox.smtp() == null) {
            throw new InvalidSendRequestException(field, "mailbox '" + id + "' has no SMTP server: set mailbridge.mailboxes."
                    + id + ".smtp");
        }
        return id;
    }

    /** Checks that a batch's template exists before any item is read. */
    public void checkTemplate(String template, String field) throws InvalidSendRequestException {
        if (template != null && !templates.exists(template)) {
            throw new InvalidSendRequestException(field, "there is no template '" + template + "'; templates in "
                    + templates.folder() + ": " + templates.names());
        }
    }

    /**
     * One mail: a whole single request, or a batch item (then mailbox and template are the batch's, and the caller
     * has checked the item's fields against {@link #ITEM_FIELDS}).
     *
     * @param files the files of the drop folder a batch file came from, which attachments may name by {@code path};
     *              null for API requests, whose attachments must carry their {@code content}
     */
    public SendRequest item(JsonNode node, String mailbox, String template, String requestId, DropFolderFiles files)
            throws InvalidSendRequestException {
        requireObject(node, null);
        List<InternetAddress> to = addresses(node, "to");
        List<InternetAddress> cc = addresses(node, "cc");
        List<InternetAddress> bcc = addresses(node, "bcc");
        int recipients = to.size() + cc.size() + bcc.size();
        if (recipients == 0) {
            throw new InvalidSendRequestException("to", "no recipient: give at least one address in to, cc or bcc");
        }
        if (recipients > maxRecipients) {
            throw new InvalidSendRequestException("to", recipients + " recipients in one mail; at most " + maxRecipients
                    + " are allowed (mailbridge.outbound.max-recipients)");
        }
        List<InternetAddress> replyTo = addresses(node, "replyTo");
        if (replyTo.size() > 1) {
            throw new InvalidSendRequestException("replyTo", "give one address");
        }
        Map<String, Object> data = data(node);
        String subject = optionalText(node, "subject");
        String text = optionalText(node, "text");
        String html = optionalText(node, "html");
        if (template != null) {
            checkTemplate(template, "template");
            TemplateLibrary.Rendered rendered = templates.render(template, data);
            subject = subject != null ? subject : rendered.subject();
            text = text != null ? text : rendered.text();
            html = html != null ? html : rendered.html();
        }
        if (subject == null || subject.isBlank()) {
            throw new InvalidSendRequestException("subject", template == null ? "is missing" : "template '" + template
                    + "' has no subject.peb and the request gives no subject");
        }
        noLineBreak(subject, template == null ? "subject" : "subject (rendered from template '" + template + "')");
        if (subject.length() > MAX_SUBJECT) {
            throw new InvalidSendRequestException("subject", "is " + subject.length() + " characters long; at most " + MAX_SUBJECT);
        }
        if (text == null && html == null) {
            throw new InvalidSendRequestException("text", "give text, html or both (or a template that renders them)");
        }
        return new SendRequest(mailbox, to, cc, bcc, replyTo.isEmpty() ? null : replyTo.get(0), subject.strip(), text, html,
                attachments(node, files), requestId, template, data);
    }

    /** The client's idempotency key, if any. */
    public static String optionalRequestId(JsonNode node, String field) throws InvalidSendRequestException {
        String id = optionalText(node, field);
        if (id == null) {
            return null;
        }
        if (id.isBlank() || id.length() > MAX_REQUEST_ID || id.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidSendRequestException(field, "must be 1 to " + MAX_REQUEST_ID + " characters without control characters");
        }
        return id;
    }

    public static String optionalText(JsonNode node, String field) throws InvalidSendRequestException {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : textValue(value, field);
    }

    static void checkFields(JsonNode node, Set<String> known, String prefix) throws InvalidSendRequestException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidSendRequestException(prefix == null ? name : prefix + "." + name,
                        "is not a known field; known fields: " + new TreeSet<>(known));
            }
        }
    }

    private static void requireObject(JsonNode node, String field) throws InvalidSendRequestException {
        if (node == null || !node.isObject()) {
            throw new InvalidSendRequestException(field, "must be a JSON object");
        }
    }

    private static String textValue(JsonNode value, String field) throws InvalidSendRequestException {
        if (!value.isTextual()) {
            throw new InvalidSendRequestException(field, "must be a string");
        }
        return value.textValue();
    }

    private static void noLineBreak(String value, String field) throws InvalidSendRequestException {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new InvalidSendRequestException(field, "contains a line break (CR or LF), which is not allowed in a mail header");
        }
    }

    private static List<InternetAddress> addresses(JsonNode node, String field) throws InvalidSendRequestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<JsonNode> entries = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(entries::add);
        } else if (value.isTextual() && field.equals("replyTo")) {
            entries.add(value);
        } else {
            throw new InvalidSendRequestException(field, field.equals("replyTo") ? "must be an address" : "must be an array of addresses");
        }
        List<InternetAddress> result = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String path = value.isArray() ? field + "[" + i + "]" : field;
            String text = textValue(entries.get(i), path);
            noLineBreak(text, path);
            InternetAddress address;
            try {
                address = new InternetAddress(text, true);
                address.validate();
            } catch (AddressException e) {
                throw new InvalidSendRequestException(path, "'" + text + "' is not a valid mail address (" + e.getMessage() + ")");
            }
            String bare = address.getAddress();
            int at = bare.lastIndexOf('@');
            if (at <= 0 || at == bare.length() - 1) {
                throw new InvalidSendRequestException(path, "'" + text + "' is not a valid mail address (it needs a domain after '@')");
            }
            if (seen.add(bare.toLowerCase(Locale.ROOT))) {
                result.add(address);
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(JsonNode node) throws InvalidSendRequestException {
        JsonNode value = node.get("data");
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new InvalidSendRequestException("data", "must be a JSON object of template variables");
        }
        return Json.MAPPER.convertValue(value, Map.class);
    }

    private List<SendRequest.Attachment> attachments(JsonNode node, DropFolderFiles files) throws InvalidSendRequestException {
        JsonNode value = node.get("attachments");
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidSendRequestException("attachments", "must be an array");
        }
        List<SendRequest.Attachment> result = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < value.size(); i++) {
            String at = "attachments[" + i + "]";
            JsonNode a = value.get(i);
            requireObject(a, at);
            checkFields(a, ATTACHMENT_FIELDS, at);
            String fileName = optionalText(a, "fileName");
            if (fileName == null || fileName.isBlank()) {
                throw new InvalidSendRequestException(at + ".fileName", "is missing");
            }
            noLineBreak(fileName, at + ".fileName");
            if (fileName.contains("/") || fileName.contains("\\")) {
                throw new InvalidSendRequestException(at + ".fileName", "must be a plain file name without a folder");
            }
            String contentType = optionalText(a, "contentType");
            contentType = contentType == null ? "application/octet-stream" : contentType;
            noLineBreak(contentType, at + ".contentType");
            try {
                new ContentType(contentType);
            } catch (ParseException e) {
                throw new InvalidSendRequestException(at + ".contentType", "'" + contentType + "' is not a media type such as application/pdf");
            }
            String content = optionalText(a, "content");
            String path = optionalText(a, "path");
            byte[] bytes = null;
            Path file = null;
            long size;
            if (content != null && path == null) {
                // the declared size is checked before decoding, so an oversized attachment costs no memory
                long decodedSize = content.length() / 4 * 3;
                if (total + decodedSize > maxAttachmentBytes + 3) {
                    throw tooLarge(at + ".content", total + decodedSize, false);
                }
                try {
                    // line breaks are tolerated (MIME style); any other character outside base64 is an error
                    bytes = Base64.getDecoder().decode(WHITESPACE.matcher(content).replaceAll(""));
                } catch (IllegalArgumentException e) {
                    throw new InvalidSendRequestException(at + ".content", "is not valid base64 (" + e.getMessage() + ")");
                }
                size = bytes.length;
            } else if (path != null && content == null) {
                if (files == null) {
                    throw new InvalidSendRequestException(at + ".path", "only batch files in the drop folder may refer to files; "
                            + "send the file's bytes as base64 in 'content'");
                }
                DropFolderFiles.Copy copy;
                try {
                    // read once, here: what is checked is what is sent, and the limit applies to the bytes read
                    copy = files.copy(path, maxAttachmentBytes - total);
                } catch (DropFolderFiles.RefusedPathException e) {
                    throw new InvalidSendRequestException(at + ".path", "'" + path + "' " + e.getMessage());
                } catch (IOException e) {
                    throw new InvalidSendRequestException(at + ".path", "'" + path + "' cannot be read: " + e.getMessage());
                }
                if (total + copy.size() > maxAttachmentBytes) {
                    throw copy.file() == null ? tooLarge(at + ".path", maxAttachmentBytes, true)
                            : tooLarge(at + ".path", total + copy.size(), false);
                }
                file = copy.file();
                size = copy.size();
            } else {
                throw new InvalidSendRequestException(at + ".content", files == null ? "is missing: give the file's bytes as base64"
                        : "give either content (base64) or path (relative to the drop folder), not both or neither");
            }
            total += size;
            if (total > maxAttachmentBytes) {
                throw tooLarge(at + ".content", total, false);
            }
            result.add(new SendRequest.Attachment(fileName, contentType, bytes, file));
        }
        return result;
    }

    /** @param atLeast the file was read only up to the limit, so its size is a lower bound */
    private InvalidSendRequestException tooLarge(String field, long size, boolean atLeast) {
        return new InvalidSendRequestException(field, "the attachments come to " + (atLeast ? "more than " : "") + size
                + " bytes, over the limit of "
                + maxAttachmentBytes + " bytes per mail (mailbridge.outbound.max-attachment-bytes)");
    }

    private String senders() {
        return mailboxes.mailboxes().stream().filter(m -> m.smtp() != null).map(Mailbox::id).toList().toString();
    }
}
