package io.mailbridge.admin;

import io.mailbridge.oauth.SignInService;
import org.apache.camel.Exchange;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** {@code /oauth/{mailbox}/sign-in} and {@code /oauth/callback}: the browser side of the sign-in. */
public final class SignInPages {

    private final SignInService signIn;
    private final AdminTokenGuard guard;

    public SignInPages(SignInService signIn, AdminTokenGuard guard) {
        this.signIn = signIn;
        this.guard = guard;
    }

    /** Starts a sign-in; only for an admin (logged in on the admin page, or with the admin token). */
    public void start(Exchange exchange) {
        if (!guard.admitted(exchange)) {
            HttpReplies.html(exchange, 401, "Log in first", "Open /admin, log in with the admin token, then press Sign in "
                    + "for the mailbox.");
            return;
        }
        String mailbox = exchange.getMessage().getHeader("mailbox", String.class);
        try {
            SignInService.Started started = signIn.start(mailbox);
            HttpReplies.redirect(exchange, started.authorizationUrl().toString());
            // the authority answers an https callback with a cross-site form POST, which carries only a SameSite=None
            // cookie (and that must be Secure); an http one with a top-level GET, which carries a Lax one. A cookie per
            // sign-in, so that two started in one browser do not undo each other
            URI callback = started.redirectUri();
            exchange.getMessage().setHeader("Set-Cookie", cookieName(started.state()) + "=" + started.browserKey()
                    + "; Path=" + (callback.getRawPath() == null || callback.getRawPath().isEmpty() ? "/" : callback.getRawPath())
                    + "; HttpOnly; Max-Age=" + SignInService.lifetime().toSeconds()
                    + ("https".equalsIgnoreCase(callback.getScheme()) ? "; SameSite=None; Secure" : "; SameSite=Lax"));
        } catch (SignInService.SignInException e) {
            HttpReplies.html(exchange, e.httpStatus(), "Sign-in not started", e.getMessage());
        }
    }

    public void callback(Exchange exchange) {
        // the authority sends the answer as a form POST (form_post, for an https callback) or in the query of a GET
        Map<String, String> params = new HashMap<>(FormData.parse(exchange.getMessage().getBody(String.class)));
        for (String name : new String[] {"state", "code", "error", "error_description"}) {
            String header = exchange.getMessage().getHeader(name, String.class);
            if (header != null) {
                params.putIfAbsent(name, header);
            }
        }
        String state = params.get("state");
        String code = params.get("code");
        String error = params.get("error");
        String description = params.get("error_description");
        String browserKey = state == null ? null
                : AdminTokenGuard.cookie(exchange.getMessage().getHeader("Cookie", String.class), cookieName(state));
        try {
            String mailbox = signIn.complete(state, browserKey, code, error, description);
            HttpReplies.html(exchange, 200, "Signed in",
                    "Mailbox '" + mailbox + "' is signed in; mailbridge keeps its token renewed. You can close this page.");
        } catch (SignInService.SignInException e) {
            HttpReplies.html(exchange, e.httpStatus(), "Sign-in failed", e.getMessage());
        }
    }

    /**
     * The browser key's cookie for one sign-in, named after its state (which the callback brings); it expires with the
     * sign-in and is worth nothing once the state is used.
     */
    private static String cookieName(String state) {
        String safe = state.replaceAll("[^A-Za-z0-9_-]", "");
        return "mailbridge_sign_in_" + safe.substring(0, Math.min(16, safe.length()));
    }
}
