package io.mailbridge.oauth;

import java.time.Instant;

/**
 * A mailbox's tokens as a store keeps them: the newest refresh token, and the current access token where the store
 * is shared by several instances.
 *
 * @param refresh     null when the mailbox has none (never signed in, client credentials)
 * @param accessToken null when the store keeps none (the files of a single instance) or has none yet
 * @param version     the store's count of changes to these tokens, -1 when it has nothing for the mailbox
 */
public record CachedTokens(StoredToken refresh, String accessToken, Instant expiresAt, Instant obtainedAt, long version) {

    /** Nothing stored. */
    public static final CachedTokens NONE = new CachedTokens(null, null, null, null, -1);

    /** Just a refresh token, as a single instance's files keep it. */
    public static CachedTokens of(StoredToken refresh) {
        return new CachedTokens(refresh, null, null, null, -1);
    }

    /** What a sign-in or a renewal obtained, to be stored. */
    public static CachedTokens of(StoredToken refresh, TokenResult result, Instant obtainedAt) {
        return new CachedTokens(refresh, result.accessToken(), result.expiresAt(), obtainedAt, -1);
    }

    public boolean hasAccessToken() {
        return accessToken != null && expiresAt != null;
    }

    @Override
    public String toString() {
        return "CachedTokens[refresh=" + refresh + ", expiresAt=" + expiresAt + ", obtainedAt=" + obtainedAt
                + ", version=" + version + "]";
    }
}
