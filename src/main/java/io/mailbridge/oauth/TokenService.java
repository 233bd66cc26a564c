package io.mailbridge.oauth;

import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.metrics.MailbridgeMetrics;
import io.mailbridge.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

    private final MailboxRegistry registry;
    private final TokenStore store;
    private final Clock clock;
    private final Duration refreshAhead;
    private final Map<String, MailboxTokens> states;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final TokenOutcomes outcomes;
    private final LeasedRenewal renewal;

    /** With threads of its own, for a token service outside Camel (the sign-in command, tests). */
    public TokenService(MailboxRegistry registry, TokenStore store, AuthorityClient authority, Clock clock,
                        Duration refreshAhead) {
        this(registry, store, authority, clock, refreshAhead, Executors.newCachedThreadPool(daemon("mailbridge-token")),
                Executors.newSingleThreadScheduledExecutor(daemon("mailbridge-token-renewal")));
    }

    /**
     * @param workers   where token requests run, at most one per mailbox at a time
     * @param scheduler where the renewal check runs, and renewal leases are kept from expiring
     */
    public TokenService(MailboxRegistry registry, TokenStore store, AuthorityClient authority, Clock clock,
                        Duration refreshAhead, ExecutorService workers, ScheduledExecutorService scheduler) {
        this.registry = registry;
        this.store = store;
        this.clock = clock;
        this.refreshAhead = refreshAhead;
        this.states = registry.mailboxes().stream()
                .collect(Collectors.toUnmodifiableMap(Mailbox::id, MailboxTokens::new));
        this.workers = workers;
        this.scheduler = scheduler;
        this.outcomes = new TokenOutcomes(clock);
        this.renewal = new LeasedRenewal(store, authority, clock, refreshAhead, scheduler, outcomes);
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
            outcomes.failed(state, TokenFailures.noRefreshToken());
            return;
        }
        synchronized (state) {
            persist(state, result);
            state.generation++;
            state.refreshToken = result.refreshToken();
            outcomes.issued(state, result);
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
            if (state.isFresh(now, refreshAhead)) {
                // a renewal finished between the caller's look at the token and this one: it is fresh already
                return CompletableFuture.completedFuture(state.accessToken);
            }
            if (state.status == TokenStatus.NEEDS_SIGN_IN && state.lastError != null) {
                return CompletableFuture.failedFuture(new TokenUnavailableException(state.mailbox.id(), state.lastError));
            }
            if (now.isBefore(state.notBefore) && state.lastError != null) {
                // the authority just refused; asking again at once would only hammer it
                return CompletableFuture.failedFuture(new TokenUnavailableException(state.mailbox.id(), state.lastError));
            }
            CompletableFuture<String> future = CompletableFuture.supplyAsync(() -> renewal.renew(state), workers);
            state.inFlight = future;
            future.whenComplete((token, error) -> {
                synchronized (state) {
                    state.inFlight = null;
                }
            });
            return future;
        }
    }

    private void persist(MailboxTokens state, TokenResult result) {
        Instant now = clock.instant();
        state.refreshTokenObtainedAt = now;
        store.save(state.mailbox.id(), CachedTokens.of(new StoredToken(result.refreshToken(), now), result, now));
    }

    /** Counts every token the authority issued or refused, per mailbox. */
    public void observe(MailbridgeMetrics metrics) {
        outcomes.observe(metrics);
    }

    private String await(MailboxTokens state, CompletableFuture<String> future) {
        try {
            return future.get(LeasedRenewal.WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
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
                    renewal.pickUpRenewalFromOtherInstance(state);
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
