package io.mailbridge.oauth;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renews a mailbox's tokens under the store's lease, so that of the instances sharing the store one asks the
 * authority and the others take the tokens it stored.
 */
final class LeasedRenewal {

    private static final Logger LOG = LoggerFactory.getLogger(LeasedRenewal.class);
    /** How long a caller waits for a renewal, this instance's or another's. */
    static final Duration WAIT_LIMIT = Duration.ofSeconds(90);
    /** How often an instance waiting for another's renewal looks at the store. */
    private static final Duration LEASE_POLL = Duration.ofMillis(100);

    private final TokenStore store;
    private final AuthorityClient authority;
    private final Clock clock;
    private final Duration refreshAhead;
    private final ScheduledExecutorService scheduler;
    private final TokenOutcomes outcomes;

    /** @param scheduler where the lease is extended while the authority answers */
    LeasedRenewal(TokenStore store, AuthorityClient authority, Clock clock, Duration refreshAhead,
                  ScheduledExecutorService scheduler, TokenOutcomes outcomes) {
        this.store = store;
        this.authority = authority;
        this.clock = clock;
        this.refreshAhead = refreshAhead;
        this.scheduler = scheduler;
        this.outcomes = outcomes;
    }

    /**
     * One renewal, under the store's lease when several instances share it: the instance that takes the lease asks
     * the authority and stores the new tokens, the others wait and take them from the store.
     */
    String renew(MailboxTokens state) {
        Mailbox mailbox = state.mailbox;
        long generation = state.currentGeneration();
        boolean leased = false;
        try {
            CachedTokens seen = leaseOrRenewedElsewhere(state);
            if (usable(seen)) {
                return adopt(state, seen, generation);
            }
            leased = true;
            TokenResult result;
            StoredToken refresh = null;
            boolean rotated = false;
            ScheduledFuture<?> keepLease = keepLease(mailbox.id());
            try {
                if (mailbox.grant() == Grant.CLIENT_CREDENTIALS) {
                    result = authority.clientCredentials(mailbox.client());
                } else {
                    StoredToken current = refreshToken(state, seen);
                    if (current == null) {
                        throw new AuthorityException(TokenFailures.notSignedIn(mailbox));
                    }
                    result = authority.refresh(mailbox.client(), current.refreshToken(), mailbox.grant() == Grant.DEVICE_CODE);
                    rotated = result.refreshToken() != null && !result.refreshToken().equals(current.refreshToken());
                    refresh = rotated ? new StoredToken(result.refreshToken(), clock.instant()) : current;
                }
            } finally {
                if (keepLease != null) {
                    keepLease.cancel(false);
                }
            }
            synchronized (state) {
                if (state.generation != generation) {
                    // a sign-in happened meanwhile: its tokens are newer than this renewal's
                    return state.accessToken;
                }
                if (refresh != null) {
                    // the authority may already have retired the old one: keep the new one in memory even if storing
                    // it fails, and store it before the new access token is handed out
                    state.keepRefreshToken(refresh);
                }
                boolean stored = share(mailbox.id(), seen, CachedTokens.of(refresh, result, clock.instant()), rotated);
                leased = !stored;
                if (!stored) {
                    // a sign-in or another instance wrote first: what it wrote is newer, and this renewal's is not kept
                    String theirs = takeNewerTokens(state);
                    if (theirs != null) {
                        return theirs;
                    }
                }
                outcomes.issued(state, result);
            }
            LOG.debug("Mailbox '{}' has a new access token, valid until {}", mailbox.id(), result.expiresAt());
            return result.accessToken();
        } catch (AuthorityException e) {
            TokenFailure failure = TokenFailures.withSignInHint(e.failure(), mailbox);
            outcomes.failed(state, failure, generation);
            throw new TokenUnavailableException(mailbox.id(), failure);
        } catch (TokenStoreException e) {
            TokenFailure failure = TokenFailures.storeUnreadable(e, mailbox);
            outcomes.failed(state, failure);
            throw new TokenUnavailableException(mailbox.id(), failure);
        } catch (UncheckedIOException e) {
            TokenFailure failure = TokenFailures.storeWriteFailed(e);
            outcomes.failed(state, failure);
            throw new TokenUnavailableException(mailbox.id(), failure);
        } catch (StoreException e) {
            TokenFailure failure = TokenFailures.storeUnreachable(e);
            outcomes.failed(state, failure);
            throw new TokenUnavailableException(mailbox.id(), failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailableException(mailbox.id(), TokenFailures.interrupted());
        } catch (RuntimeException e) {
            TokenFailure failure = TokenFailures.unexpected(e.getClass().getSimpleName() + ": " + e.getMessage() + ".");
            LOG.error("Mailbox '{}': unexpected error while renewing its token", mailbox.id(), e);
            outcomes.failed(state, failure);
            throw new TokenUnavailableException(mailbox.id(), failure);
        } finally {
            if (leased) {
                releaseLease(mailbox.id());
            }
        }
    }

    /**
     * While this instance backs off after a failure, another sharing the store may have renewed the token (the
     * authority is back); take it rather than wait out the backoff.
     */
    void pickUpRenewalFromOtherInstance(MailboxTokens state) {
        long generation = state.currentGeneration();
        CachedTokens stored = store.read(state.mailbox.id());
        if (usable(stored)) {
            adopt(state, stored, generation);
        }
    }

    /**
     * Stores a renewal's tokens for every instance. A store that cannot be reached does not keep this instance from
     * using an access token the authority issued, unless it came with a new refresh token, which must be stored
     * before its access token is handed out.
     *
     * @return whether they were stored (or could not be, and are used here alone); false when newer ones were
     */
    private boolean share(String mailboxId, CachedTokens seen, CachedTokens renewed, boolean rotated) {
        try {
            return store.replace(mailboxId, seen, renewed);
        } catch (StoreException e) {
            if (rotated || !e.unreachable()) {
                throw e;
            }
            LOG.warn("Mailbox '{}': its new access token is used by this instance only: {}", mailboxId, e.outage());
            return true;
        }
    }

    /**
     * Takes the mailbox's renewal lease, or waits while another instance holds it until that one has stored a new
     * access token (which it returns) or its lease is given up or expires (and takes it then). When the store cannot
     * be reached, this instance renews alone if it has what that takes.
     *
     * @return the stored tokens: usable ones renewed elsewhere (no lease held), else those to renew (lease held)
     */
    private CachedTokens leaseOrRenewedElsewhere(MailboxTokens state) throws AuthorityException, InterruptedException {
        try {
            return leaseOrWait(state);
        } catch (StoreException e) {
            if (!state.canRenewAlone() || !e.unreachable()) {
                throw e;
            }
            LOG.warn("Mailbox '{}': renewing its token without the other instances: {}", state.mailbox.id(), e.outage());
            return CachedTokens.NONE;
        }
    }

    private CachedTokens leaseOrWait(MailboxTokens state) throws AuthorityException, InterruptedException {
        String id = state.mailbox.id();
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        while (true) {
            boolean leased = store.lease(id);
            CachedTokens seen;
            try {
                seen = read(state);
            } catch (RuntimeException e) {
                if (leased) {
                    releaseLease(id);
                }
                throw e;
            }
            if (usable(seen)) {
                if (leased) {
                    releaseLease(id);
                }
                return seen;
            }
            if (leased) {
                return seen;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AuthorityException(TokenFailures.renewalBusy(WAIT_LIMIT));
            }
            Thread.sleep(LEASE_POLL.toMillis());
        }
    }

    /**
     * What the store has for the mailbox. An unreadable store is reported but not fatal while this process has a
     * refresh token in memory: it is the newest this process knows.
     */
    private CachedTokens read(MailboxTokens state) {
        try {
            return store.read(state.mailbox.id());
        } catch (TokenStoreException e) {
            if (!state.hasRefreshToken()) {
                throw e;
            }
            LOG.warn("Mailbox '{}': {}; renewing with the refresh token in memory", state.mailbox.id(), e.getMessage());
            return CachedTokens.NONE;
        }
    }

    /** Whether stored tokens hold an access token this instance may hand out as it is, without renewing it. */
    private boolean usable(CachedTokens stored) {
        return MailboxTokens.isFresh(stored.accessToken(), stored.expiresAt(), stored.obtainedAt(), clock.instant(),
                refreshAhead);
    }

    /** Takes tokens another instance (or a sign-in) stored. */
    private String adopt(MailboxTokens state, CachedTokens stored, long generation) {
        synchronized (state) {
            if (state.generation != generation) {
                return state.accessToken;
            }
            state.takeNewerRefreshToken(stored.refresh());
            Instant obtained = stored.obtainedAt() != null ? stored.obtainedAt() : clock.instant();
            outcomes.taken(state, stored.accessToken(), stored.expiresAt(), obtained);
        }
        LOG.debug("Mailbox '{}' takes the access token renewed by another instance, valid until {}", state.mailbox.id(),
                stored.expiresAt());
        return stored.accessToken();
    }

    /**
     * After a renewal lost the race to store its tokens: takes what was stored instead, if it has a usable access
     * token; else keeps the stored refresh token (a sign-in's, newer) and returns null, the renewal's access token
     * being good to use meanwhile. The caller holds the monitor.
     */
    private String takeNewerTokens(MailboxTokens state) {
        CachedTokens stored;
        try {
            stored = store.read(state.mailbox.id());
        } catch (TokenStoreException e) {
            return null;
        }
        if (stored.refresh() != null) {
            // the one written meanwhile stands, even if this renewal's came a moment later
            state.keepRefreshToken(stored.refresh());
        }
        return usable(stored) ? adopt(state, stored, state.generation) : null;
    }

    /**
     * The newest refresh token: the store's when it is newer than the one in memory, since a sign-in elsewhere (the
     * device-code command, another instance) writes there while this process runs.
     */
    private StoredToken refreshToken(MailboxTokens state, CachedTokens stored) {
        synchronized (state) {
            state.takeNewerRefreshToken(stored.refresh());
            return state.refresh();
        }
    }

    /** Keeps the lease from expiring while the authority answers, for as long as this process lives. */
    private ScheduledFuture<?> keepLease(String mailboxId) {
        long period = store.leaseLength().toMillis() / 3;
        if (period <= 0) {
            return null;
        }
        try {
            return scheduler.scheduleWithFixedDelay(() -> {
                try {
                    store.extendLease(mailboxId);
                } catch (RuntimeException e) {
                    LOG.debug("Mailbox '{}': the renewal lease could not be extended: {}", mailboxId, e.toString());
                }
            }, period, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
            return null;
        }
    }

    private void releaseLease(String mailboxId) {
        try {
            store.release(mailboxId);
        } catch (RuntimeException e) {
            // it expires by itself
            LOG.debug("Mailbox '{}': the renewal lease could not be given up: {}", mailboxId, e.toString());
        }
    }
}
