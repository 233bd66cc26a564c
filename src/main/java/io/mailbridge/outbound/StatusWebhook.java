package io.mailbridge.outbound;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mailbridge.common.Json;
import io.mailbridge.mailbox.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tells the ERP when a request or a whole batch reached its final status, by POSTing JSON to
 * {@code mailbridge.outbound.status-webhook}. Best effort: tried three times with backoff, in the background, never
 * holding up sending. The status API stays the reference.
 */
public final class StatusWebhook {

    private static final Logger LOG = LoggerFactory.getLogger(StatusWebhook.class);
    private static final int TRIES = 3;

    private final URI url;
    private final Secret token;
    private final HttpClient http;

    /** @param url null for no webhook */
    public StatusWebhook(URI url, Secret token) {
        this.url = url;
        this.token = token;
        this.http = url == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public boolean enabled() {
        return url != null;
    }

    void requestFinished(OutboundRequests.Entry entry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", "request." + entry.status().label());
        // the request's fields after the event, as the API shows them
        body.putAll(Json.MAPPER.convertValue(OutboundViews.request(entry), new TypeReference<Map<String, Object>>() { }));
        post(body, 1);
    }

    void batchFinished(String batchId, Map<OutboundRequests.Status, Integer> counts) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", "batch.completed");
        body.put("batchId", batchId);
        body.put("counts", OutboundViews.counts(counts));
        post(body, 1);
    }

    private void post(Map<String, Object> body, int attempt) {
        if (url == null) {
            return;
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token.reveal());
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                return;
            }
            String problem = error != null ? error.toString() : "HTTP " + response.statusCode();
            if (attempt >= TRIES) {
                LOG.warn("Status webhook {} refused {} after {} tries: {}", url, body.get("event"), attempt, problem);
                return;
            }
            CompletableFuture.delayedExecutor(5L * attempt * attempt, TimeUnit.SECONDS).execute(() -> post(body, attempt + 1));
        });
    }
}
