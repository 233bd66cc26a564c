package io.mailbridge.oauth;

import io.mailbridge.metrics.MailbridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/** Records what became of each token request in the mailbox's state, the metrics and, when it changes, the log. */
final class TokenOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(TokenOutcomes.class);

    private final Clock clock;
    private volatile MailbridgeMetrics metrics = MailbridgeMetrics.none();

    TokenOutcomes(Clock clock) {
        this.clock = clock;
    }

    void observe(MailbridgeMetrics metrics) {
        this.metrics = metrics;
    }

    /** Takes a token the authority issued to this instance; the caller holds the state's monitor. */
    void issued(MailboxTokens state, TokenResult result) {
        metrics.token(state.mailbox.id(), "issued");
        taken(state, result.accessToken(), result.expiresAt(), clock.instant());
    }

    /** Takes an access token obtained at {@code obtained}, here or by another instance; the caller holds the state's monitor. */
    void taken(MailboxTokens state, String token, Instant expires, Instant obtained) {
        if (state.accept(token, expires, obtained)) {
            LOG.info("Mailbox '{}' has a valid token again", state.mailbox.id());
        }
    }

    void failed(MailboxTokens state, TokenFailure failure) {
        failed(state, failure, -1);
    }

    /** @param generation the sign-in the failed request started under, -1 for any */
    void failed(MailboxTokens state, TokenFailure failure, long generation) {
        metrics.token(state.mailbox.id(), failure.cause());
        // once per cause, so a dead mailbox does not flood the log at every poll
        if (state.fail(failure, generation, clock.instant())) {
            LOG.warn("Mailbox '{}' ({}): {}", state.mailbox.id(), state.mailbox.address(), failure.describe());
        }
    }
}
