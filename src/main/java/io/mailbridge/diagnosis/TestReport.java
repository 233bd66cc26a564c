package io.mailbridge.diagnosis;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a mailbox's connection test: each link of the chain in order, up to the first broken one.
 *
 * @param passed whether every step that ran passed
 */
public record TestReport(String mailbox, boolean passed, Instant at, List<Step> steps) {

    /** How a step ended. */
    public enum Outcome {
        PASSED, FAILED, SKIPPED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One link of the chain.
     *
     * @param detail what was checked, or what the server said
     * @param cause  the named cause when it failed, e.g. {@code smtp-auth-disabled}
     * @param fix    what to do about it
     */
    public record Step(String name, Outcome outcome, long millis, String detail, String cause, String fix) {
    }

    /** The first broken link, if any. */
    public Step failure() {
        return steps.stream().filter(s -> s.outcome() == Outcome.FAILED).findFirst().orElse(null);
    }
}
