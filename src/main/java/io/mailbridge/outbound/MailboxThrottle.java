package io.mailbridge.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;

/**
 * Keeps one mailbox (or one slot of it) within its sending limits: at most {@code perMinute} messages in any 60 seconds, and at most
 * {@code recipientsPerDay} recipients per UTC day, counted in the store so a restart does not reset the day and
 * instances sharing the store share the budget. The per-minute window is kept in this process, since one consumer
 * among all instances sends a mailbox's mail at a time (the queue's message groups); whenever the window is empty
 * (this process sent nothing for the mailbox in the last minute: it may just have taken the mailbox over from another
 * instance, stopped or killed) it starts from the mails the store records as sent in the last minute.
 * Microsoft 365's limits are 30 messages a minute and 10,000 recipients a day.
 */
public final class MailboxThrottle {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** Recipients reserved in the store at once; at most this many are counted unused if the process is killed. */
    static final int RESERVE_BLOCK = 20;

    private final String mailbox;
    private final int perMinute;
    private final int recipientsPerDay;
    private final RecipientCounts counts;
    private final Clock clock;
    private final Predicate<String> counted;
    private final Deque<Instant> lastMinute = new ArrayDeque<>();
    /** Recipients reserved in the store for {@link #allowanceDay} and not yet used. */
    private int allowance;
    private LocalDate allowanceDay;

    public MailboxThrottle(String mailbox, int perMinute, int recipientsPerDay, RecipientCounts counts, Clock clock) {
        this(mailbox, perMinute, recipientsPerDay, counts, clock, id -> true);
    }

    /**
     * @param counted which of the mailbox's mails sent lately count in this window (those of one slot, when the mailbox's
     *                per-minute limit is split between slots)
     */
    public MailboxThrottle(String mailbox, int perMinute, int recipientsPerDay, RecipientCounts counts, Clock clock,
                           Predicate<String> counted) {
        this.counted = counted;
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
        if (lastMinute.isEmpty()) {
            for (RecipientCounts.Sent sent : counts.sentSince(mailbox, now.minus(MINUTE))) {
                if (counted.test(sent.id())) {
                    lastMinute.addLast(sent.at().isAfter(now) ? now : sent.at());
                }
            }
        }
        if (lastMinute.size() >= perMinute) {
            return Duration.between(now, lastMinute.peekFirst().plus(MINUTE));
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!today.equals(allowanceDay)) {
            // what was reserved for yesterday stays counted there; today starts with nothing in hand
            allowance = 0;
            allowanceDay = today;
        }
        if (allowance < recipients && !reserve(today, recipients - allowance)) {
            Instant midnight = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            throw new DailyLimitReachedException("mailbox '" + mailbox + "' has sent to " + (counts.get(mailbox, today) - allowance)
                    + " of its " + recipientsPerDay + " recipients today (UTC); a message to " + recipients + " more waits until "
                    + midnight, midnight);
        }
        allowance -= recipients;
        lastMinute.addLast(now);
        return Duration.ZERO;
    }

    /**
     * Takes budget from the store, shared by every instance, in one statement: a block at a time when it fits, so that
     * not every message costs a write; exactly what is needed near the end of the day's budget.
     */
    private boolean reserve(LocalDate day, int needed) {
        int block = Math.max(needed, RESERVE_BLOCK);
        if (block > needed && counts.tryAdd(mailbox, day, block, recipientsPerDay)) {
            allowance += block;
            return true;
        }
        if (counts.tryAdd(mailbox, day, needed, recipientsPerDay)) {
            allowance += needed;
            return true;
        }
        return false;
    }

    /**
     * Moves a taken slot from when it was taken to when the server accepted the mail: the server counts its minute from
     * the mail's arrival, which comes later than the slot (by a new connection's sign-in, say), so the next minute's
     * mails must wait for that.
     *
     * @param takenAt no later than the slot was taken (read from the same clock just before {@link #tryAcquire})
     */
    public synchronized void sent(Instant takenAt, Instant acceptedAt) {
        Instant slot = null;
        for (Instant t : lastMinute) {
            if (!t.isBefore(takenAt)) {
                slot = t;
                break;
            }
        }
        if (slot == null || !acceptedAt.isAfter(slot)) {
            return;
        }
        lastMinute.removeFirstOccurrence(slot);
        // kept in order: the later ones are few (at most the limit)
        Deque<Instant> later = new ArrayDeque<>();
        while (!lastMinute.isEmpty() && lastMinute.peekLast().isAfter(acceptedAt)) {
            later.addFirst(lastMinute.pollLast());
        }
        lastMinute.addLast(acceptedAt);
        lastMinute.addAll(later);
    }

    /** Gives back the daily budget taken for a message that was then not sent (a retry will take it again). */
    public synchronized void refund(int recipients) {
        if (LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).equals(allowanceDay)) {
            allowance += recipients;
        }
    }

    /** Returns what is reserved but unused to the store, when mailbridge stops, so another instance may use it. */
    public synchronized void release() {
        if (allowance > 0 && allowanceDay != null) {
            counts.refund(mailbox, allowanceDay, allowance);
            allowance = 0;
        }
    }
}
