package io.mailbridge.inbound;

/**
 * The message cannot become a document; {@link #getMessage()} names the reason in plain words, e.g. "nesting deeper
 * than 10 levels (limit mailbridge.inbound.max-depth)". Retrying will not help: the message belongs in quarantine.
 */
public class UnreadableMailException extends Exception {

    private final boolean limitExceeded;

    public UnreadableMailException(String reason, boolean limitExceeded) {
        super(reason);
        this.limitExceeded = limitExceeded;
    }

    public UnreadableMailException(String reason, Throwable cause) {
        super(reason, cause);
        this.limitExceeded = false;
    }

    /** True when the message broke one of the {@link MimeLimits}, false when its MIME cannot be parsed. */
    public boolean limitExceeded() {
        return limitExceeded;
    }
}
