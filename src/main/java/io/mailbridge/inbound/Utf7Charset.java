package io.mailbridge.inbound;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;

/**
 * UTF-7 (RFC 2152), decoding only: old Outlook versions and some webmailers still label mail {@code utf-7} or
 * {@code unicode-1-1-utf-7}, and the JDK has no such charset. ASCII stands for itself; {@code +} opens a run of
 * modified base64 holding UTF-16 code units, which ends at the first character outside the base64 alphabet (a
 * {@code -} ending it is dropped); {@code +-} is a plus sign. Malformed input is replaced, never thrown.
 */
final class Utf7Charset extends Charset {

    static final Utf7Charset INSTANCE = new Utf7Charset();

    private Utf7Charset() {
        super("UTF-7", new String[] {"unicode-1-1-utf-7", "csUnicode11UTF7"});
    }

    @Override
    public boolean contains(Charset cs) {
        return false;
    }

    @Override
    public CharsetDecoder newDecoder() {
        return new Decoder(this);
    }

    @Override
    public CharsetEncoder newEncoder() {
        throw new UnsupportedOperationException("mailbridge only reads UTF-7");
    }

    @Override
    public boolean canEncode() {
        return false;
    }

    private static final class Decoder extends CharsetDecoder {
        private boolean shifted;
        /** Whether the run just opened, so that "+-" gives a plus sign. */
        private boolean justShifted;
        private int bits;
        private int bitCount;

        Decoder(Charset charset) {
            super(charset, 1.0f, 1.0f);
        }

        @Override
        protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
            while (in.hasRemaining()) {
                if (!out.hasRemaining()) {
                    return CoderResult.OVERFLOW;
                }
                int b = in.get() & 0xff;
                if (b >= 0x80) {
                    // not UTF-7 at all: one bad byte
                    in.position(in.position() - 1);
                    return CoderResult.malformedForLength(1);
                }
                if (!shifted) {
                    if (b == '+') {
                        shifted = true;
                        justShifted = true;
                        bits = 0;
                        bitCount = 0;
                    } else {
                        out.put((char) b);
                    }
                    continue;
                }
                int value = base64(b);
                if (value >= 0) {
                    justShifted = false;
                    bits = (bits << 6) | value;
                    bitCount += 6;
                    if (bitCount >= 16) {
                        bitCount -= 16;
                        out.put((char) ((bits >> bitCount) & 0xffff));
                        bits &= (1 << bitCount) - 1;
                    }
                    continue;
                }
                shifted = false;
                if (b == '-') {
                    if (justShifted) {
                        out.put('+');
                    }
                } else {
                    out.put((char) b);
                }
                justShifted = false;
            }
            return CoderResult.UNDERFLOW;
        }

        @Override
        protected void implReset() {
            shifted = false;
            justShifted = false;
            bits = 0;
            bitCount = 0;
        }

        private static int base64(int c) {
            if (c >= 'A' && c <= 'Z') {
                return c - 'A';
            }
            if (c >= 'a' && c <= 'z') {
                return c - 'a' + 26;
            }
            if (c >= '0' && c <= '9') {
                return c - '0' + 52;
            }
            return c == '+' ? 62 : c == '/' ? 63 : -1;
        }
    }
}
