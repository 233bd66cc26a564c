package io.mailbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.support.RunningApp;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While mailbridge starts (the HTTP server listens, the routes are not all started) and while it stops, every request
 * gets a 503 saying so, never Vert.x's 404 page; once started, known paths answer and unknown ones get their 404.
 */
class ReadinessGateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PATHS = List.of("/api/outbound/no-such-id", "/api/mailboxes", "/admin",
            "/observe/health", "/no-such-path");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final HeldLifecycle held = new HeldLifecycle();
    private Path home;
    private CompletableFuture<RunningApp> starting;

    @AfterEach
    void cleanUp() throws Exception {
        held.releaseAll();
        if (starting != null) {
            starting.get(60, TimeUnit.SECONDS).close();
        }
        if (home != null) {
            RunningApp.deleteRecursively(home);
        }
    }

    @Test
    void answers503WhileStartingAndStoppingAndServesAsUsualInBetween() throws Exception {
        home = RunningApp.newHome("mailbridge-gate");
        int port = RunningApp.freePort();
        starting = CompletableFuture.supplyAsync(() -> {
            try {
                return RunningApp.start(home, RunningApp.sandboxSettings(home, port), port, held);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // the server listens and the routes are about to start: held there until released
        assertThat(held.routesStarting.await(60, TimeUnit.SECONDS)).as("routes reached their start").isTrue();
        for (String path : PATHS) {
            assertNotReady(get(port, path), "starting");
        }

        held.startRoutes.countDown();
        RunningApp app = starting.get(60, TimeUnit.SECONDS);
        assertThat(get(port, "/admin").statusCode()).isEqualTo(200);
        assertThat(get(port, "/api/mailboxes").statusCode()).isEqualTo(200);
        assertThat(get(port, "/no-such-path").statusCode()).isEqualTo(404);

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::close);
        assertThat(held.contextStopping.await(60, TimeUnit.SECONDS)).as("stop began").isTrue();
        for (String path : PATHS) {
            assertNotReady(get(port, path), "stopping");
        }
        held.stop.countDown();
        stopping.get(60, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNotReady(HttpResponse<String> response, String phase) throws Exception {
        String path = response.uri().getPath();
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).as(path).hasValue("1");
        assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").asText()).as(path).isEqualTo(phase);
        assertThat(body.path("message").asText()).as(path).startsWith("mailbridge is " + phase);
    }

    /** Holds Camel just before it starts the routes, and at the beginning of its stop, until the test releases it. */
    private static final class HeldLifecycle implements CamelConfiguration {
        final CountDownLatch routesStarting = new CountDownLatch(1);
        final CountDownLatch startRoutes = new CountDownLatch(1);
        final CountDownLatch contextStopping = new CountDownLatch(1);
        final CountDownLatch stop = new CountDownLatch(1);

        @Override
        public void configure(CamelContext context) {
            context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) throws Exception {
                    if (event instanceof CamelEvent.CamelContextRoutesStartingEvent) {
                        routesStarting.countDown();
                        startRoutes.await(60, TimeUnit.SECONDS);
                    } else if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                        contextStopping.countDown();
                        stop.await(60, TimeUnit.SECONDS);
                    }
                }
            });
        }

        void releaseAll() {
            startRoutes.countDown();
            stop.countDown();
        }
    }
}
