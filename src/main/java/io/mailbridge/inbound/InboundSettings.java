package io.mailbridge.inbound;

import io.mailbridge.common.Backoff;
import io.mailbridge.mailbox.ConfigurationException;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How inbound delivery retries and gives up.
 *
 * @param maxAttempts      attempts before a message the ERP refuses (4xx) or that cannot be read is quarantined
 * @param quarantineFolder where such messages are moved, created if missing
 * @param retryDelay       wait before the second attempt; doubled for each further one
 * @param maxRetryDelay    the longest wait between attempts
 * @param workDirectory    where documents are written before they are sent, so none has to fit in memory
 * @param attemptLease     how long an attempt holds a message against other attempts: longer than the ERP call may take
 * @param concurrency      messages of one folder that go through the route at once (the ERP calls in flight)
 * @param keepalive        the longest a poll leaves its connection silent while the route works on its messages
 */
public record InboundSettings(int maxAttempts, String quarantineFolder, Duration retryDelay, Duration maxRetryDelay,
                              MimeLimits limits, Path workDirectory, Duration attemptLease, int concurrency,
                              Duration keepalive) {

    public InboundSettings {
        if (concurrency < 1) {
            throw new ConfigurationException("mailbridge.inbound.concurrency must be at least 1, was "
                    + concurrency);
        }
        if (keepalive.isNegative() || keepalive.isZero()) {
            throw new ConfigurationException("mailbridge.inbound.keepalive-seconds must be at least 1");
        }
    }

    /** When the next attempt may start after {@code attempts} attempts. */
    Duration delayAfter(int attempts) {
        return Backoff.after(attempts, retryDelay, maxRetryDelay);
    }
}
