package io.mailbridge.inbound;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ends base64 text at its '=' padding and notes damage on the way. RFC 2045 allows taking the padding as the end of
 * the data; without this, a footer that a list server or virus scanner appended to a part would be decoded as bytes.
 */
final class Base64Trimmer extends BlockFilterInputStream {

    private boolean padded;
    private boolean ended;
    private boolean trailingIgnored;
    private long alphabetChars;
    private long foreignChars;

    Base64Trimmer(InputStream in) {
        super(in);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (ended) {
            return -1;
        }
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            ended = true;
            return -1;
        }
        for (int i = offset; i < offset + n; i++) {
            int c = buffer[i] & 0xff;
            if (isWhitespace(c)) {
                continue;
            }
            if (c == '=') {
                padded = true;
            } else if (padded) {
                ended = true;
                trailingIgnored = true;
                int kept = i - offset;
                return kept == 0 ? -1 : kept;
            } else if (isAlphabet(c)) {
                alphabetChars++;
            } else {
                foreignChars++;
            }
        }
        return n;
    }

    @Override
    public long skip(long n) {
        return 0;
    }

    @Override
    public int available() throws IOException {
        return ended ? 0 : super.available();
    }

    /** What was wrong with the base64 text, in plain words, or null when it was clean. Call after reading to the end. */
    String damage() {
        StringBuilder damage = new StringBuilder();
        if (foreignChars > 0) {
            damage.append(foreignChars).append(" characters that are not base64 were skipped");
        }
        if (trailingIgnored) {
            append(damage, "text after the end of the base64 data was ignored");
        }
        if (!padded && alphabetChars % 4 != 0) {
            append(damage, "the base64 data ends in an incomplete group (the part may be cut off)");
        }
        return damage.length() == 0 ? null : damage.toString();
    }

    private static void append(StringBuilder damage, String text) {
        damage.append(damage.length() == 0 ? "" : "; ").append(text);
    }

    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isAlphabet(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }
}
