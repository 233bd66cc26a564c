package io.mailbridge;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The route files that could not be loaded at startup, with the reason, for the admin page and API. */
public final class RouteFileReport {

    /** A file that is not loaded. */
    public record Failure(String file, String error, Instant at) {
    }

    private final Map<String, Failure> failures = new TreeMap<>();

    synchronized void failed(Path file, String error) {
        failures.put(file.toString(), new Failure(file.toString(), error, Instant.now()));
    }

    synchronized void loaded(Path file) {
        failures.remove(file.toString());
    }

    public synchronized java.util.List<Failure> failures() {
        return java.util.List.copyOf(failures.values());
    }
}
