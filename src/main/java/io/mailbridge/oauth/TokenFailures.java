package io.mailbridge.oauth;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.store.StoreException;

import java.io.UncheckedIOException;
import java.time.Duration;

/** The failures the token service names itself, beside the authority's, each with its fix. */
final class TokenFailures {

    private TokenFailures() {
    }

    static TokenFailure notSignedIn(Mailbox mailbox) {
        return new TokenFailure("not-signed-in", null, "the mailbox has not been signed in yet.", signInHint(mailbox), true);
    }

    static TokenFailure noRefreshToken() {
        return new TokenFailure("no-refresh-token", null,
                "the authority issued no refresh token, so the mailbox would stop working within the hour.",
                "add offline_access to the client's delegated-scopes and sign in again.", true);
    }

    /** The authority's failure, with how to sign in added when only a sign-in repairs it. */
    static TokenFailure withSignInHint(TokenFailure failure, Mailbox mailbox) {
        if (!failure.needsSignIn() || failure.cause().equals("not-signed-in")) {
            return failure;
        }
        return new TokenFailure(failure.cause(), failure.code(), failure.summary(), failure.fix() + " " + signInHint(mailbox),
                true);
    }

    static TokenFailure storeUnreadable(TokenStoreException e, Mailbox mailbox) {
        return new TokenFailure("token-store-unreadable", null, e.getMessage() + ".", signInHint(mailbox), true);
    }

    static TokenFailure storeWriteFailed(UncheckedIOException e) {
        return new TokenFailure("token-store-write-failed", null, e.getMessage() + ".",
                "make the data directory writable and check free disk space; the new refresh token is kept in memory until then.", false);
    }

    static TokenFailure storeUnreachable(StoreException e) {
        return new TokenFailure("token-store-unreachable", null, e.outage() + ".",
                StoreException.CHECK + "; the current access token is used until it expires.", false);
    }

    static TokenFailure renewalBusy(Duration waited) {
        return new TokenFailure("token-renewal-busy", null, "another instance sharing the store has been renewing this "
                + "mailbox's token for more than " + waited.toSeconds() + " s without storing a new one.",
                "see that instance's log (the authority may be slow to answer); a lease left by a stopped instance expires "
                + "by itself within " + DatabaseTokenStore.LEASE.toSeconds() + " s.", false);
    }

    static TokenFailure unexpected(String what) {
        return new TokenFailure("token-service-error", null, what, "see the log for details.", false);
    }

    static TokenFailure interrupted() {
        return new TokenFailure("interrupted", null, "the wait for a token was interrupted (shutting down).", "none needed.",
                false);
    }

    private static String signInHint(Mailbox mailbox) {
        return mailbox.grant() == Grant.DEVICE_CODE
                ? "Sign in from the server: java -jar mailbridge.jar sign-in " + mailbox.id()
                : "Sign in: open /oauth/" + mailbox.id() + "/sign-in on mailbridge's web port.";
    }
}
