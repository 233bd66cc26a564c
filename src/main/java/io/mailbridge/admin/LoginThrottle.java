package io.mailbridge.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down guessing of the admin token, per client address: after {@value #FREE_FAILURES} wrong tokens in a row,
 * every attempt is refused for a time that doubles with each further wrong one (1 s, 2 s, 4 s ... up to 15 minutes),
 * even one with the right token; a success clears the address.
 */
public final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final String ERROR = "too-many-attempts";
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(15);
    /** Addresses remembered at most; beyond it the least recently seen go first, so a flood cannot grow the memory. */
    private static final int MAX_ADDRESSES = 10_000;

    private record Failures(int count, Instant refusedUntil, Instant lastAt) {
    }

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true);

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this address must still wait before its token is even looked at; empty when it may try now. */
    public synchronized Optional<Duration> waitFor(String address) {
        Failures f = failures.get(address);
        Instant now = clock.instant();
        if (f == null || f.refusedUntil() == null || !now.isBefore(f.refusedUntil())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, f.refusedUntil()));
    }

    public synchronized void failed(String address) {
        Instant now = clock.instant();
        Failures f = failures.getOrDefault(address, new Failures(0, null, now));
        int count = f.count() + 1;
        Instant until = null;
        if (count >= FREE_FAILURES) {
            int doublings = Math.min(count - FREE_FAILURES, 20);
            Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
            until = now.plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
        }
        failures.put(address, new Failures(count, until, now));
        forgetOld(now);
    }

    /** What a refused attempt is told; the wait is rounded up to whole seconds. */
    static String message(Duration wait) {
        return "Too many wrong admin tokens from this address: try again in " + retryAfter(wait) + " s. Each further "
                + "wrong token doubles the wait; the right one clears it.";
    }

    static String retryAfter(Duration wait) {
        return String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000));
    }

    public synchronized void succeeded(String address) {
        failures.remove(address);
    }

    private void forgetOld(Instant now) {
        Iterator<Failures> oldestFirst = failures.values().iterator();
        while (oldestFirst.hasNext()) {
            Failures f = oldestFirst.next();
            boolean stale = f.lastAt().plus(LONGEST_WAIT.multipliedBy(2)).isBefore(now);
            if (!stale && failures.size() <= MAX_ADDRESSES) {
                return;
            }
            oldestFirst.remove();
        }
    }
}
