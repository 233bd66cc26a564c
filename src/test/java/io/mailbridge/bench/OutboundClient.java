package io.mailbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** mailbridge's outbound API called as an ERP calls it, over HTTP/1.1 with the admin token. */
final class OutboundClient {

    private static final ObjectMapper JSON = new ObjectMapper();

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
