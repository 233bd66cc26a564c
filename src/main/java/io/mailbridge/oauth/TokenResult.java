package io.mailbridge.oauth;

import java.time.Instant;

/**
 * What the authority issued.
 *
 * @param refreshToken null when the authority returned none (client credentials), else the newest one to keep
 * @param account      the signed-in user's name (msal's account, or the ID token's {@code preferred_username},
 *                     {@code email} or {@code upn}) when the authority says it, else null
 */
public record TokenResult(String accessToken, Instant expiresAt, String refreshToken, String account) {

    @Override
    public String toString() {
        return "TokenResult[expiresAt=" + expiresAt + ", account=" + account + "]";
    }
}
