package io.mailbridge.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mailbridge.common.Json;
import io.mailbridge.outbound.InvalidSendRequestException;
import io.mailbridge.outbound.OutboundIntake;
import io.mailbridge.outbound.OutboundRequests;
import io.mailbridge.outbound.OutboundRetry;
import io.mailbridge.outbound.OutboundViews;
import io.mailbridge.outbound.SendRefusal;
import io.mailbridge.outbound.SendRefusedException;
import io.mailbridge.store.StoreException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * {@code /api/outbound}: send requests and batches in, their status out. A request is answered {@code 202} only once
 * it is on the durable queue; a bad one gets {@code 400} naming the field, and nothing is queued.
 */
public final class OutboundApi {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundApi.class);
    private static final int FAILED_ITEMS_SHOWN = 100;
    private static final int RECENT = 100;
    private static final int RECENT_BATCHES = 20;

    private final OutboundIntake intake;
    private final OutboundRequests requests;
    private final OutboundRetry retry;
    private final Path spool;
    private final RequestBodies bodies;

    /** @param spool where batch bodies are kept while they are read (twice: checked, then queued) */
    public OutboundApi(OutboundIntake intake, OutboundRequests requests, OutboundRetry retry, Path spool,
                       RequestBodies bodies) {
        this.bodies = bodies;
        this.intake = intake;
        this.requests = requests;
        this.retry = retry;
        this.spool = spool;
    }

    /** {@code POST /api/outbound/{id}/retry}: a failed request goes out again from its dead-letter copy. */
    public void retry(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        try {
            retry.retry(id);
            requests.find(id).ifPresent(e -> HttpReplies.json(exchange, 202, OutboundViews.request(e)));
        } catch (NoSuchElementException e) {
            HttpReplies.error(exchange, 404, "unknown-request", "There is no send request '" + id + "'.");
        } catch (OutboundRetry.RetryRefusedException e) {
            HttpReplies.error(exchange, 409, "not-retryable", e.getMessage());
        } catch (Exception e) {
            unavailable(exchange, e);
        }
    }

    /** {@code GET /api/outbound/batches}: the latest batches with their counts per status (failed items left out). */
    public void recentBatches(Exchange exchange) {
        HttpReplies.json(exchange, 200, requests.recentBatches(RECENT_BATCHES).stream()
                .map(b -> OutboundViews.batch(b, requests.batchCounts(b.batchId()), requests.batchUncertainAttempts(b.batchId()),
                        List.of())).toList());
    }

    /** {@code GET /api/outbound}: the requests most recently changed. */
    public void recent(Exchange exchange) {
        HttpReplies.json(exchange, 200, requests.recent(RECENT).stream().map(OutboundViews::request).toList());
    }

    public void send(Exchange exchange) {
        if (!isJson(exchange)) {
            return;
        }
        answer(exchange, () -> {
            JsonNode body;
            try {
                String text = bodies.readString(exchange);
                body = text == null || text.isBlank() ? null : Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw new InvalidSendRequestException(null, "the body is not valid JSON: " + e.getOriginalMessage());
            }
            if (body == null) {
                throw new InvalidSendRequestException(null, "the body is empty: send the request as JSON");
            }
            OutboundIntake.Accepted accepted = intake.accept(body);
            return new Answer(accepted.created(), new ApiViews.Accepted(accepted.id(), accepted.status().label(),
                    accepted.created() ? null : true));
        });
    }

    public void sendBatch(Exchange exchange) {
        if (!isJson(exchange)) {
            return;
        }
        Path file = spool.resolve("batch-" + UUID.randomUUID() + ".json");
        try {
            answer(exchange, () -> {
                try (InputStream in = bodies.open(exchange)) {
                    Files.createDirectories(spool);
                    if (Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING) == 0) {
                        throw new InvalidSendRequestException(null, "the body is empty: send the batch as JSON");
                    }
                }
                OutboundIntake.BatchAccepted accepted = intake.acceptBatch(file, null, "api");
                return new Answer(accepted.created(), new ApiViews.BatchAccepted(accepted.batchId(), accepted.count(),
                        accepted.created() ? null : true));
            });
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("cannot delete the spooled batch {}: {}", file, e.toString());
            }
        }
    }

    /** What an accepted request is answered: 202 when it is new, 200 with {@code duplicate} when it was seen before. */
    private record Answer(boolean created, Object body) {
    }

    private interface Acceptance {
        Answer run() throws Exception;
    }

    private void answer(Exchange exchange, Acceptance acceptance) {
        try {
            Answer answer = acceptance.run();
            HttpReplies.json(exchange, answer.created() ? 202 : 200, answer.body());
        } catch (SendRefusedException e) {
            SendRefusal refusal = e.refusal();
            HttpReplies.json(exchange, refusal.code().equals(SendRefusal.CONFLICT) ? 409 : 400, refusal.json());
        } catch (RequestBodies.TooLargeException e) {
            bodies.refuse(exchange);
        } catch (IOException e) {
            HttpReplies.error(exchange, 400, "unreadable-body", "the request could not be read: " + e.getMessage());
        } catch (RuntimeException e) {
            if (!(e instanceof StoreException)) {
                throw e;
            }
            unavailable(exchange, e);
        } catch (Exception e) {
            // the broker (JMSException) or the disk
            unavailable(exchange, e);
        }
    }

    private static void unavailable(Exchange exchange, Exception e) {
        LOG.error("A send request could not be accepted: {}", e.toString());
        HttpReplies.json(exchange, 503, SendRefusal.notAccepted("The request was not accepted, because the queue or the "
                + "store is unavailable (" + e.getMessage() + "). Send it again later with the same requestId: what was "
                + "queued before is not queued twice.").json());
    }

    public void status(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        requests.find(id).ifPresentOrElse(e -> HttpReplies.json(exchange, 200, OutboundViews.request(e)),
                () -> HttpReplies.error(exchange, 404, "unknown-request", "There is no send request '" + id + "'."));
    }

    public void batchStatus(Exchange exchange) {
        String id = exchange.getMessage().getHeader("batchId", String.class);
        requests.findBatch(id).ifPresentOrElse(b -> HttpReplies.json(exchange, 200, OutboundViews.batch(b,
                        requests.batchCounts(id), requests.batchUncertainAttempts(id), requests.failedItems(id, FAILED_ITEMS_SHOWN))),
                () -> HttpReplies.error(exchange, 404, "unknown-batch", "There is no batch '" + id + "'."));
    }

    /** A form-encoded body would be taken apart by the HTTP layer before it could be read as Json.MAPPER. */
    private static boolean isJson(Exchange exchange) {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type == null || type.toLowerCase(Locale.ROOT).contains("json")) {
            return true;
        }
        HttpReplies.error(exchange, 415, "unsupported-media-type", "Send the request as JSON with the header "
                + "'Content-Type: application/json' (it came as " + type.replaceAll("[\\r\\n]", " ") + ").");
        return false;
    }
}
