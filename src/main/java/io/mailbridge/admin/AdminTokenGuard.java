package io.mailbridge.admin;

import io.mailbridge.mailbox.Secret;
import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Lets a request through only with {@code Authorization: Bearer <admin token>}. */
public final class AdminTokenGuard {

    private final Secret token;

    /** @param token null when no admin token is configured: the API then refuses everything and says why */
    public AdminTokenGuard(Secret token) {
        this.token = token;
    }

    /** @return true when the request may proceed; otherwise the refusal is already written */
    boolean admit(Exchange exchange) {
        if (token == null) {
            HttpReplies.error(exchange, 503, "admin-api-disabled",
                    "No admin token is configured: set the environment variable MAILBRIDGE_ADMIN_TOKEN and restart.");
            return false;
        }
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.reveal().getBytes(StandardCharsets.UTF_8))) {
            HttpReplies.error(exchange, 401, "unauthorized",
                    "Send the admin token as 'Authorization: Bearer <token>' (MAILBRIDGE_ADMIN_TOKEN).");
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
            return false;
        }
        return true;
    }
}
