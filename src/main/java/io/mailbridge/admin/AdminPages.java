package io.mailbridge.admin;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The admin page: a login form that takes the admin token and opens a session, then one page (local HTML, CSS and
 * JavaScript, nothing from elsewhere) that shows mailboxes, flows, inbound and outbound, driving the same JSON API.
 */
public final class AdminPages {

    private static final Set<String> ASSETS = Set.of("app.js", "app.css");

    private final AdminTokenGuard guard;
    private final AdminSessions sessions;
    private final LoginThrottle throttle;
    private final boolean secureCookie;

    /** @param secureCookie whether mailbridge is reached over https (the cookie is then only sent over https) */
    public AdminPages(AdminTokenGuard guard, AdminSessions sessions, LoginThrottle throttle, boolean secureCookie) {
        this.guard = guard;
        this.sessions = sessions;
        this.throttle = throttle;
        this.secureCookie = secureCookie;
    }

    /** {@code GET /admin}: the page for a session, the login form otherwise. */
    public void page(Exchange exchange) {
        boolean loggedIn = guard.session(exchange).isPresent();
        HttpReplies.reply(exchange, 200, "text/html; charset=utf-8", resource(loggedIn ? "index.html" : "login.html")
                .replace("{{message}}", guard.configured() ? "" : "No admin token is configured: set MAILBRIDGE_ADMIN_TOKEN and restart."));
        securityHeaders(exchange);
    }

    /**
     * {@code POST /admin/login}: the admin token from the form body (or an {@code Authorization: Bearer} header) opens a
     * session. Never from the URL, which lands in access logs and browser history; wrong tokens are throttled per
     * client address.
     */
    public void login(Exchange exchange) {
        if (FormData.parse(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class)).containsKey("token")) {
            loginPage(exchange, 400, "The admin token does not belong in the URL, which lands in access logs: send it in "
                    + "the form body (field token) or as 'Authorization: Bearer <token>'. Change the token if that URL was shared.");
            return;
        }
        String address = exchange.getIn() instanceof HttpMessage http
                ? ApiGate.clientAddress(http.getRequest()) : "unknown";
        Optional<Duration> wait = throttle.waitFor(address);
        if (wait.isPresent()) {
            loginPage(exchange, 429, LoginThrottle.message(wait.get()));
            exchange.getMessage().setHeader("Retry-After", LoginThrottle.retryAfter(wait.get()));
            return;
        }
        String bearer = AdminTokenGuard.bearer(exchange.getMessage().getHeader("Authorization", String.class));
        // the body handler puts the form's fields among the headers; the URL's were refused above
        String token = bearer != null ? bearer : exchange.getMessage().getHeader("token", String.class);
        if (!AdminTokenGuard.sameOrigin(exchange) || !guard.isAdminToken(token == null ? null : token.trim())) {
            throttle.failed(address);
            loginPage(exchange, 401, "That is not the admin token (MAILBRIDGE_ADMIN_TOKEN; the sandbox prints it at startup).");
            return;
        }
        throttle.succeeded(address);
        AdminSessions.Session session = sessions.create();
        HttpReplies.redirect(exchange, "/admin");
        exchange.getMessage().setHeader("Set-Cookie", AdminSessions.COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + AdminSessions.lifetime().toSeconds() + (secureCookie ? "; Secure" : ""));
    }

    private void loginPage(Exchange exchange, int status, String message) {
        HttpReplies.reply(exchange, status, "text/html; charset=utf-8", resource("login.html")
                .replace("{{message}}", HttpReplies.escape(message)));
        securityHeaders(exchange);
    }

    /** {@code POST /admin/logout}. */
    public void logout(Exchange exchange) {
        if (!guard.admit(exchange)) {
            return;
        }
        guard.session(exchange).ifPresent(s -> sessions.end(s.id()));
        HttpReplies.json(exchange, 200, Map.of("loggedOut", true));
        exchange.getMessage().setHeader("Set-Cookie", AdminSessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    }

    /** {@code GET /admin/session}: the session's CSRF token, for the page's scripts. */
    public void session(Exchange exchange) {
        guard.session(exchange).ifPresentOrElse(s -> HttpReplies.json(exchange, 200, Map.of("csrfToken", s.csrfToken())),
                () -> HttpReplies.error(exchange, 401, "unauthorized", "Log in at /admin."));
    }

    /** {@code GET /admin/assets/{file}}. */
    public void asset(Exchange exchange) {
        String file = exchange.getMessage().getHeader("file", String.class);
        if (file == null || !ASSETS.contains(file)) {
            HttpReplies.error(exchange, 404, "not-found", "No such file.");
            return;
        }
        HttpReplies.reply(exchange, 200, file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8",
                resource(file));
    }

    private static void securityHeaders(Exchange exchange) {
        // everything the page needs is its own: no other origin may be loaded, framed or posted to
        exchange.getMessage().setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
        exchange.getMessage().setHeader("X-Content-Type-Options", "nosniff");
        // same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with the page's own forms
        exchange.getMessage().setHeader("Referrer-Policy", "same-origin");
    }

    private static String resource(String name) {
        try (InputStream in = AdminPages.class.getResourceAsStream("/admin/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /admin/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
