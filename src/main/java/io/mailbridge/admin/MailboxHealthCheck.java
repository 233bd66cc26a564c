package io.mailbridge.admin;

import io.mailbridge.oauth.MailboxTokenState;
import io.mailbridge.oauth.TokenService;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/** Readiness of one mailbox: up while it has a valid token (or needs none), down with the named cause otherwise. */
public final class MailboxHealthCheck extends AbstractHealthCheck {

    private final TokenService tokens;
    private final String mailboxId;

    public MailboxHealthCheck(TokenService tokens, String mailboxId) {
        super("mailbridge", "mailbox-" + mailboxId);
        this.tokens = tokens;
        this.mailboxId = mailboxId;
    }

    @Override
    public boolean isLiveness() {
        // a mailbox waiting for sign-in is no reason to restart the process
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        MailboxTokenState s = tokens.status(mailboxId);
        builder.detail("mailbox", mailboxId);
        builder.detail("address", s.address());
        builder.detail("tokenStatus", s.status().label());
        if (s.tokenExpiresAt() != null) {
            builder.detail("tokenExpiresAt", s.tokenExpiresAt().toString());
        }
        if (s.lastError() != null) {
            builder.detail("cause", s.lastError().cause());
            builder.message(s.lastError().describe());
        }
        switch (s.status()) {
            case VALID, NOT_REQUIRED -> builder.up();
            case PENDING -> builder.unknown();
            default -> builder.down();
        }
    }

}
