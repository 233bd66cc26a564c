package io.mailbridge.admin;

import io.mailbridge.oauth.SignInService;
import org.apache.camel.Exchange;

/** {@code /oauth/{mailbox}/sign-in} and {@code /oauth/callback}: the browser side of the sign-in. */
public final class SignInPages {

    private final SignInService signIn;

    public SignInPages(SignInService signIn) {
        this.signIn = signIn;
    }

    public void start(Exchange exchange) {
        String mailbox = exchange.getMessage().getHeader("mailbox", String.class);
        try {
            HttpReplies.redirect(exchange, signIn.start(mailbox).toString());
        } catch (SignInService.SignInException e) {
            HttpReplies.html(exchange, e.httpStatus(), "Sign-in not started", e.getMessage());
        }
    }

    public void callback(Exchange exchange) {
        String state = exchange.getMessage().getHeader("state", String.class);
        String code = exchange.getMessage().getHeader("code", String.class);
        String error = exchange.getMessage().getHeader("error", String.class);
        String description = exchange.getMessage().getHeader("error_description", String.class);
        try {
            String mailbox = signIn.complete(state, code, error, description);
            HttpReplies.html(exchange, 200, "Signed in",
                    "Mailbox '" + mailbox + "' is signed in; mailbridge keeps its token renewed. You can close this page.");
        } catch (SignInService.SignInException e) {
            HttpReplies.html(exchange, e.httpStatus(), "Sign-in failed", e.getMessage());
        }
    }
}
