package io.mailbridge.admin;

import io.mailbridge.mailbox.Secret;
import org.apache.camel.Exchange;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Lets a request through with {@code Authorization: Bearer <admin token>}, or from the admin page with its session
 * cookie; a change asked with the cookie must also carry the session's CSRF token and come from mailbridge's own
 * origin, so another site cannot make a logged-in browser act.
 */
public final class AdminTokenGuard {

    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String NOT_CONFIGURED = "No admin token is configured: set the environment variable MAILBRIDGE_ADMIN_TOKEN and restart.";
    static final String UNAUTHORIZED = "Send the admin token as 'Authorization: Bearer <token>' (MAILBRIDGE_ADMIN_TOKEN), or log in at /admin.";

    private final Secret token;
    private final AdminSessions sessions;

    /** @param token null when no admin token is configured: the API then refuses everything and says why */
    public AdminTokenGuard(Secret token, AdminSessions sessions) {
        this.token = token;
        this.sessions = sessions;
    }

    /** Whether the presented text is the admin token (compared in constant time). */
    boolean isAdminToken(String presented) {
        return token != null && presented != null
                && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.reveal().getBytes(StandardCharsets.UTF_8));
    }

    boolean configured() {
        return token != null;
    }

    /** @return true when the request may proceed; otherwise the refusal is already written */
    boolean admit(Exchange exchange) {
        if (token == null) {
            HttpReplies.error(exchange, 503, "admin-api-disabled", NOT_CONFIGURED);
            return false;
        }
        String bearer = bearer(exchange);
        if (bearer != null) {
            return isAdminToken(bearer) || refuse(exchange);
        }
        Optional<AdminSessions.Session> session = session(exchange);
        if (session.isEmpty()) {
            return refuse(exchange);
        }
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class).toUpperCase(Locale.ROOT);
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        String csrf = exchange.getMessage().getHeader(CSRF_HEADER, String.class);
        if (csrf == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                session.get().csrfToken().getBytes(StandardCharsets.UTF_8)) || !sameOrigin(exchange)) {
            HttpReplies.error(exchange, 403, "cross-site-request", "This change was not sent by mailbridge's own page (CSRF "
                    + "token missing or wrong, or another origin); reload the admin page and try again.");
            return false;
        }
        return true;
    }

    /** Whether a request that changes nothing by itself comes from an admin, without writing any answer. */
    boolean admitted(Exchange exchange) {
        String bearer = bearer(exchange);
        return bearer != null ? isAdminToken(bearer) : session(exchange).isPresent();
    }

    private static String bearer(Exchange exchange) {
        return bearer(exchange.getMessage().getHeader("Authorization", String.class));
    }

    /** The token of an {@code Authorization: Bearer} header, or null when there is none. */
    static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
    }

    Optional<AdminSessions.Session> session(Exchange exchange) {
        return sessionOf(exchange.getMessage().getHeader("Cookie", String.class));
    }

    /** The admin page session a {@code Cookie} header names, if it is a live one. */
    Optional<AdminSessions.Session> sessionOf(String cookieHeader) {
        return sessions.find(cookie(cookieHeader, AdminSessions.COOKIE));
    }

    /** A browser names the page's origin on every POST; when it does, it must be this server. */
    static boolean sameOrigin(Exchange exchange) {
        String origin = exchange.getMessage().getHeader("Origin", String.class);
        if (origin == null) {
            return true;
        }
        try {
            String host = exchange.getMessage().getHeader("Host", String.class);
            if (host == null) {
                String url = exchange.getMessage().getHeader(Exchange.HTTP_URL, String.class);
                host = url == null ? null : URI.create(url).getAuthority();
            }
            return host != null && host.equalsIgnoreCase(URI.create(origin).getAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String cookie(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(name + "=")) {
                return p.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static boolean refuse(Exchange exchange) {
        HttpReplies.error(exchange, 401, "unauthorized", UNAUTHORIZED);
        exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        return false;
    }
}
