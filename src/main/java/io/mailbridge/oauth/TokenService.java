package io.mailbridge.oauth;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.metrics.MailbridgeMetrics;
import io.mailbridge.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The one token service every mail endpoint shares. Caches each mailbox's access token, renews it ahead of expiry
 * with a single request however many connections ask, and keeps the newest refresh token durably.
 */
public final class TokenService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(90);
    /** How often an instance waiting for another's renewal looks at the store. */
    private static final Duration LEASE_POLL = Duration.ofMillis(100);

    private final MailboxRegistry registry;
    private final TokenStore store;
    private final AuthorityClient authority;
    private final Clock clock;
    private final Duration refreshAhead;
    private final Map<String, MailboxTokens> states;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;

    private volatile MailbridgeMetrics metrics = MailbridgeMetrics.none();

    /** With threads of its own, for a token service outside Camel (the sign-in command, tests). */
    public TokenService(MailboxRegistry registry, TokenStore store, AuthorityClient authority, Clock clock,
                        Duration refreshAhead) {
        this(registry, store, authority, clock, refreshAhead, Executors.newCachedThreadPool(daemon("mailbridge-token")),
                Executors.newSingleThreadScheduledExecutor(daemon("mailbridge-token-renewal")));
    }

    /**
     * @param workers   where token requests run, at most one per mailbox at a time
     * @param scheduler where the renewal check runs
     */
    public TokenService(MailboxRegistry registry, TokenStore store, AuthorityClient authority, Clock clock,
                        Duration refreshAhead, ExecutorService workers, ScheduledExecutorService scheduler) {
        this.registry = registry;
        this.store = store;
        this.authority = authority;
        this.clock = clock;
        this.refreshAhead = refreshAhead;
        this.states = registry.mailboxes().stream()
                .collect(Collectors.toUnmodifiableMap(Mailbox::id, MailboxTokens::new));
        this.workers = workers;
        this.scheduler = scheduler;
    }

    /**
     * Starts renewing tokens in the background and asks for every OAuth mailbox's first token, so that a wrong
     * setting shows in the log at startup rather than at the first poll.
     */
    public void start(Duration renewalCheckInterval) {
        for (MailboxTokens state : states.values()) {
            if (state.mailbox.grant().isOAuth()) {
                renewAsync(state);
            }
        }
        long period = renewalCheckInterval.toMillis();
        scheduler.scheduleWithFixedDelay(this::renewDue, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * The mailbox's current access token, renewed first if it expired. Blocks only while a renewal is under way.
     *
     * @throws TokenUnavailableException with the named cause when no token can be had
     */
    public String accessToken(String mailboxId) {
        MailboxTokens state = state(mailboxId);
        if (!state.mailbox.grant().isOAuth()) {
            throw new IllegalArgumentException("mailbox '" + mailboxId + "' uses grant password and has no token");
        }
        String token = state.accessToken;
        Instant expires = state.expiresAt;
        Instant now = clock.instant();
        if (token != null && expires != null && now.isBefore(expires)) {
            if (state.isDue(now, refreshAhead)) {
                renewAsync(state);
            }
            return token;
        }
        return await(state, renewAsync(state));
    }

    /**
     * What a connection of the mailbox signs in with: its access token, or its password for grant password.
     *
     * @throws TokenUnavailableException with the named cause when no token can be had
     */
    public String credential(String mailboxId) {
        Mailbox mailbox = state(mailboxId).mailbox;
        return mailbox.grant().isOAuth() ? accessToken(mailboxId) : mailbox.password().reveal();
    }

    public MailboxTokenState status(String mailboxId) {
        return state(mailboxId).view();
    }

    /** When the mailbox's current refresh token was issued (the stored one's, before the first renewal); empty when it has none. */
    public Optional<Instant> refreshTokenIssuedAt(String mailboxId) {
        Instant known = state(mailboxId).refreshTokenObtainedAt;
        return known != null ? Optional.of(known) : store.load(mailboxId).map(StoredToken::obtainedAt);
    }

    public List<MailboxTokenState> statuses() {
        return registry.mailboxes().stream().map(m -> status(m.id())).toList();
    }

    /** Takes the tokens of a completed sign-in: the refresh token is stored before the mailbox is marked valid. */
    public void signedIn(String mailboxId, TokenResult result) {
        MailboxTokens state = state(mailboxId);
        if (result.refreshToken() == null) {
            fail(state, TokenFailures.noRefreshToken());
            return;
        }
        synchronized (state) {
            persist(state, result);
            state.generation++;
            state.refreshToken = result.refreshToken();
            accept(state, result);
        }
        LOG.info("Mailbox '{}' signed in{}; token valid until {}", mailboxId,
                result.account() == null ? "" : " as " + result.account(), result.expiresAt());
    }

    private CompletableFuture<String> renewAsync(MailboxTokens state) {
        synchronized (state) {
            if (state.inFlight != null) {
                return state.inFlight;
            }
            Instant now = clock.instant();
            String current = state.accessToken;
            if (current != null && now.isBefore(state.expiresAt) && !state.isDue(now, refreshAhead)) {
                // a renewal finished between the caller's look at the token and this one: it is fresh already
                return CompletableFuture.completedFuture(current);
            }
            if (state.status == TokenStatus.NEEDS_SIGN_IN && state.lastError != null) {
                return CompletableFuture.failedFuture(new TokenUnavailableException(state.mailbox.id(), state.lastError));
            }
            if (now.isBefore(state.notBefore) && state.lastError != null) {
                // the authority just refused; asking again at once would only hammer it
                return CompletableFuture.failedFuture(new TokenUnavailableException(state.mailbox.id(), state.lastError));
            }
            CompletableFuture<String> future = CompletableFuture.supplyAsync(() -> renew(state), workers);
            state.inFlight = future;
            future.whenComplete((token, error) -> {
                synchronized (state) {
                    state.inFlight = null;
                }
            });
            return future;
        }
    }

    /**
     * One renewal, under the store's lease when several instances share it: the instance that takes the lease asks
     * the authority and stores the new tokens, the others wait and take them from the store.
     */
    private String renew(MailboxTokens state) {
        Mailbox mailbox = state.mailbox;
        long generation;
        synchronized (state) {
            generation = state.generation;
        }
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
                    state.refreshToken = refresh.refreshToken();
                    state.refreshTokenObtainedAt = refresh.obtainedAt();
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
                accept(state, result);
            }
            LOG.debug("Mailbox '{}' has a new access token, valid until {}", mailbox.id(), result.expiresAt());
            return result.accessToken();
        } catch (AuthorityException e) {
            TokenFailure failure = TokenFailures.withSignInHint(e.failure(), mailbox);
            fail(state, failure, generation);
            throw new TokenUnavailableException(mailbox.id(), failure);
        } catch (TokenStoreException e) {
            TokenFailure failure = TokenFailures.storeUnreadable(e, mailbox);
            fail(state, failure);
            throw new TokenUnavailableException(mailbox.id(), failure);
        } catch (UncheckedIOException e) {
            TokenFailure failure = TokenFailures.storeWriteFailed(e);
            fail(state, failure);
            throw new TokenUnavailableException(mailbox.id(), failure);
        } catch (StoreException e) {
            TokenFailure failure = TokenFailures.storeUnreachable(e);
            fail(state, failure);
            throw new TokenUnavailableException(mailbox.id(), failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailableException(mailbox.id(), TokenFailures.interrupted());
        } catch (RuntimeException e) {
            TokenFailure failure = TokenFailures.unexpected(e.getClass().getSimpleName() + ": " + e.getMessage() + ".");
            LOG.error("Mailbox '{}': unexpected error while renewing its token", mailbox.id(), e);
            fail(state, failure);
            throw new TokenUnavailableException(mailbox.id(), failure);
        } finally {
            if (leased) {
                releaseLease(mailbox.id());
            }
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
            boolean alone;
            synchronized (state) {
                alone = state.mailbox.grant() == Grant.CLIENT_CREDENTIALS || state.refreshToken != null;
            }
            if (!alone || !e.unreachable()) {
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
            synchronized (state) {
                if (state.refreshToken == null) {
                    throw e;
                }
            }
            LOG.warn("Mailbox '{}': {}; renewing with the refresh token in memory", state.mailbox.id(), e.getMessage());
            return CachedTokens.NONE;
        }
    }

    /** Whether stored tokens hold an access token this instance may hand out as it is, without renewing it. */
    private boolean usable(CachedTokens stored) {
        Instant now = clock.instant();
        return stored.hasAccessToken() && now.isBefore(stored.expiresAt())
                && !MailboxTokens.isDue(stored.obtainedAt(), stored.expiresAt(), now, refreshAhead);
    }

    /** Takes tokens another instance (or a sign-in) stored. */
    private String adopt(MailboxTokens state, CachedTokens stored, long generation) {
        synchronized (state) {
            if (state.generation != generation) {
                return state.accessToken;
            }
            takeRefreshToken(state, stored.refresh());
            Instant obtained = stored.obtainedAt() != null ? stored.obtainedAt() : clock.instant();
            if (state.accept(stored.accessToken(), stored.expiresAt(), obtained)) {
                LOG.info("Mailbox '{}' has a valid token again", state.mailbox.id());
            }
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
            state.refreshToken = stored.refresh().refreshToken();
            state.refreshTokenObtainedAt = stored.refresh().obtainedAt();
        }
        return usable(stored) ? adopt(state, stored, state.generation) : null;
    }

    /**
     * The newest refresh token: the store's when it is newer than the one in memory, since a sign-in elsewhere (the
     * device-code command, another instance) writes there while this process runs.
     */
    private StoredToken refreshToken(MailboxTokens state, CachedTokens stored) {
        synchronized (state) {
            takeRefreshToken(state, stored.refresh());
            return state.refreshToken == null ? null : new StoredToken(state.refreshToken, state.refreshTokenObtainedAt);
        }
    }

    /** The caller holds the monitor. */
    private static void takeRefreshToken(MailboxTokens state, StoredToken stored) {
        if (stored != null && (state.refreshTokenObtainedAt == null
                || stored.obtainedAt().isAfter(state.refreshTokenObtainedAt))) {
            state.refreshToken = stored.refreshToken();
            state.refreshTokenObtainedAt = stored.obtainedAt();
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

    private void persist(MailboxTokens state, TokenResult result) {
        Instant now = clock.instant();
        state.refreshTokenObtainedAt = now;
        store.save(state.mailbox.id(), CachedTokens.of(new StoredToken(result.refreshToken(), now), result, now));
    }

    /** Counts every token the authority issued or refused, per mailbox. */
    public void observe(MailbridgeMetrics metrics) {
        this.metrics = metrics;
    }

    private void accept(MailboxTokens state, TokenResult result) {
        metrics.token(state.mailbox.id(), "issued");
        if (state.accept(result, clock.instant())) {
            LOG.info("Mailbox '{}' has a valid token again", state.mailbox.id());
        }
    }

    private void fail(MailboxTokens state, TokenFailure failure) {
        fail(state, failure, -1);
    }

    private void fail(MailboxTokens state, TokenFailure failure, long generation) {
        metrics.token(state.mailbox.id(), failure.cause());
        // once per cause, so a dead mailbox does not flood the log at every poll
        if (state.fail(failure, generation, clock.instant())) {
            LOG.warn("Mailbox '{}' ({}): {}", state.mailbox.id(), state.mailbox.address(), failure.describe());
        }
    }

    private String await(MailboxTokens state, CompletableFuture<String> future) {
        try {
            return future.get(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof TokenUnavailableException unavailable) {
                throw unavailable;
            }
            throw new TokenUnavailableException(state.mailbox.id(), TokenFailures.unexpected(String.valueOf(e.getCause())));
        } catch (TimeoutException e) {
            throw new TokenUnavailableException(state.mailbox.id(), AuthorityErrorCatalog.unreachable(
                    state.mailbox.client().tenantAuthority(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailableException(state.mailbox.id(), TokenFailures.interrupted());
        }
    }

    /** Renews ahead of expiry, so connections never wait; also keeps refresh tokens in use. */
    private void renewDue() {
        Instant now = clock.instant();
        for (MailboxTokens state : states.values()) {
            try {
                if (state.status == TokenStatus.NEEDS_SIGN_IN && state.mailbox.grant().isDelegated()) {
                    pickUpSignInFromOtherProcess(state);
                }
                if (state.status == TokenStatus.ERROR && now.isBefore(state.notBefore)) {
                    pickUpRenewalFromOtherInstance(state);
                }
                if (state.mailbox.grant().isOAuth() && state.status == TokenStatus.VALID && state.isDue(now, refreshAhead)
                        || state.status == TokenStatus.ERROR && !now.isBefore(state.notBefore)) {
                    renewAsync(state);
                }
            } catch (StoreException e) {
                // an outage of the store is reported by what needs it; this check runs again in a moment
                LOG.debug("Mailbox '{}': token renewal check skipped: {}", state.mailbox.id(), e.outage());
            } catch (RuntimeException e) {
                LOG.warn("Mailbox '{}': token renewal check failed: {}", state.mailbox.id(), e.toString());
            }
        }
    }

    /**
     * While this instance backs off after a failure, another sharing the store may have renewed the token (the
     * authority is back); take it rather than wait out the backoff.
     */
    private void pickUpRenewalFromOtherInstance(MailboxTokens state) {
        long generation;
        synchronized (state) {
            generation = state.generation;
        }
        CachedTokens stored = store.read(state.mailbox.id());
        if (usable(stored)) {
            adopt(state, stored, generation);
        }
    }

    /** A device-code sign-in runs as its own process and leaves the token in the store; take it from there. */
    private void pickUpSignInFromOtherProcess(MailboxTokens state) {
        if (state.takeSignIn(store.load(state.mailbox.id()).orElse(null))) {
            LOG.info("Mailbox '{}' was signed in by another process; using its token", state.mailbox.id());
            renewAsync(state);
        }
    }

    private MailboxTokens state(String mailboxId) {
        MailboxTokens state = states.get(mailboxId);
        if (state == null) {
            throw new IllegalArgumentException("unknown mailbox '" + mailboxId + "'");
        }
        return state;
    }

    public Optional<Mailbox> mailbox(String mailboxId) {
        return registry.mailbox(mailboxId);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }
}
