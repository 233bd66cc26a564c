package io.mailbridge.oauth;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browser sign-in of delegated mailboxes: authorization code with PKCE (S256), a one-time {@code state} that ties
 * the callback to the sign-in that started it, and a browser key that ties it to the browser that started it.
 */
public final class SignInService {

    private static final Logger LOG = LoggerFactory.getLogger(SignInService.class);
    private static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
    private static final int MAX_PENDING = 10_000;
    private static final int MAX_PENDING_PER_MAILBOX = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TokenService tokens;
    private final AuthorityClient authority;
    private final String defaultRedirectUri;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(String mailboxId, String verifier, String redirectUri, byte[] browserKeyHash, Instant expiresAt) {
    }

    /**
     * A sign-in started: send the browser to {@code authorizationUrl} and give it {@code browserKey} (a cookie) to bring
     * back to {@code redirectUri} with {@code state}; whoever else opens the URL cannot finish it.
     */
    public record Started(URI authorizationUrl, String state, String browserKey, URI redirectUri) {
        @Override
        public String toString() {
            return "Started[" + authorizationUrl + "]";
        }
    }

    /** Why a sign-in step was refused; the message is safe to show to the user. */
    public static final class SignInException extends Exception {
        private final int httpStatus;

        public SignInException(int httpStatus, String message) {
            super(message, null, false, false);
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    /** @param defaultRedirectUri the callback URL used for clients that configure none */
    public SignInService(TokenService tokens, AuthorityClient authority, String defaultRedirectUri, Clock clock) {
        this.tokens = tokens;
        this.authority = authority;
        this.defaultRedirectUri = defaultRedirectUri;
        this.clock = clock;
    }

    /** Starts a sign-in. */
    public Started start(String mailboxId) throws SignInException {
        Mailbox mailbox = tokens.mailbox(mailboxId)
                .orElseThrow(() -> new SignInException(404, "There is no mailbox '" + mailboxId + "'."));
        if (mailbox.grant() != Grant.AUTHORIZATION_CODE) {
            throw new SignInException(409, "Mailbox '" + mailboxId + "' uses grant " + mailbox.grant().configName()
                    + (mailbox.grant() == Grant.DEVICE_CODE
                    ? "; sign it in from the server with: java -jar mailbridge.jar sign-in " + mailboxId
                    : " and needs no sign-in."));
        }
        purgeExpired();
        // per mailbox, so that a flood of sign-ins for one cannot lock the others out
        if (pending.values().stream().filter(p -> p.mailboxId().equals(mailboxId)).count() >= MAX_PENDING_PER_MAILBOX
                || pending.size() >= MAX_PENDING) {
            throw new SignInException(429, "Too many sign-ins of mailbox '" + mailboxId + "' are in progress; "
                    + "try again in " + STATE_LIFETIME.toMinutes() + " minutes.");
        }
        String state = random(32);
        String verifier = random(48);
        String browserKey = random(32);
        String redirectUri = mailbox.client().redirectUri() != null ? mailbox.client().redirectUri() : defaultRedirectUri;
        try {
            URI url = authority.authorizationUrl(mailbox.client(), redirectUri, state, challenge(verifier), mailbox.address());
            pending.put(state, new Pending(mailboxId, verifier, redirectUri, sha256(browserKey),
                    clock.instant().plus(STATE_LIFETIME)));
            return new Started(url, state, browserKey, URI.create(redirectUri));
        } catch (AuthorityException e) {
            throw new SignInException(502, e.failure().describe());
        }
    }

    /** How long a started sign-in may take; the browser key need not live longer. */
    public static Duration lifetime() {
        return STATE_LIFETIME;
    }

    /**
     * Completes a sign-in from the authority's redirect.
     *
     * @param browserKey the key {@link #start} gave the browser that started this sign-in, as the callback's browser
     *                   brought it back; null when it brought none
     * @return the id of the mailbox signed in
     */
    public String complete(String state, String browserKey, String code, String error, String errorDescription)
            throws SignInException {
        // one-time: removed before anything else, so a replayed callback finds nothing
        Pending started = state == null ? null : pending.remove(state);
        if (started == null || started.expiresAt().isBefore(clock.instant())) {
            throw new SignInException(400, "This sign-in link is unknown, expired or already used. "
                    + "Start the sign-in again from mailbridge.");
        }
        // checked before the code is redeemed: someone who opened another's sign-in link gets nothing from it
        if (browserKey == null || !MessageDigest.isEqual(started.browserKeyHash(), sha256(browserKey))) {
            LOG.warn("Sign-in of mailbox '{}' refused: finished in a browser that did not start it", started.mailboxId());
            throw new SignInException(403, "This sign-in of mailbox '" + started.mailboxId() + "' was started in another "
                    + "browser, or this browser did not keep mailbridge's sign-in cookie. The mailbox's tokens are unchanged. "
                    + "Press Sign in on the admin page and finish the sign-in in that same browser, with mailbridge opened "
                    + "at the address of its redirect URI (" + started.redirectUri() + ").");
        }
        if (error != null) {
            TokenFailure failure = AuthorityErrorCatalog.explain(error, errorDescription);
            LOG.warn("Sign-in of mailbox '{}' refused by the authority: {}", started.mailboxId(), failure.describe());
            throw new SignInException(400, "The authority refused the sign-in of mailbox '" + started.mailboxId() + "': "
                    + failure.describe());
        }
        if (code == null || code.isBlank()) {
            throw new SignInException(400, "The authority sent no authorization code. Start the sign-in again.");
        }
        Mailbox mailbox = tokens.mailbox(started.mailboxId()).orElseThrow();
        try {
            TokenResult result = authority.redeemCode(mailbox.client(), code, started.redirectUri(), started.verifier());
            // checked before anything is stored: someone signing in with another account must not replace the
            // mailbox's working tokens with their own
            if (result.account() == null) {
                LOG.warn("Sign-in of mailbox '{}' ({}) refused: the authority named no account", mailbox.id(), mailbox.address());
                throw new SignInException(403, "Mailbox '" + mailbox.id() + "' must be signed in as " + mailbox.address()
                        + ", but the authority did not say which account signed in (its ID token has no preferred_username, "
                        + "email or upn claim), so mailbridge cannot check it. The mailbox's tokens are unchanged. Have the "
                        + "authority put the account's address in one of those claims of the ID token.");
            }
            if (!mailbox.acceptsSignInBy(result.account())) {
                LOG.warn("Sign-in of mailbox '{}' ({}) refused: signed in as {}", mailbox.id(), mailbox.address(), result.account());
                throw new SignInException(403, "Mailbox '" + mailbox.id() + "' (" + mailbox.address() + ") cannot be signed in as "
                        + result.account() + ". Sign in as " + mailbox.address() + ", or, for a delegate of a shared mailbox, "
                        + "list the account in mailbridge.mailboxes." + mailbox.id() + ".sign-in-as. The mailbox's tokens are unchanged.");
            }
            tokens.signedIn(mailbox.id(), result);
            return mailbox.id();
        } catch (AuthorityException e) {
            LOG.warn("Sign-in of mailbox '{}' failed: {}", mailbox.id(), e.failure().describe());
            throw new SignInException(400, "Sign-in of mailbox '" + mailbox.id() + "' failed: " + e.failure().describe());
        } catch (UncheckedIOException e) {
            LOG.error("Sign-in of mailbox '{}' succeeded but its token could not be stored: {}", mailbox.id(), e.getMessage());
            throw new SignInException(500, "The sign-in worked, but mailbridge could not store the token ("
                    + e.getMessage() + "). Make the data directory writable, then sign in again.");
        } catch (StoreException e) {
            LOG.error("Sign-in of mailbox '{}' succeeded but its token could not be stored: {}", mailbox.id(), e.outage());
            throw new SignInException(503, "The sign-in worked, but mailbridge could not store the token in the shared store ("
                    + e.outage() + "). " + StoreException.CHECK + ", then sign in again.");
        }
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        pending.values().removeIf(p -> p.expiresAt().isBefore(now));
    }

    private static String random(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
