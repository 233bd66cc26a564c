package io.mailbridge.inbound;

import java.io.IOException;

/** Counts decoded bytes across one message and stops the read once they pass {@link MimeLimits#maxTotalBytes()}. */
final class ByteBudget {

    /** Thrown from inside a stream read, hence an IOException; the writer turns it into an UnreadableMailException. */
    static final class Exceeded extends IOException {
        Exceeded(String message) {
            super(message);
        }
    }

    private final long max;
    private long used;

    ByteBudget(long max) {
        this.max = max;
    }

    void charge(long bytes) throws Exceeded {
        used += bytes;
        if (used > max) {
            throw new Exceeded("more than " + max + " bytes of decoded content (limit "
                    + MimeLimits.MAX_TOTAL_BYTES_PROPERTY + ")");
        }
    }
}
