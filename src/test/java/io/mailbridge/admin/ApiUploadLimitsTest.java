package io.mailbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.support.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Uploads to {@code /api} against the running server: a stranger's is refused before a byte of its body is read, however
 * it is sent, and an admin's is refused once it passes the body limit; neither leaves anything on disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiUploadLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LIMIT = 1024 * 1024;
    private static final long ATTACK = 50L * 1024 * 1024;

    private Path home;
    private RunningApp app;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    void start() throws Exception {
        home = RunningApp.newHome("mailbridge-uploads");
        int port = RunningApp.freePort();
        Map<String, String> settings = new HashMap<>(RunningApp.sandboxSettings(home, port));
        settings.put(BodyLimit.PROPERTY, String.valueOf(LIMIT));
        app = RunningApp.start(home, settings, port);
    }

    @AfterAll
    void stop() throws Exception {
        watcher.shutdownNow();
        app.close();
        RunningApp.deleteRecursively(home);
    }

    @Test
    void aStrangersChunkedUploadIsRefusedBeforeItsBodyIsRead() throws Exception {
        AtomicLong largestOnDisk = watchWorkFolder();
        Zeros body = new Zeros(ATTACK);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(app.url("/api/outbound/batches"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(answer.body()).get("error").asText()).isEqualTo("unauthorized");
        // whatever was on its way would have arrived in this time
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(largestOnDisk.get()).as("bytes under data/work at any time").isZero());
    }

    @Test
    void aStrangersEndlessUploadIsAnsweredAndCutOff() throws Exception {
        AtomicLong largestOnDisk = watchWorkFolder();
        try (Socket socket = new Socket("localhost", app.url("/").getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/outbound/batches HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // as curl -T /dev/zero: chunks of 64 KB, never the last one
            AtomicLong sent = new AtomicLong();
            java.util.concurrent.CompletableFuture<Throwable> writer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    while (true) {
                        out.write(head);
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    return e;
                }
            });
            assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 401");
            assertThat(writer.get(30, TimeUnit.SECONDS)).as("the server hung up on the endless body").isInstanceOf(IOException.class);
            System.out.printf("endless upload cut off after %d MB%n", sent.get() >> 20);
        }
        assertThat(largestOnDisk.get()).as("bytes under data/work at any time").isZero();
    }

    @Test
    void aStrangersSlowUploadIsAnsweredAtOnceAndDropped() throws Exception {
        try (Socket socket = new Socket("localhost", app.url("/").getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/outbound/batches HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n3\r\n[{\"\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the body goes on a few bytes a second and never ends; the answer must not wait for it
            ScheduledDripper dripper = new ScheduledDripper(out);
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(statusLine).isEqualTo("HTTP/1.1 401");
            String rest = new String(readUntilClosed(in), StandardCharsets.US_ASCII);
            assertThat(rest).contains("Connection: close").contains("\"unauthorized\"");
            assertThat(dripper.stop()).as("the body was still being sent").isLessThan(100);
        }
    }

    @Test
    void anAdminsBodyOverTheLimitIsRefusedWhetherItsLengthIsDeclaredOrNot() throws Exception {
        AtomicLong largestOnDisk = watchWorkFolder();

        HttpResponse<String> declared = http.send(HttpRequest.newBuilder(app.url("/api/outbound/batches"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(ATTACK)),
                        ATTACK)).build(), HttpResponse.BodyHandlers.ofString());
        assertTooLarge(declared);

        for (String path : new String[] {"/api/outbound/batches", "/api/outbound"}) {
            Zeros chunked = new Zeros(ATTACK);
            HttpResponse<String> streamed = http.send(HttpRequest.newBuilder(app.url(path))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> chunked)).build(), HttpResponse.BodyHandlers.ofString());
            assertTooLarge(streamed);
        }
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(largestOnDisk.get())
                .as("bytes under data/work at any time").isLessThanOrEqualTo(LIMIT + 64 * 1024));
        assertThat(bytesUnder(home.resolve("data/work"))).as("nothing left behind").isZero();

        // within the limit, a batch is taken as before
        HttpResponse<String> small = app.postJson("/api/outbound/batches", "{\"items\":[]}");
        assertThat(small.statusCode()).as(small.body()).isIn(200, 202, 400);
        assertThat(small.body()).doesNotContain("body-too-large");
    }

    private static void assertTooLarge(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("error").asText()).isEqualTo("body-too-large");
        assertThat(body.get("limit").asLong()).isEqualTo(LIMIT);
        assertThat(body.get("message").asText()).contains(String.valueOf(LIMIT)).contains(BodyLimit.PROPERTY);
    }

    /** Samples the bytes under data/work every 50 ms and keeps the largest total seen. */
    private AtomicLong watchWorkFolder() {
        AtomicLong largest = new AtomicLong();
        Path work = home.resolve("data/work");
        watcher.scheduleAtFixedRate(() -> largest.accumulateAndGet(bytesUnder(work), Math::max), 0, 50, TimeUnit.MILLISECONDS);
        return largest;
    }

    private static long bytesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // deleted while counting
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) > 0; ) {
            all.write(buffer, 0, n);
        }
        return all.toByteArray();
    }

    /** A body of zero bytes that counts how much of it the client has sent. */
    private static final class Zeros extends InputStream {
        private final long size;
        private final AtomicLong sent = new AtomicLong();

        Zeros(long size) {
            this.size = size;
        }

        long sent() {
            return sent.get();
        }

        @Override
        public int read() {
            if (sent.get() >= size) {
                return -1;
            }
            sent.incrementAndGet();
            return ' ';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long left = size - sent.get();
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) ' ');
            sent.addAndGet(n);
            return n;
        }
    }

    /** Sends one more chunk of three bytes every 200 ms until stopped or the server hangs up. */
    private static final class ScheduledDripper {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong chunks = new AtomicLong();

        ScheduledDripper(OutputStream out) {
            timer.scheduleAtFixedRate(() -> {
                try {
                    out.write("3\r\n\"a\"\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    chunks.incrementAndGet();
                } catch (IOException e) {
                    timer.shutdown();
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
        }

        long stop() {
            timer.shutdownNow();
            return chunks.get();
        }
    }
}
