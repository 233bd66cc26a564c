package io.mailbridge.outbound;

import io.mailbridge.common.Backoff;

import java.time.Duration;
import java.util.Map;

/**
 * How outbound mail is sent and retried.
 *
 * @param maxAttempts      attempts before a temporary failure becomes {@code failed}
 * @param retryDelay       wait before the first retry; doubled for each further one
 * @param maxRetryDelay    longest wait between retries
 * @param pauseRecheck     how long a mailbox whose sign-in the server refused stays paused before one mail tries again
 * @param maxConnections   concurrent SMTP connections per mailbox (Microsoft 365 allows 3)
 * @param idleTimeout      an unused connection is closed after this long
 * @param limits           sending limits per mailbox id; mailboxes not listed get {@code defaultLimits}
 * @param sharedQueue      whether the send queue is on an external broker, which other instances may consume too: a
 *                         mailbox's mail is then spread over message groups (slots)
 */
public record OutboundSettings(int maxAttempts, Duration retryDelay, Duration maxRetryDelay, Duration pauseRecheck,
                               int maxConnections, Duration idleTimeout, Limits defaultLimits, Map<String, Limits> limits,
                               boolean sharedQueue) {

    /** Messages per minute and recipients per UTC day; Microsoft 365's are 30 and 10,000. */
    public record Limits(int messagesPerMinute, int recipientsPerDay) {
    }

    public Limits limitsOf(String mailbox) {
        return limits.getOrDefault(mailbox, defaultLimits);
    }

    /**
     * How many message groups (slots) a mailbox's mail is spread over on a shared queue: one consumer among all
     * instances sends each slot's mail, so this is how many of its mails may be sent at once. Its connection cap, and
     * no more slots than messages a minute, since each slot gets its share of that limit. On the embedded broker one
     * process consumes the queue and keeps the cap and the limit by itself: one slot, and the mail carries no group.
     */
    public int slotsOf(String mailbox) {
        return sharedQueue ? Math.max(1, Math.min(maxConnections, limitsOf(mailbox).messagesPerMinute())) : 1;
    }

    /** The message groups a mailbox's mail is spread over on the queue; 0 for none (the embedded broker). */
    public int groupsOf(String mailbox) {
        return sharedQueue ? slotsOf(mailbox) : 0;
    }

    /** A slot's share of the mailbox's messages a minute: the limit split between its slots. */
    public int messagesPerMinuteOf(String mailbox, int slot) {
        int slots = slotsOf(mailbox);
        int perMinute = limitsOf(mailbox).messagesPerMinute();
        return perMinute / slots + (slot < perMinute % slots ? 1 : 0);
    }

    /** Exponential backoff: the wait after the given (1-based) failed attempt. */
    public Duration retryDelayAfter(int attempt) {
        return Backoff.after(attempt, retryDelay, maxRetryDelay);
    }
}
