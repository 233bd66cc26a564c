package io.mailbridge.admin;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions of the admin page, in memory: a browser that logged in with the admin token holds a random session id in
 * an {@code HttpOnly}, {@code SameSite=Strict} cookie, and sends the session's CSRF token with every change it asks.
 */
public final class AdminSessions {

    public static final String COOKIE = "mailbridge_session";
    private static final Duration LIFETIME = Duration.ofHours(8);
    private static final int MAX_SESSIONS = 200;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A logged-in browser. */
    public record Session(String id, String csrfToken, Instant expiresAt) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    public AdminSessions(Clock clock) {
        this.clock = clock;
    }

    public Session create() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
        if (sessions.size() >= MAX_SESSIONS) {
            // the oldest go first; a flood of logins cannot grow the map without bound
            sessions.values().stream().min(Comparator.comparing(Session::expiresAt))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        Session session = new Session(random(), random(), now.plus(LIFETIME));
        sessions.put(session.id(), session);
        return session;
    }

    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        if (session == null || !clock.instant().isBefore(session.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    public void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    public static Duration lifetime() {
        return LIFETIME;
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
