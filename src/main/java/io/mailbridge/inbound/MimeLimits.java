package io.mailbridge.inbound;

/** Limits that protect against hostile mail; a message over them is rejected with a reason. */
public record MimeLimits(int maxDepth, int maxParts, long maxTotalBytes) {

    public static final String MAX_DEPTH_PROPERTY = "mailbridge.inbound.max-depth";
    public static final String MAX_PARTS_PROPERTY = "mailbridge.inbound.max-parts";
    public static final String MAX_TOTAL_BYTES_PROPERTY = "mailbridge.inbound.max-total-bytes";

    public MimeLimits {
        if (maxDepth < 1) {
            throw new IllegalArgumentException(MAX_DEPTH_PROPERTY + " must be at least 1, was " + maxDepth);
        }
        if (maxParts < 1) {
            throw new IllegalArgumentException(MAX_PARTS_PROPERTY + " must be at least 1, was " + maxParts);
        }
        if (maxTotalBytes < 1) {
            throw new IllegalArgumentException(MAX_TOTAL_BYTES_PROPERTY + " must be at least 1, was " + maxTotalBytes);
        }
    }

    /** 10 levels of nested multiparts, 200 parts, 100 MB of decoded content. */
    public static MimeLimits defaults() {
        return new MimeLimits(10, 200, 100L * 1024 * 1024);
    }
}
