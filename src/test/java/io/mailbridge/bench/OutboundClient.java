package io.mailbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.mailbridge.support.InvoiceBatches;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** mailbridge's outbound API called as an ERP calls it, over HTTP/1.1 with the admin token. */
final class OutboundClient {

    /** HTTP client threads posting single requests, as several ERP workers would. */
    static final int SENDERS = 4;
    private static final long TIMEOUT_NANOS = 600_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A step a benchmark adds to a timed run: checking the far end, say. */
    interface Step {
        void run() throws Exception;
    }

    private final String base;
    private final String bearer;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    OutboundClient(int port, String adminToken) {
        this.base = "http://127.0.0.1:" + port;
        this.bearer = "Bearer " + adminToken;
    }

    /** Posts a small mail from mailbox ap (a 1,000-character text, like the plain loop's); returns its id. */
    String send(int i) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("mailbox", "ap");
        request.putArray("to").add("customer@example.test");
        request.put("subject", "Invoice " + i).put("text", "x".repeat(1000));
        return post("/api/outbound", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).get("id").textValue();
    }

    /**
     * {@code count} single requests posted by {@link #SENDERS} threads, then {@code afterPosted}, timed until every
     * request reads sent; returns requests per second.
     */
    double sendSingles(int count, Step afterPosted) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            long start = System.nanoTime();
            List<Future<List<String>>> posted = new ArrayList<>();
            for (int c = 0; c < SENDERS; c++) {
                int first = c;
                posted.add(senders.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = first; i < count; i += SENDERS) {
                        ids.add(send(i));
                    }
                    return ids;
                }));
            }
            List<List<String>> ids = new ArrayList<>();
            for (Future<List<String>> f : posted) {
                ids.add(f.get());
            }
            afterPosted.run();
            List<Future<?>> confirmed = new ArrayList<>();
            for (List<String> share : ids) {
                confirmed.add(senders.submit(() -> {
                    for (String id : share) {
                        awaitSent(id, start + TIMEOUT_NANOS);
                    }
                    return null;
                }));
            }
            for (Future<?> f : confirmed) {
                f.get();
            }
            return count / ((System.nanoTime() - start) / 1e9);
        } finally {
            senders.shutdownNow();
        }
    }

    /**
     * One batch of {@code count} invoices (the shipped invoice template), timed until its counts read all sent; then
     * {@code afterSent}, untimed. Returns mails per second.
     */
    double sendInvoiceBatch(int count, Step afterSent) throws Exception {
        String json = invoiceBatch("ap", count);
        long start = System.nanoTime();
        String batchId = postBatch(HttpRequest.BodyPublishers.ofString(json));
        while (true) {
            JsonNode counts = batchCounts(batchId);
            if (counts.get("sent").intValue() == count) {
                double perSecond = count / ((System.nanoTime() - start) / 1e9);
                afterSent.run();
                return perSecond;
            }
            if (counts.get("failed").intValue() > 0 || System.nanoTime() - start > TIMEOUT_NANOS) {
                throw new IllegalStateException("batch " + batchId + " did not complete: " + counts);
            }
            Thread.sleep(20);
        }
    }

    /** The JSON of a batch of {@code count} invoices from the mailbox, with the shipped invoice template. */
    static String invoiceBatch(String mailbox, int count) throws Exception {
        return JSON.writeValueAsString(InvoiceBatches.of(mailbox, count));
    }

    /** Posts a batch; returns its batchId. */
    String postBatch(HttpRequest.BodyPublisher body) throws Exception {
        return post("/api/outbound/batches", body).get("batchId").textValue();
    }

    /** Posts a batch without waiting for the answer (a big one takes a while to be checked and queued). */
    CompletableFuture<HttpResponse<String>> postBatchAsync(HttpRequest.BodyPublisher body) {
        return http.sendAsync(request("/api/outbound/batches").header("Content-Type", "application/json").POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The batch's count of items per status: queued, sending, sent, retrying, failed. */
    JsonNode batchCounts(String batchId) throws Exception {
        return get("/api/outbound/batches/" + batchId).get("counts");
    }

    /** Waits until the request's status reads sent. */
    void awaitSent(String id, long deadlineNanos) throws Exception {
        while (true) {
            String status = get("/api/outbound/" + id).get("status").textValue();
            if (status.equals("sent")) {
                return;
            }
            if (status.equals("failed") || System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("request " + id + " is " + status);
            }
            Thread.sleep(5);
        }
    }

    /** True once the API answers (a 404 for an unknown batch means mailbridge is up). */
    boolean isUp() {
        try {
            return http.send(request("/api/outbound/batches/none").GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 404;
        } catch (Exception e) {
            return false;
        }
    }

    private JsonNode post(String path, HttpRequest.BodyPublisher body) throws Exception {
        HttpResponse<String> response = http.send(request(path).header("Content-Type", "application/json").POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The Prometheus metrics, as text. */
    String metrics() throws Exception {
        return http.send(request("/observe/metrics").GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", bearer);
    }
}
