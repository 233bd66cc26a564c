package io.mailbridge.support;

import io.mailbridge.Application;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** mailbridge started in this JVM exactly as {@code java -jar} starts it, from a properties file in a temp folder. */
public final class RunningApp implements AutoCloseable {

    /** The admin token of {@link #sandboxSettings}. */
    public static final String ADMIN_TOKEN = "Xq7mR2vK9pLw4TzN8cYb3HdF6sJ";

    private final Main main;
    private final int port;
    private final Path home;
    /** Whether {@link #close()} removes the home, made by {@link #sandbox} for this app alone. */
    private boolean ownsHome;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private RunningApp(Main main, int port, Path home) {
        this.main = main;
        this.port = port;
        this.home = home;
    }

    /** Sandbox on free ports, routes from {@code home/routes}, data in {@code home/data}; {@code extra} overrides. */
    public static Map<String, String> sandboxSettings(Path home, int port) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.main.name", "mailbridge-test");
        p.put("camel.server.enabled", "true");
        p.put("camel.server.port", String.valueOf(port));
        p.put("camel.management.enabled", "true");
        p.put("camel.management.health-check-enabled", "true");
        p.put("camel.management.port", "{{camel.server.port}}");
        p.put("camel.management.metrics-enabled", "true");
        p.put("camel.metrics.enabled", "true");
        p.put("camel.main.routes-reload-enabled", "true");
        p.put("camel.main.routes-reload-directory", home.resolve("routes").toString());
        p.put("camel.main.routes-reload-pattern", "*.camel.yaml");
        p.put("camel.main.routes-reload-remove-all-routes", "false");
        p.put("camel.main.shutdown-timeout", "10");
        p.put("mailbridge.data-dir", home.resolve("data").toString());
        p.put("mailbridge.sandbox.enabled", "true");
        p.put("mailbridge.sandbox.authority-port", "0");
        p.put("mailbridge.sandbox.imap-port", "0");
        p.put("mailbridge.sandbox.smtp-port", "0");
        p.put("mailbridge.admin-token", ADMIN_TOKEN);
        return p;
    }

    /** A new temporary home with a {@code routes} folder holding copies of these shipped route files. */
    public static Path newHome(String prefix, String... shippedRoutes) throws IOException {
        Path home = Files.createTempDirectory(prefix);
        Files.createDirectories(home.resolve("routes"));
        for (String route : shippedRoutes) {
            Files.copy(Path.of("routes", route), home.resolve("routes").resolve(route));
        }
        return home;
    }

    /** Writes the settings as {@code home/application.properties} and returns its path. */
    public static Path writeConfig(Path home, Map<String, String> settings) throws IOException {
        Files.createDirectories(home.resolve("routes"));
        StringBuilder text = new StringBuilder();
        settings.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        return Files.writeString(home.resolve("application.properties"), text);
    }

    /** Starts mailbridge; {@code more} configures Camel after mailbridge's own setup, to hook into its start or stop. */
    public static RunningApp start(Path home, Map<String, String> settings, int port, CamelConfiguration... more) throws Exception {
        Path config = writeConfig(home, settings);
        Main main = Application.createMain("file:" + config);
        for (CamelConfiguration configuration : more) {
            main.configure().addConfiguration(configuration);
        }
        main.start();
        return new RunningApp(main, port, home);
    }

    /** mailbridge on the sandbox alone, with the default settings, in a new temporary home removed on close. */
    public static RunningApp sandbox(String prefix) throws Exception {
        Path home = newHome(prefix);
        int port = freePort();
        RunningApp app = start(home, sandboxSettings(home, port), port);
        app.ownsHome = true;
        return app;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    public String property(String key) {
        return camel().getPropertiesComponent().resolveProperty(key).orElseThrow();
    }

    public Path home() {
        return home;
    }

    public URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    public HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GETs as a browser that holds this cookie ({@code name=value}, as {@link #cookie} gives it). */
    public HttpResponse<String> getWithCookie(String path, String cookie) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code name=value} of the cookie an answer sets. */
    public static String cookie(HttpResponse<?> response) {
        return response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    /** POSTs JSON with the admin token. */
    public HttpResponse<String> postJson(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs without a body, with the bearer token if one is given. */
    public HttpResponse<String> post(String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postForm(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        main.stop();
        if (ownsHome) {
            try {
                deleteRecursively(home);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Removes a folder made with {@code Files.createTempDirectory}, for tests that cannot use {@code @TempDir}. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
