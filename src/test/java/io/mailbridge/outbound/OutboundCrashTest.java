package io.mailbridge.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.support.ChildJvm;
import io.mailbridge.support.RecordingSmtpServer;
import io.mailbridge.support.RunningApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * mailbridge as a child JVM taking 500 send requests over the API, killed with SIGKILL while it queues them and at
 * several points of sending, then restarted: every request ends sent, none is lost, and a mail reaches the SMTP server
 * twice only where an attempt's outcome was unknown to mailbridge (it died, or the connection broke, after the server
 * had the whole mail), each such attempt counted in the request's {@code uncertainAttempts}.
 */
class OutboundCrashTest {

    private static final int REQUESTS = 500;
    private static final int CONSUMERS = 6;
    private static final int MAX_CONNECTIONS = 3;
    private static final String MAILBOX = "crash";
    private static final String ADDRESS = "crash@example.test";
    private static final String PASSWORD = "secret-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private final AtomicReference<Process> child = new AtomicReference<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Integer, String> ids = new ConcurrentHashMap<>();
    private final AtomicInteger requestsRepeated = new AtomicInteger();
    private final AtomicInteger duplicateAnswers = new AtomicInteger();
    private RecordingSmtpServer smtp;
    private Map<String, String> settings;
    private Thread poster;
    private volatile int run;

    @BeforeEach
    void start() throws Exception {
        smtp = new RecordingSmtpServer(Map.of(ADDRESS, PASSWORD), this::kill, () -> run);
        settings = RunningApp.sandboxSettings(home, RunningApp.freePort());
        settings.put("mailbridge.sandbox.enabled", "false");
        settings.put("mailbridge.mailboxes." + MAILBOX + ".address", ADDRESS);
        settings.put("mailbridge.mailboxes." + MAILBOX + ".grant", "password");
        settings.put("mailbridge.mailboxes." + MAILBOX + ".password", PASSWORD);
        settings.put("mailbridge.mailboxes." + MAILBOX + ".smtp", "smtp://127.0.0.1:" + smtp.port());
        settings.put("mailbridge.outbound.drop-folder", home.resolve("drop").toString());
        settings.put("mailbridge.outbound.consumers", String.valueOf(CONSUMERS));
        settings.put("mailbridge.outbound.max-connections", String.valueOf(MAX_CONNECTIONS));
        settings.put("mailbridge.outbound.messages-per-minute", "100000");
        settings.put("mailbridge.outbound.retry-delay-seconds", "1");
        settings.put("mailbridge.outbound.max-retry-delay-seconds", "2");
        RunningApp.writeConfig(home, settings);
        Files.copy(Path.of("routes/outbound-sandbox.camel.yaml"), home.resolve("routes/outbound-sandbox.camel.yaml"));
    }

    @AfterEach
    void stop() throws Exception {
        if (poster != null) {
            poster.interrupt();
        }
        kill();
        Path logs = Path.of("target/crash-test-logs");
        Files.createDirectories(logs);
        try (var runs = Files.list(home)) {
            for (Path log : runs.filter(p -> p.getFileName().toString().startsWith("run-")).toList()) {
                Files.copy(log, logs.resolve("outbound-" + log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        smtp.close();
    }

    private void kill() {
        ChildJvm.kill(child.get());
    }

    private Process launch(int number) throws Exception {
        // the killed process's sessions have ended, so the server's count of concurrent sessions is one process's
        await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(30)).until(() -> smtp.openSessions() == 0);
        run = number;
        Path config = home.resolve("application.properties");
        Process p = ChildJvm.start(home, config, home.resolve("run-" + number + ".log"), "-Xmx256m");
        child.set(p);
        return p;
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + settings.get("camel.server.port") + path);
    }

    private HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + settings.get("mailbridge.admin-token"));
    }

