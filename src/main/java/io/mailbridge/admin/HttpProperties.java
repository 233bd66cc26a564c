package io.mailbridge.admin;

/** The {@code mailbridge.http.*} settings with their defaults; bound by Camel's property binding. */
public final class HttpProperties {

    public static final String PREFIX = "mailbridge.http.";

    private long maxBodyBytes = BodyLimit.DEFAULT;

    /** The largest request body; larger ones are refused with 413 before they are read. */
    public long getMaxBodyBytes() {
        return maxBodyBytes;
    }

    public void setMaxBodyBytes(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }
}
