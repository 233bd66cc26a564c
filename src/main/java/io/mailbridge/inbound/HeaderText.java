package io.mailbridge.inbound;

import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayOutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes header text defensively. Jakarta's own decoding depends on System properties read once per JVM and on the
 * Session of whoever built the message (an IMAP store we do not control), and it gives up on common mailer mistakes:
 * encoded words glued to other text, unknown charsets, raw UTF-8 bytes read as ISO-8859-1.
 */
final class HeaderText {

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?]*)\\?=");
    private static final Pattern BETWEEN_WORDS = Pattern.compile("[ \\t\\r\\n]*");
    private static final Pattern RFC2231_VALUE = Pattern.compile("([A-Za-z0-9!#$&+\\-^_`{}~]+)'[A-Za-z0-9-]*'(.*%[0-9A-Fa-f]{2}.*)");

    private HeaderText() {
    }

    /** RFC 2047 decoded, unfolded and trimmed text; null for null. */
    static String decode(String raw) {
        if (raw == null) {
            return null;
        }
        String text = repairRawUtf8(MimeUtility.unfold(raw));
        if (text.contains("=?")) {
            try {
                text = MimeUtility.decodeText(text);
            } catch (UnsupportedEncodingException e) {
                // left as it is; the lenient pass below tries again word by word
            }
            if (ENCODED_WORD.matcher(text).find()) {
                text = decodeLeftoverWords(text);
            }
        }
        return text.strip();
    }

    /** A file name as Jakarta returned it, finishing RFC 2047 or RFC 2231 decoding that Jakarta was set up to skip. */
    static String decodeFileName(String raw) {
        String name = decode(raw);
        if (name == null) {
            return null;
        }
        Matcher rfc2231 = RFC2231_VALUE.matcher(name);
        if (rfc2231.matches()) {
            Charset charset = CharsetFallback.lookup(rfc2231.group(1));
            byte[] bytes = percentDecode(rfc2231.group(2));
            name = new String(bytes, charset != null ? charset : CharsetFallback.guess(bytes));
        }
        return name;
    }

    /**
     * Without mail.mime.allowutf8, Jakarta reads raw 8-bit header bytes as ISO-8859-1. When those bytes form valid
     * UTF-8 the sender meant UTF-8 (RFC 6532); genuine legacy text almost never happens to be valid UTF-8, and is then
     * read as windows-1252, the superset of ISO-8859-1 that Western mailers write.
     */
    static String repairRawUtf8(String text) {
        String charset = rawEightBitCharset(text);
        if (charset == null) {
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return new String(bytes, charset.equals("UTF-8") ? StandardCharsets.UTF_8 : CharsetFallback.WINDOWS_1252);
    }

    /** "UTF-8" or "windows-1252" for text holding raw 8-bit header bytes (as Jakarta reads them), else null. */
    static String rawEightBitCharset(String text) {
        boolean eightBit = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xff) {
                return null;
            }
            eightBit |= c >= 0x80;
        }
        if (!eightBit) {
            return null;
        }
        return CharsetFallback.isValidUtf8(text.getBytes(StandardCharsets.ISO_8859_1)) ? "UTF-8" : "windows-1252";
    }

    /**
     * The header's value as it is, after noting once in {@code warnings} that it holds raw 8-bit bytes, which
     * {@link #decode} and {@link #repairRawUtf8} read as UTF-8, else windows-1252.
     */
    static String noted(String name, String value, List<String> warnings) {
        String charset = value == null ? null : rawEightBitCharset(value);
        if (charset != null) {
            String warning = name + " header holds raw 8-bit bytes; read as " + charset;
            if (!warnings.contains(warning)) {
                warnings.add(warning);
            }
        }
        return value;
    }

    /** Decodes every encoded word wherever it stands, dropping the whitespace between adjacent words (RFC 2047 6.2). */
    private static String decodeLeftoverWords(String text) {
        StringBuilder out = new StringBuilder();
        Matcher word = ENCODED_WORD.matcher(text);
        int last = 0;
        boolean previousWasWord = false;
        while (word.find()) {
            String between = text.substring(last, word.start());
            if (!(previousWasWord && BETWEEN_WORDS.matcher(between).matches())) {
                out.append(between);
            }
            String decoded = decodeWord(word.group(1), word.group(2), word.group(3));
            out.append(decoded != null ? decoded : word.group());
            previousWasWord = decoded != null;
            last = word.end();
        }
        return out.append(text.substring(last)).toString();
    }

    private static String decodeWord(String charsetName, String encoding, String encoded) {
        // RFC 2231 allows a language after the charset: =?UTF-8*de?Q?...?=
        int star = charsetName.indexOf('*');
        String name = star >= 0 ? charsetName.substring(0, star) : charsetName;
        byte[] bytes;
        try {
            bytes = encoding.equalsIgnoreCase("B")
                    ? Base64.getMimeDecoder().decode(encoded)
                    : percentDecode(encoded.replace('_', ' ').replace('=', '%'));
        } catch (IllegalArgumentException e) {
            return null;
        }
        Charset charset = CharsetFallback.lookup(name);
        return new String(bytes, charset != null ? charset : CharsetFallback.guess(bytes));
    }

    /** Decodes %XX escapes; anything else, including a broken escape, stays as its own bytes. */
    private static byte[] percentDecode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int codePoint = text.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toByteArray();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
