package io.mailbridge;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The route files that could not be loaded at startup, with the reason, for the admin page and API. */
public final class RouteFileReport {

    /** A file that is not loaded. */
    public record Failure(String file, String error, Instant at) {
    }

    private final Map<String, Failure> failures = new TreeMap<>();
    private volatile Instant lastReload;

    synchronized void failed(Path file, String error) {
        failures.put(file.toString(), new Failure(file.toString(), error, Instant.now()));
    }

    synchronized void loaded(Path file) {
        failures.remove(file.toString());
    }

    /** A route file was reloaded after an edit. */
    public void reloaded(Instant at) {
        lastReload = at;
    }

    /** When a route file was last reloaded after an edit; null if none was. */
    public Instant lastReload() {
        return lastReload;
    }

    public synchronized List<Failure> failures() {
        return List.copyOf(failures.values());
    }
}
