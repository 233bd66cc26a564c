package io.mailbridge.inbound;

/**
 * Text from a mail, made safe for one log line: a sender controls subjects and header values (an RFC 2047 encoded
 * word can carry CR and LF), and an unescaped line break would let them write log lines of their own.
 */
final class LogText {

    private LogText() {
    }

    /** Control characters and Unicode line separators as escapes ({@code \r}, {@code \n}, {@code \u2028}...). */
    static String of(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = c < 0x20 || c == 0x7f || c == 0x85 || c == '\u2028' || c == '\u2029';
            if (unsafe && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (!unsafe) {
                    out.append(c);
                } else if (c == '\r') {
                    out.append("\\r");
                } else if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\t') {
                    out.append("\\t");
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
