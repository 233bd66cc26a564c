package io.mailbridge.admin;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.CamelContext;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks every {@code /api} request before any byte of its body is read: an admin's (admin token or admin page
 * session), not from an address that guessed wrong tokens too often, and a declared length within the body limit.
 * Anything else is answered at once and the body is never read, so a stranger cannot fill the disk or memory.
 */
public final class ApiGate implements AuthenticationHandler {

    private final AdminTokenGuard guard;
    private final LoginThrottle throttle;
    private final BodyLimit limit;

    private ApiGate(AdminTokenGuard guard, LoginThrottle throttle, BodyLimit limit) {
        this.guard = guard;
        this.throttle = throttle;
        this.limit = limit;
    }

    public static void install(CamelContext context, AdminTokenGuard guard, LoginThrottle throttle, BodyLimit limit) {
        ApiGate gate = new ApiGate(guard, throttle, limit);
        EarlyHandlers.add(context, "/api/*", gate);
        EarlyHandlers.add(context, "/observe/health*", new HealthDetailGate(gate));
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!guard.configured()) {
            refuse(context, 503, error("admin-api-disabled", AdminTokenGuard.NOT_CONFIGURED), Map.of());
            return;
        }
        Verdict verdict = verdict(request);
        if (verdict.throttledFor().isPresent()) {
            Duration wait = verdict.throttledFor().get();
            refuse(context, 429, error(LoginThrottle.ERROR, LoginThrottle.message(wait)),
                    Map.of("Retry-After", LoginThrottle.retryAfter(wait)));
            return;
        }
        if (!verdict.admin()) {
            refuse(context, 401, error("unauthorized", AdminTokenGuard.UNAUTHORIZED), Map.of("WWW-Authenticate", "Bearer"));
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && declaredLength(length) > limit.maxBytes()) {
            refuse(context, 413, limit.refusal(), Map.of());
            return;
        }
        context.next();
    }

    /** Whether a request is an admin's, or how long its address must wait after too many wrong tokens. */
    record Verdict(boolean admin, Optional<Duration> throttledFor) {
    }

    /**
     * Checks the bearer token (throttled per client address, a wrong one counted) or else the admin page session (a
     * random 256-bit id, not worth guessing).
     */
    Verdict verdict(HttpServerRequest request) {
        String bearer = AdminTokenGuard.bearer(request.getHeader("Authorization"));
        if (bearer == null) {
            return new Verdict(guard.sessionOf(request.getHeader("Cookie")).isPresent(), Optional.empty());
        }
        String address = clientAddress(request);
        Optional<Duration> wait = throttle.waitFor(address);
        if (wait.isPresent()) {
            return new Verdict(false, wait);
        }
        if (!guard.isAdminToken(bearer)) {
            throttle.failed(address);
            return new Verdict(false, Optional.empty());
        }
        throttle.succeeded(address);
        return new Verdict(true, Optional.empty());
    }

    private static void refuse(RoutingContext context, int status, Map<String, Object> body, Map<String, String> headers) {
        EarlyHandlers.refuse(context.vertx(), context.request(), status, body, headers);
    }

    private static Map<String, Object> error(String error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        return body;
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // Vert.x refuses a malformed length anyway; never read such a body
        }
    }

    static String clientAddress(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
