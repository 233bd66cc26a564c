package io.mailbridge.oauth;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.Mailbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** One mailbox's tokens and where their renewal stands; fields guarded by the instance's monitor unless volatile. */
final class MailboxTokens {

    private static final Duration MIN_BACKOFF = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    final Mailbox mailbox;
    volatile String accessToken;
    volatile Instant expiresAt;
    volatile Instant obtainedAt;
    volatile TokenStatus status = TokenStatus.PENDING;
    volatile TokenFailure lastError;
    volatile Instant lastErrorAt;
    String refreshToken;
    Instant refreshTokenObtainedAt;
    CompletableFuture<String> inFlight;
    Instant notBefore = Instant.EPOCH;
    Duration backoff = MIN_BACKOFF;
    /** Bumped by every sign-in; a renewal that started under an older one must not touch the new tokens. */
    long generation;

    MailboxTokens(Mailbox mailbox) {
        this.mailbox = mailbox;
        if (!mailbox.grant().isOAuth()) {
            status = TokenStatus.NOT_REQUIRED;
        }
    }

    MailboxTokenState view() {
        return new MailboxTokenState(mailbox.id(), mailbox.address(), mailbox.grant(), status, expiresAt, obtainedAt,
                lastError, lastErrorAt);
    }

    /** The sign-in the tokens in memory come from, for a renewal to tell at its end whether a newer one replaced them. */
    synchronized long currentGeneration() {
        return generation;
    }

    /**
     * Takes an access token obtained at {@code obtained} (by this process, or by another instance sharing the store);
     * the caller holds the monitor.
     *
     * @return whether it ends a run of failures
     */
    boolean accept(String token, Instant expires, Instant obtained) {
        boolean recovered = status != TokenStatus.VALID && lastError != null;
        accessToken = token;
        expiresAt = expires;
        obtainedAt = obtained;
        status = TokenStatus.VALID;
        lastError = null;
        notBefore = Instant.EPOCH;
        backoff = MIN_BACKOFF;
        return recovered;
    }

    /**
     * Records a failure and backs off before the next try, doubling the wait each time.
     *
     * @param generation the sign-in the failed renewal started under, -1 for any
     * @return whether the failure has a new cause, and so is worth a line in the log
     */
    synchronized boolean fail(TokenFailure failure, long generation, Instant now) {
        if (generation >= 0 && this.generation != generation) {
            // the failure belongs to tokens a sign-in has since replaced
            return false;
        }
        boolean news = lastError == null || !lastError.cause().equals(failure.cause());
        lastError = failure;
        lastErrorAt = now;
        status = failure.needsSignIn() ? TokenStatus.NEEDS_SIGN_IN : TokenStatus.ERROR;
        if (failure.needsSignIn()) {
            accessToken = null;
            expiresAt = null;
        }
        notBefore = now.plus(backoff);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        return news;
    }

    /**
     * Takes the refresh token another process (a device-code sign-in) stored after this mailbox last failed.
     *
     * @return whether it was newer than the failure, and taken
     */
    synchronized boolean takeSignIn(StoredToken stored) {
        Instant failedAt = lastErrorAt;
        if (stored == null || failedAt == null || !stored.obtainedAt().isAfter(failedAt)) {
            return false;
        }
        keepRefreshToken(stored);
        status = TokenStatus.PENDING;
        notBefore = Instant.EPOCH;
        return true;
    }

    /** The refresh token in memory, null when there is none; the caller holds the monitor. */
    StoredToken refresh() {
        return refreshToken == null ? null : new StoredToken(refreshToken, refreshTokenObtainedAt);
    }

    /** Keeps this refresh token, whatever the one in memory; the caller holds the monitor. */
    void keepRefreshToken(StoredToken token) {
        refreshToken = token.refreshToken();
        refreshTokenObtainedAt = token.obtainedAt();
    }

    /** Takes a stored refresh token if it is newer than the one in memory; the caller holds the monitor. */
    void takeNewerRefreshToken(StoredToken stored) {
        if (stored != null && (refreshTokenObtainedAt == null || stored.obtainedAt().isAfter(refreshTokenObtainedAt))) {
            keepRefreshToken(stored);
        }
    }

    synchronized boolean hasRefreshToken() {
        return refreshToken != null;
    }

    /** Whether this process has what a renewal takes without the store: a refresh token, or none needed. */
    synchronized boolean canRenewAlone() {
        return mailbox.grant() == Grant.CLIENT_CREDENTIALS || refreshToken != null;
    }

    /** Whether the access token in memory may be handed out as it is, without renewing it; the caller holds the monitor. */
    boolean isFresh(Instant now, Duration refreshAhead) {
        return isFresh(accessToken, expiresAt, obtainedAt, now, refreshAhead);
    }

    /** Whether an access token may be handed out as it is, without renewing it. */
    static boolean isFresh(String token, Instant expires, Instant obtained, Instant now, Duration refreshAhead) {
        return token != null && expires != null && now.isBefore(expires) && !isDue(obtained, expires, now, refreshAhead);
    }

    /** Whether the access token should be renewed now, ahead of its expiry. */
    boolean isDue(Instant now, Duration refreshAhead) {
        return isDue(obtainedAt, expiresAt, now, refreshAhead);
    }

    /** Whether an access token obtained and expiring then should be renewed now, ahead of its expiry. */
    static boolean isDue(Instant obtained, Instant expires, Instant now, Duration refreshAhead) {
        if (expires == null) {
            return true;
        }
        Duration lifetime = obtained == null ? refreshAhead : Duration.between(obtained, expires);
        // short-lived tokens are renewed in their last third rather than a fixed margin they may not even have
        Duration ahead = lifetime.dividedBy(3).compareTo(refreshAhead) < 0 ? lifetime.dividedBy(3) : refreshAhead;
        return !now.isBefore(expires.minus(ahead));
    }
}
