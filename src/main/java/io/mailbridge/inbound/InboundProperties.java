package io.mailbridge.inbound;

import java.nio.file.Path;
import java.time.Duration;

/** The {@code mailbridge.inbound.*} settings as written, with their defaults; bound by Camel's property binding. */
public final class InboundProperties {

    public static final String PREFIX = "mailbridge.inbound.";

    private long pollDelayMs = 5000;
    private int concurrency = 4;
    private int keepaliveSeconds = 60;
    private int maxAttempts = 5;
    private String quarantineFolder = "Quarantine";
    private int retryDelaySeconds = 30;
    private int maxRetryDelaySeconds = 900;
    private int maxDepth = MimeLimits.defaults().maxDepth();
    private int maxParts = MimeLimits.defaults().maxParts();
    private long maxTotalBytes = MimeLimits.defaults().maxTotalBytes();

    /**
     * The settings the inbound flow works with, checked.
     *
     * @param workDirectory where documents are written before they are sent
     * @param erpTimeout    how long an ERP call may take: an attempt holds its message for twice that, so a slow call
     *                      never outlives its lease
     */
    public InboundSettings settings(Path workDirectory, Duration erpTimeout) {
        return new InboundSettings(maxAttempts, quarantineFolder, Duration.ofSeconds(retryDelaySeconds),
                Duration.ofSeconds(maxRetryDelaySeconds), new MimeLimits(maxDepth, maxParts, maxTotalBytes), workDirectory,
                erpTimeout.multipliedBy(2), concurrency, Duration.ofSeconds(keepaliveSeconds));
    }

    /** Read by the route files' consumers ({@code delay}), not by mailbridge's code. */
    public long getPollDelayMs() {
        return pollDelayMs;
    }

    public void setPollDelayMs(long pollDelayMs) {
        this.pollDelayMs = pollDelayMs;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public int getKeepaliveSeconds() {
        return keepaliveSeconds;
    }

    public void setKeepaliveSeconds(int keepaliveSeconds) {
        this.keepaliveSeconds = keepaliveSeconds;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public String getQuarantineFolder() {
        return quarantineFolder;
    }

    public void setQuarantineFolder(String quarantineFolder) {
        this.quarantineFolder = quarantineFolder;
    }

    public int getRetryDelaySeconds() {
        return retryDelaySeconds;
    }

    public void setRetryDelaySeconds(int retryDelaySeconds) {
        this.retryDelaySeconds = retryDelaySeconds;
    }

    public int getMaxRetryDelaySeconds() {
        return maxRetryDelaySeconds;
    }

    public void setMaxRetryDelaySeconds(int maxRetryDelaySeconds) {
        this.maxRetryDelaySeconds = maxRetryDelaySeconds;
    }

    public int getMaxDepth() {
        return maxDepth;
    }

    public void setMaxDepth(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    public int getMaxParts() {
        return maxParts;
    }

    public void setMaxParts(int maxParts) {
        this.maxParts = maxParts;
    }

    public long getMaxTotalBytes() {
        return maxTotalBytes;
    }

    public void setMaxTotalBytes(long maxTotalBytes) {
        this.maxTotalBytes = maxTotalBytes;
    }
}
