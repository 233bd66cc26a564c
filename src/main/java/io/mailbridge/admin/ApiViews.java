package io.mailbridge.admin;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** The JSON shapes the admin API answers with (besides the outbound ones), serialized as they are declared. */
final class ApiViews {

    private ApiViews() {
    }

    /**
     * A mailbox: its token state, when it last polled and sent, which instance polls its routes, its warnings and, while
     * it lasts, its sending pause.
     */
    record Mailbox(String id, String address, String grant, String tokenStatus, String tokenExpiresAt, String lastRefreshAt,
                   TokenError lastError, @JsonInclude(JsonInclude.Include.NON_NULL) String signInPath, String lastPollAt,
                   String lastSentAt, List<Poller> polledBy, List<Warning> warnings,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Pause sendingPaused) {
    }

    /**
     * An inbound route of a mailbox and the instance that polls it ({@code instance} null while none does; {@code here}
     * when it is the instance that answered).
     */
    record Poller(String route, String instance, String since, boolean here) {
    }

    record TokenError(String cause, String code, String message, String fix, String at) {
    }

    record Warning(String cause, String message, String fix, String due) {
    }

    record Pause(String cause, String reply, String fix, String since, String retryAt) {
    }

    /** The connection test's report, step by step up to the first broken link. */
    record Test(String mailbox, boolean passed, String at, List<TestStep> steps) {
    }

    /** One step; {@code cause} and {@code fix} only where it failed. */
    record TestStep(String name, String outcome, long millis, String detail,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String cause, @JsonInclude(JsonInclude.Include.NON_NULL) String fix) {
    }

    /** A send request taken: 202 when new; 200 with {@code duplicate} when its requestId was seen before. */
    record Accepted(String id, String status, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean duplicate) {
    }

    /** A batch taken, as {@link Accepted}. */
    record BatchAccepted(String batchId, int count, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean duplicate) {
    }

    /** An inbound message as the ledger has it. */
    record InboundMessage(String id, String mailbox, String folder, String state, String subject, String messageId, int attempts,
                          String lastError, String firstSeenAt, String updatedAt) {
    }

    /** The answer to a replay: the message is back in its folder. */
    record Replayed(String id, String state, String movedTo) {
    }

    /** Every route with its state and counts, the route files that did not load, and the live reload's counts. */
    record Routes(List<Route> routes, List<FileError> fileErrors, @JsonInclude(JsonInclude.Include.NON_NULL) Reload reload) {
    }

    record Route(String id, String state, String from, String source, Long exchanges, Long failed, long uptimeMillis) {
    }

    record FileError(String file, String error, String at) {
    }

    record Reload(String folder, int reloads, int failedReloads, String lastReloadAt, String lastError) {
    }
}
