package io.mailbridge.oauth;

import io.mailbridge.mailbox.Grant;

import java.time.Instant;

/** A snapshot of one mailbox's token state; holds no secret. */
public record MailboxTokenState(
        String mailboxId,
        String address,
        Grant grant,
        TokenStatus status,
        Instant tokenExpiresAt,
        Instant lastRefreshAt,
        TokenFailure lastError,
        Instant lastErrorAt) {
}