    /** Queues every request in order, each sent again with its requestId until answered, as a client would after a crash. */
    private CompletableFuture<Void> queueAll() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        poster = new Thread(() -> {
            try {
                for (int i = 0; i < REQUESTS; i++) {
                    ids.put(i, queue(i));
                }
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "crash-test-poster");
        poster.setDaemon(true);
        poster.start();
        return done;
    }

    /** The i-th send request, the same every time it is sent. */
    private HttpRequest post(int i) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mailbox", MAILBOX);
        body.put("to", List.of("customer" + i + "@example.test"));
        body.put("subject", "Invoice " + i);
        body.put("text", "Invoice number " + i);
        body.put("requestId", "crash-" + i);
        return api("/api/outbound").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    private String queue(int i) throws Exception {
        HttpRequest request = post(i);
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                if (attempt == 1 && i > 0) {
                    // the first request waits for the first start; any later one was cut off by a kill
                    requestsRepeated.incrementAndGet();
                }
                Thread.sleep(100);
            }
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // the child was killed, or is not listening yet
                continue;
            }
            int status = response.statusCode();
            if (status == 503) {
                // mailbridge is still starting
                continue;
            }
            if (status == 202 || status == 200) {
                JsonNode answer = JSON.readTree(response.body());
                if (answer.path("duplicate").asBoolean()) {
                    duplicateAnswers.incrementAndGet();
                }
                return answer.get("id").asText();
            }
            // a running mailbridge accepts every request, also one it may have accepted before it was killed
            throw new AssertionError("request " + i + " (attempt " + (attempt + 1) + ") answered " + status + " " + response.body());
        }
    }

    private JsonNode status(String id) throws Exception {
        HttpResponse<String> response = http.send(api("/api/outbound/" + id).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** A request the API refused ends the test at once rather than at the end of the last run. */
    private static void failFast(CompletableFuture<Void> queued) throws Exception {
        if (queued.isCompletedExceptionally()) {
            queued.get();
        }
    }

    private static String messageId(String id) {
        return MimeComposer.messageId(id, ADDRESS);
    }

    @Test
    void killedAtSeveralPointsEveryRequestIsSentAndOnlyUncertainAttemptsReachTheServerTwice() throws Exception {
        long t0 = System.nanoTime();

        // 1: the server holds its answers, so that a backlog builds up and every connection waits after a final dot;
        // killed at an arbitrary moment of queuing, half way through the requests
        smtp.holdAnswers();
        launch(1);
        CompletableFuture<Void> queued = queueAll();
        await().atMost(Duration.ofSeconds(120)).until(() -> queued.isCompletedExceptionally()
                || ids.size() >= REQUESTS / 2 && smtp.waitingForAnswer().size() == MAX_CONNECTIONS);
        failFast(queued);
        // a client that lost the answer sends the same request again: it is accepted once, and not queued twice
        HttpResponse<String> again = http.send(post(100), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("duplicate").asBoolean()).isTrue();
        assertThat(JSON.readTree(again.body()).path("id").asText()).isEqualTo(ids.get(100));
        kill();
        smtp.waitingForAnswer().forEach(mid -> smtp.events.put(mid, RecordingSmtpServer.KILLED_AFTER_DOT));
        smtp.releaseAnswers();
        failFast(queued);
        System.out.printf("run 1 ended after %d ms, %d requests queued, %d mails at the server%n",
                (System.nanoTime() - t0) / 1_000_000, ids.size(), smtp.receivedCount());

        // 2: killed right after the server's 250, before mailbridge could record the mail as sent
        int afterReply = smtp.receivedCount() + 60;
        smtp.killAfterReply = n -> n == afterReply;
        Process run2 = launch(2);
        await().atMost(Duration.ofSeconds(120)).until(() -> !run2.isAlive());
        smtp.killAfterReply = n -> false;
        failFast(queued);
        System.out.printf("run 2 ended after %d ms, %d requests queued, %d mails at the server%n",
                (System.nanoTime() - t0) / 1_000_000, ids.size(), smtp.receivedCount());

        // 3: one connection dropped after the final dot while mailbridge runs, then killed at an arbitrary moment
        int drop = smtp.receivedCount() + 20;
        smtp.dropBeforeAnswer = n -> n == drop;
        int target = smtp.receivedCount() + 60;
        launch(3);
        await().atMost(Duration.ofSeconds(120)).until(() -> smtp.receivedCount() >= target);
        kill();
        smtp.dropBeforeAnswer = n -> false;
        failFast(queued);
        System.out.printf("run 3 ended after %d ms, %d requests queued, %d mails at the server%n",
                (System.nanoTime() - t0) / 1_000_000, ids.size(), smtp.receivedCount());

        // 4: runs to the end
        launch(4);
        queued.get(120, TimeUnit.SECONDS);
        Set<String> expected = ids.values().stream().map(OutboundCrashTest::messageId).collect(Collectors.toSet());
        assertThat(expected).hasSize(REQUESTS);
        await().atMost(Duration.ofSeconds(120)).until(() -> smtp.copies().keySet().containsAll(expected));
        Map<String, JsonNode> statuses = new TreeMap<>();
        for (String id : ids.values()) {
            // the server may have the last mails a moment before their status is recorded
            await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(30))
                    .until(() -> status(id).path("status").asText().equals("sent"));
            statuses.put(id, status(id));
        }
        kill();
        System.out.printf("run 4 ended after %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        Map<String, List<Integer>> copies = smtp.copies();
        int kills = 3;
        int drops = 1;
        int repeats = 0;
        int uncertainTotal = 0;
        int uncertainRequests = 0;
        Map<String, Integer> repeatCauses = new TreeMap<>();
        for (JsonNode s : statuses.values()) {
            String mid = s.get("messageId").asText();
            int uncertain = s.path("uncertainAttempts").asInt(0);
            List<Integer> runs = copies.get(mid);
            uncertainTotal += uncertain;
            uncertainRequests += uncertain > 0 ? 1 : 0;
            assertThat(s.get("status").asText()).isEqualTo("sent");
            assertThat(mid).isEqualTo(messageId(s.get("id").asText()));
            // every extra copy at the server is an attempt mailbridge reports as possibly delivered
            assertThat(runs.size() - 1).as("copies of %s against its uncertain attempts", mid).isLessThanOrEqualTo(uncertain);
            if (runs.size() > 1) {
                repeats += runs.size() - 1;
                String cause = smtp.events.getOrDefault(mid, "in flight at a kill");
                repeatCauses.merge(cause, runs.size() - 1, Integer::sum);
                if (!cause.equals(RecordingSmtpServer.DROPPED)) {
                    // within one process a mail goes out twice only after a broken connection
                    assertThat(Set.copyOf(runs)).as("runs that sent %s", mid).hasSameSizeAs(runs);
                }
            }
        }
        System.out.printf("outbound crash test took %d s%n", (System.nanoTime() - t0) / 1_000_000_000);
        System.out.printf("outbound crash test: %d requests, %d sent; %d kills, %d connection dropped after the final dot; "
                        + "%d mails at the server, %d repeated deliveries %s; %d requests with uncertain attempts (%d attempts); "
                        + "%d requests sent again after a kill (%d answered as already accepted); at most %d SMTP sessions at once%n",
                REQUESTS, statuses.size(), kills, drops, smtp.receivedCount(), repeats, repeatCauses, uncertainRequests,
                uncertainTotal, requestsRepeated.get(), duplicateAnswers.get(), smtp.maxConcurrentSessions());

        // none lost, nothing foreign
        assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(statuses).hasSize(REQUESTS);
        // the mails the server had when mailbridge died, and the one whose connection broke, were sent again
        assertThat(smtp.events).containsValues(RecordingSmtpServer.KILLED_AFTER_DOT, RecordingSmtpServer.DROPPED);
        smtp.events.forEach((mid, cause) -> {
            if (!cause.equals(RecordingSmtpServer.KILLED_AFTER_REPLY)) {
                assertThat(copies.get(mid)).as(cause).hasSizeGreaterThanOrEqualTo(2);
            }
        });
        // each kill leaves at most one attempt per consumer unfinished; the dropped connection adds one
        assertThat(uncertainTotal).isLessThanOrEqualTo(kills * CONSUMERS + drops);
        assertThat(smtp.maxConcurrentSessions()).isLessThanOrEqualTo(MAX_CONNECTIONS);
    }
}
