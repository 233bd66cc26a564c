package io.mailbridge.oauth;

import java.time.Instant;

/** What survives a restart for a delegated mailbox: its newest refresh token and when it was obtained. */
public record StoredToken(String refreshToken, Instant obtainedAt) {

    @Override
    public String toString() {
        return "StoredToken[obtainedAt=" + obtainedAt + "]";
    }
}
