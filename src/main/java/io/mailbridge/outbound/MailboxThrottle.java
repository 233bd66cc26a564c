package io.mailbridge.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps one mailbox within its sending limits: at most {@code perMinute} messages in any 60 seconds, and at most
 * {@code recipientsPerDay} recipients per UTC day, counted in the store so a restart does not reset the day and
 * instances sharing the store share the budget. The per-minute window is this process's own.
 * Microsoft 365's limits are 30 messages a minute and 10,000 recipients a day.
 */
public final class MailboxThrottle {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final String mailbox;
    private final int perMinute;
    private final int recipientsPerDay;
    private final RecipientCounts counts;
    private final Clock clock;
    private final Deque<Instant> lastMinute = new ArrayDeque<>();

    public MailboxThrottle(String mailbox, int perMinute, int recipientsPerDay, RecipientCounts counts, Clock clock) {
        if (perMinute < 1 || recipientsPerDay < 1) {
            throw new IllegalArgumentException("throttle limits must be positive");
        }
        this.mailbox = mailbox;
        this.perMinute = perMinute;
        this.recipientsPerDay = recipientsPerDay;
        this.counts = counts;
        this.clock = clock;
    }

    /** The day's budget is spent; sending resumes at {@link #resumeAt()}. */
    public static final class DailyLimitReachedException extends Exception {
        private final transient Instant resumeAt;

        DailyLimitReachedException(String message, Instant resumeAt) {
            super(message, null, false, false);
            this.resumeAt = resumeAt;
        }

        public Instant resumeAt() {
            return resumeAt;
        }
    }

    /**
     * Takes a slot for a message with this many recipients if the limits allow it now.
     *
     * @return zero when the slot is taken, else how long to wait before asking again (nothing is taken then)
     * @throws DailyLimitReachedException when the message does not fit in what is left of the day's budget
     */
    public synchronized Duration tryAcquire(int recipients) throws DailyLimitReachedException {
        if (recipients > recipientsPerDay) {
            throw new IllegalArgumentException("a message to " + recipients + " recipients can never fit mailbox '" + mailbox
                    + "''s daily budget of " + recipientsPerDay);
        }
        Instant now = clock.instant();
        while (!lastMinute.isEmpty() && !lastMinute.peekFirst().plus(MINUTE).isAfter(now)) {
            lastMinute.pollFirst();
        }
        if (lastMinute.size() >= perMinute) {
            return Duration.between(now, lastMinute.peekFirst().plus(MINUTE));
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        // the daily budget is reserved in the store in one statement, shared by every instance
        if (!counts.tryAdd(mailbox, today, recipients, recipientsPerDay)) {
            Instant midnight = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            throw new DailyLimitReachedException("mailbox '" + mailbox + "' has sent to " + counts.get(mailbox, today) + " of its "
                    + recipientsPerDay + " recipients today (UTC); a message to " + recipients + " more waits until " + midnight,
                    midnight);
        }
        lastMinute.addLast(now);
        return Duration.ZERO;
    }

    /** Gives back the daily budget taken for a message that was then not sent (a retry will take it again). */
    public void refund(int recipients) {
        counts.refund(mailbox, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), recipients);
    }

    /** Waits for a slot; returns how long it waited, for the throttle-wait metric. */
    public Duration acquire(int recipients) throws DailyLimitReachedException, InterruptedException {
        Duration waited = Duration.ZERO;
        while (true) {
            Duration wait = tryAcquire(recipients);
            if (wait.isZero()) {
                return waited;
            }
            Thread.sleep(Math.max(1, wait.toMillis()));
            waited = waited.plus(wait);
        }
    }
}
