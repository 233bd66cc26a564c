package io.mailbridge.inbound;

import jakarta.mail.internet.MimeUtility;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns body bytes into text with the declared charset, and repairs missing, unknown or wrong declarations. */
final class CharsetFallback {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /**
     * Mailers label text with the standard charset but write the vendor superset (Outlook's Shift_JIS has NEC and IBM
     * characters, "GB2312" mail is GBK, "ISO-8859-1" mail carries € and ’ from windows-1252). Decoding with the
     * superset costs nothing for conforming text and saves the rest.
     */
    private static final Map<String, String> SUPERSETS = Map.of(
            "ISO-8859-1", "windows-1252",
            "GB2312", "GBK",
            "Shift_JIS", "windows-31j",
            "EUC-KR", "x-windows-949",
            "TIS-620", "x-windows-874");

    private CharsetFallback() {
    }

    /** Decodes text, adding a warning naming {@code label} for each repair; never throws on charset problems. */
    static String decode(byte[] bytes, String declared, String label, List<String> warnings) {
        String name = declared == null ? "" : declared.strip();
        if (name.isEmpty()) {
            if (isAscii(bytes)) {
                return new String(bytes, StandardCharsets.US_ASCII);
            }
            Charset guess = guess(bytes);
            warnings.add(label + " declares no charset but contains 8-bit bytes; read as " + guess.name());
            return withoutBom(new String(bytes, guess));
        }
        if (isAsciiName(name)) {
            if (isAscii(bytes)) {
                return new String(bytes, StandardCharsets.US_ASCII);
            }
            warnings.add(label + " declares " + name + " but contains 8-bit bytes; read as windows-1252");
            return new String(bytes, WINDOWS_1252);
        }
        Charset charset = lookup(name);
        if (charset == null) {
            Charset guess = guess(bytes);
            warnings.add(label + " declares the unknown charset '" + name + "'; read as " + guess.name());
            return withoutBom(new String(bytes, guess));
        }
        try {
            return withoutBom(strictDecode(bytes, charset));
        } catch (CharacterCodingException e) {
            if (charset.equals(StandardCharsets.UTF_8)) {
                warnings.add(label + " is not valid UTF-8 as declared; read as windows-1252");
                return new String(bytes, WINDOWS_1252);
            }
            warnings.add(label + " contains bytes that are not valid " + charset.name() + "; they were replaced");
            return withoutBom(new String(bytes, charset));
        }
    }

    /**
     * Names mailers write that the JDK does not know, for charsets it does: the "-i" (implicit, RFC 1556) Hebrew and
     * Arabic labels, Microsoft's name for Korean, Macintosh and code-page spellings.
     */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("iso-8859-8-i", "ISO-8859-8"),
            Map.entry("iso-8859-8-e", "ISO-8859-8"),
            Map.entry("iso-8859-6-i", "ISO-8859-6"),
            Map.entry("iso-8859-6-e", "ISO-8859-6"),
            Map.entry("ks_c_5601-1987", "x-windows-949"),
            Map.entry("ks_c_5601", "x-windows-949"),
            Map.entry("x-mac-roman", "x-MacRoman"),
            Map.entry("macintosh", "x-MacRoman"),
            Map.entry("x-sjis", "windows-31j"),
            Map.entry("x-euc-jp", "EUC-JP"),
            Map.entry("x-gbk", "GBK"),
            Map.entry("x-user-defined", "windows-1252"),
            Map.entry("cp-1252", "windows-1252"),
            Map.entry("cp-1251", "windows-1251"),
            Map.entry("cp-1250", "windows-1250"),
            Map.entry("win-1251", "windows-1251"),
            Map.entry("windows-874", "x-windows-874"),
            Map.entry("unicode", "UTF-16"));

    /** The Java charset for a MIME charset name (preferring the superset mailers really use), or null if unknown. */
    static Charset lookup(String mimeName) {
        String name = mimeName.strip().toLowerCase(Locale.ROOT);
        if (name.equals("utf-7") || name.equals("unicode-1-1-utf-7") || name.equals("x-unicode20utf7")) {
            return Utf7Charset.INSTANCE;
        }
        try {
            Charset charset = Charset.forName(MimeUtility.javaCharset(ALIASES.getOrDefault(name, mimeName.strip())));
            String superset = SUPERSETS.get(charset.name());
            if (superset != null && Charset.isSupported(superset)) {
                return Charset.forName(superset);
            }
            return charset;
        } catch (IllegalArgumentException e) {
            // IllegalCharsetNameException and UnsupportedCharsetException: an unknown name is data, not a bug
            return null;
        }
    }

    /** UTF-8 when the bytes are valid UTF-8, else windows-1252, which decodes any byte. */
    static Charset guess(byte[] bytes) {
        return isValidUtf8(bytes) ? StandardCharsets.UTF_8 : WINDOWS_1252;
    }

    static boolean isValidUtf8(byte[] bytes) {
        try {
            strictDecode(bytes, StandardCharsets.UTF_8);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("us-ascii") || lower.equals("ascii") || lower.equals("ansi_x3.4-1968");
    }

    private static String strictDecode(byte[] bytes, Charset charset) throws CharacterCodingException {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    private static String withoutBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
