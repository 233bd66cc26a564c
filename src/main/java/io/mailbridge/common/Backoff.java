package io.mailbridge.common;

import java.time.Duration;

/** Exponential backoff shared by inbound and outbound retries: the first delay, doubled per attempt, capped. */
public final class Backoff {

    private Backoff() {
    }

    /** The wait after the given (1-based) failed attempt: {@code first}, {@code 2 × first}, ... up to {@code max}. */
    public static Duration after(int attempt, Duration first, Duration max) {
        Duration delay = first;
        for (int i = 1; i < attempt && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
