package io.mailbridge.inbound;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.ParseException;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the content headers of one MIME part, tolerating the malformed values real mail carries. */
final class PartHeaders {

    /** Base type in lower case ("application/pdf") and the charset parameter, if any. */
    record MediaType(String baseType, String charset) {
        String describe() {
            return charset == null ? baseType : baseType + "; charset=" + charset.toLowerCase(Locale.ROOT);
        }

        boolean is(String type) {
            return baseType.equals(type);
        }
    }

    private static final MediaType OCTET_STREAM = new MediaType("application/octet-stream", null);
    private static final Pattern TYPE = Pattern.compile("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+");
    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");

    private PartHeaders() {
    }

    static MediaType mediaType(MimePart part, List<String> warnings) throws MessagingException {
        String raw = part.getContentType();
        if (raw == null || raw.isBlank()) {
            return new MediaType("text/plain", null);
        }
        try {
            ContentType type = new ContentType(raw);
            return new MediaType(type.getBaseType().toLowerCase(Locale.ROOT), type.getParameter("charset"));
        } catch (ParseException e) {
            // salvage what a human would read: "text/plain; charset="utf-8" (unclosed quote) is still UTF-8 text
            String base = raw.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            Matcher charset = CHARSET.matcher(raw);
            MediaType salvaged = TYPE.matcher(base).matches()
                    ? new MediaType(base, charset.find() ? charset.group(1) : null)
                    : OCTET_STREAM;
            warnings.add("Content-Type '" + raw.strip() + "' is malformed; read as " + salvaged.describe());
            return salvaged;
        }
    }

    /** "attachment", "inline", or null when the header is absent or says something else. */
    static String disposition(MimePart part) throws MessagingException {
        String value;
        try {
            value = part.getDisposition();
        } catch (ParseException e) {
            String raw = part.getHeader("Content-Disposition", null);
            value = raw == null ? null : raw.split(";", 2)[0].strip();
        }
        if (value == null) {
            return null;
        }
        value = value.toLowerCase(Locale.ROOT);
        return value.equals("attachment") || value.equals("inline") ? value : null;
    }

    /** The declared file name, decoded (RFC 2231 and RFC 2047) but not yet made safe; null if there is none. */
    static String fileName(MimePart part) throws MessagingException {
        String name;
        try {
            name = part.getFileName();
        } catch (ParseException e) {
            return null;
        }
        name = HeaderText.decodeFileName(name);
        return name == null || name.isBlank() ? null : name;
    }

    /** The Content-ID without angle brackets, or null. */
    static String contentId(MimePart part) throws MessagingException {
        String raw = part.getContentID();
        if (raw == null) {
            return null;
        }
        String id = raw.strip();
        if (id.startsWith("<")) {
            id = id.substring(1);
        }
        if (id.endsWith(">")) {
            id = id.substring(0, id.length() - 1);
        }
        id = id.strip();
        return id.isEmpty() ? null : id;
    }
}
