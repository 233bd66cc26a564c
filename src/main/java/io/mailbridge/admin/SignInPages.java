package io.mailbridge.admin;

import io.mailbridge.oauth.SignInService;
import org.apache.camel.Exchange;

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
            HttpReplies.redirect(exchange, signIn.start(mailbox).toString());
        } catch (SignInService.SignInException e) {
            HttpReplies.html(exchange, e.httpStatus(), "Sign-in not started", e.getMessage());
        }
    }

    public void callback(Exchange exchange) {
        // the authority sends the answer as a form POST (Entra's form_post) or in the query of a GET
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
        try {
            String mailbox = signIn.complete(state, code, error, description);
            HttpReplies.html(exchange, 200, "Signed in",
                    "Mailbox '" + mailbox + "' is signed in; mailbridge keeps its token renewed. You can close this page.");
        } catch (SignInService.SignInException e) {
            HttpReplies.html(exchange, e.httpStatus(), "Sign-in failed", e.getMessage());
        }
    }
}
