package io.mailbridge.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.ScriptedErp;
import io.mailbridge.support.ScriptedSmtpServer;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What each SMTP outcome does to a queued mail, against scripted SMTP servers (one per mailbox) for the replies the
 * sandbox server cannot give. Every mailbox signs in with XOAUTH2 through the token service (sandbox authority).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboundFailuresTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MAILBOXES = List.of("retry", "giveup", "refuse", "auth", "dot", "cap", "throttle", "budget",
            "fixable");

    private final Map<String, ScriptedSmtpServer> servers = new LinkedHashMap<>();
    private ScriptedErp erp;
    private Path home;
    private RunningApp app;

    @BeforeAll
    void start() throws Exception {
        home = RunningApp.newHome("mailbridge-outbound-failures", "outbound-sandbox.camel.yaml");
        int port = RunningApp.freePort();
        Map<String, String> settings = new HashMap<>(RunningApp.sandboxSettings(home, port));
        settings.put("mailbridge.outbound.drop-folder", home.resolve("drop").toString());
        settings.put("mailbridge.outbound.messages-per-minute", "100000");
        settings.put("mailbridge.outbound.retry-delay-seconds", "1");
        settings.put("mailbridge.outbound.max-retry-delay-seconds", "2");
        settings.put("mailbridge.outbound.max-attempts", "4");
        settings.put("mailbridge.outbound.pause-recheck-seconds", "3");
        settings.put("mailbridge.outbound.mailboxes.throttle.messages-per-minute", "4");
        settings.put("mailbridge.outbound.mailboxes.budget.recipients-per-day", "5");
        erp = new ScriptedErp();
        settings.put("mailbridge.outbound.status-webhook", erp.url("/mailbridge/status"));
        settings.put("mailbridge.outbound.status-webhook-token", "webhook-token-for-tests");
        for (String id : MAILBOXES) {
            ScriptedSmtpServer server = new ScriptedSmtpServer();
            servers.put(id, server);
            settings.put("mailbridge.mailboxes." + id + ".address", id + "@sandbox.test");
            settings.put("mailbridge.mailboxes." + id + ".client", "sandbox");
            settings.put("mailbridge.mailboxes." + id + ".grant", "client-credentials");
            settings.put("mailbridge.mailboxes." + id + ".smtp", "smtp://127.0.0.1:" + server.port());
        }
        servers.get("refuse").rcptReply = "550 5.1.1 User unknown";
        app = RunningApp.start(home, settings, port);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        erp.close();
        for (ScriptedSmtpServer server : servers.values()) {
            server.close();
        }
        RunningApp.deleteRecursively(home);
    }

    @Test
    void temporaryRefusalsAreRetriedWithBackoffUntilTheServerAccepts() throws Exception {
        ScriptedSmtpServer server = servers.get("retry");
        server.mailReply = "421 4.3.2 Service not available, closing transmission channel";
        String atMail = post("retry", "at MAIL", 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> status(atMail).get("attempts").asInt() >= 2);
        JsonNode retrying = status(atMail);
        assertThat(retrying.get("status").asText()).isIn("retrying", "sending");
        assertThat(retrying.get("lastReply").asText()).contains("421 4.3.2");
        server.mailReply = "250 2.1.0 Sender OK";

        server.rcptReply = "451 4.7.1 Greylisted, try again later";
        String atRcpt = post("retry", "at RCPT", 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> status(atRcpt).get("attempts").asInt() >= 1
                && status(atRcpt).get("status").asText().equals("retrying"));
        assertThat(status(atRcpt).get("lastReply").asText()).contains("451 4.7.1");
        assertThat(Instant.parse(status(atRcpt).get("nextAttemptAt").asText())).isAfter(Instant.now().minusSeconds(1));
        server.rcptReply = "250 2.1.5 Recipient OK";

        server.dataEndReply = "452 4.3.1 Insufficient system storage";
        String afterData = post("retry", "after DATA", 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> status(afterData).get("status").asText().equals("retrying"));
        assertThat(status(afterData).get("lastReply").asText()).contains("452 4.3.1");
        server.dataEndReply = "250 2.0.0 OK queued";

        for (String id : List.of(atMail, atRcpt, afterData)) {
            JsonNode sent = awaitStatus(id, "sent");
            assertThat(Collections.frequency(server.acceptedMessageIds(), sent.get("messageId").asText())).isEqualTo(1);
        }
    }

    @Test
    void aTemporaryRefusalThatNeverEndsFailsAfterMaxAttemptsOntoTheDeadLetterQueue() throws Exception {
        servers.get("giveup").rcptReply = "450 4.2.1 Mailbox busy";
        String id = post("giveup", "never accepted", 1);
        JsonNode failed = awaitStatus(id, "failed");
        assertThat(failed.get("attempts").asInt()).isEqualTo(4);
        assertThat(failed.get("lastReply").asText()).contains("gave up after 4 attempts", "450 4.2.1");
        assertThat(deadLetterReason(id)).contains("450 4.2.1");
    }

    @Test
    void aPermanentRefusalFailsAtOnceWithTheServersReplyOntoTheDeadLetterQueueAndTellsTheWebhook() throws Exception {
        String id = post("refuse", "to nobody", 1);
        JsonNode failed = awaitStatus(id, "failed");
        assertThat(failed.get("attempts").asInt()).isEqualTo(1);
        assertThat(failed.get("lastReply").asText()).contains("550 5.1.1 User unknown");
        assertThat(deadLetterReason(id)).contains("550 5.1.1 User unknown");
        assertThat(servers.get("refuse").accepted()).isZero();

        await().atMost(Duration.ofSeconds(10)).until(() -> !erp.requestsFor("to nobody").isEmpty());
        ScriptedErp.Request event = erp.requestsFor("to nobody").get(0);
        assertThat(event.authorization()).isEqualTo("Bearer webhook-token-for-tests");
        assertThat(event.document().get("event").asText()).isEqualTo("request.failed");
        assertThat(event.document().get("id").asText()).isEqualTo(id);
        assertThat(event.document().get("lastReply").asText()).contains("550 5.1.1");
    }

    @Test
    void aFailedRequestIsSentAgainFromItsDeadLetterCopyOnceTheCauseIsFixed() throws Exception {
        ScriptedSmtpServer server = servers.get("fixable");
        server.rcptReply = "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup";
        String id = post("fixable", "fixed later", 1);
        JsonNode failed = awaitStatus(id, "failed");
        assertThat(app.post("/api/outbound/" + id + "/retry", null).statusCode()).isEqualTo(401);

        server.rcptReply = "250 2.1.5 Recipient OK";
        HttpResponse<String> retried = app.post("/api/outbound/" + id + "/retry", RunningApp.ADMIN_TOKEN);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
        JsonNode sent = awaitStatus(id, "sent");
        assertThat(sent.get("attempts").asInt()).isEqualTo(1);
        assertThat(sent.get("messageId").asText()).isEqualTo(failed.get("messageId").asText());
        assertThat(server.acceptedMessageIds()).containsExactly(sent.get("messageId").asText());

        HttpResponse<String> again = app.post("/api/outbound/" + id + "/retry", RunningApp.ADMIN_TOKEN);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("only failed requests");
        assertThat(app.post("/api/outbound/no-such-request/retry", RunningApp.ADMIN_TOKEN).statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(app.get("/api/outbound", RunningApp.ADMIN_TOKEN).body()).toString()).contains(id);
    }

    @Test
    void metricsCountOutcomesPerMailboxAndHealthShowsTheStoreAndTheBroker() throws Exception {
        String refused = post("refuse", "counted as failed", 1);
        awaitStatus(refused, "failed");
        String metrics = app.get("/observe/metrics", null).body();
        assertThat(metric(metrics, "mailbridge_outbound_messages_total", "mailbox=\"refuse\"", "outcome=\"failed\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "mailbridge_token_requests_total", "mailbox=\"refuse\"", "outcome=\"issued\"")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("mailbridge_outbound_queue_depth", "camel_exchanges_total");

        JsonNode health = JSON.readTree(app.get("/observe/health?exposureLevel=full", RunningApp.ADMIN_TOKEN).body());
        List<String> up = new ArrayList<>();
        health.get("checks").forEach(c -> {
            if (c.get("status").asText().equals("UP")) {
                up.add(c.get("name").asText());
            }
        });
        assertThat(up).contains("store", "broker");
    }

    /** The value of the sample of {@code name} that carries all of {@code labels} (among others, such as the instance). */
    private static double metric(String scrape, String name, String... labels) {
        return scrape.lines().filter(l -> l.startsWith(name + "{"))
                .filter(l -> {
                    List<String> carried = List.of(l.substring(name.length() + 1, l.lastIndexOf('}')).split(","));
                    return carried.containsAll(List.of(labels));
                })
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }

    @Test
    void aBatchReportsItsFailedItemsWithTheirRepliesAndTellsTheWebhookWhenComplete() throws Exception {
        HttpResponse<String> answer = app.postJson("/api/outbound/batches", """
                {"mailbox": "refuse", "items": [
                  {"to": ["a@customer.test"], "subject": "refused batch 1", "text": "x"},
                  {"to": ["b@customer.test"], "subject": "refused batch 2", "text": "x"}]}""");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String batchId = JSON.readTree(answer.body()).get("batchId").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> batch(batchId).get("completedAt").isTextual());
        JsonNode batch = batch(batchId);
        assertThat(batch.get("counts").get("failed").asInt()).isEqualTo(2);
        assertThat(batch.get("failed")).hasSize(2);
        assertThat(batch.get("failed").get(1).get("item").asInt()).isEqualTo(1);
        assertThat(batch.get("failed").get(1).get("lastReply").asText()).contains("550 5.1.1");

        await().atMost(Duration.ofSeconds(10)).until(() -> erp.requests().stream()
                .anyMatch(r -> batchId.equals(r.document().path("batchId").asText()) && r.document().path("event").asText().equals("batch.completed")));
        JsonNode event = erp.requests().stream().map(ScriptedErp.Request::document)
                .filter(d -> d.path("event").asText().equals("batch.completed") && batchId.equals(d.path("batchId").asText()))
                .findFirst().orElseThrow();
        assertThat(event.get("counts").get("failed").asInt()).isEqualTo(2);
    }

    @Test
    void aRefusedSignInPausesTheMailboxWithItsCauseAndSpendsNoAttempts() throws Exception {
        ScriptedSmtpServer server = servers.get("auth");
        server.authReply = "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox.";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(post("auth", "while paused " + i, 1));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> ids.stream().allMatch(id -> lastReply(id).contains("smtp-auth-disabled")));
        for (String id : ids) {
            JsonNode waiting = status(id);
            assertThat(waiting.get("status").asText()).isEqualTo("queued");
            assertThat(waiting.get("attempts").asInt()).isZero();
            assertThat(waiting.get("lastReply").asText()).contains("5.7.139", "Authenticated SMTP");
        }
        JsonNode mailbox = JSON.readTree(app.get("/api/mailboxes/auth", RunningApp.ADMIN_TOKEN).body());
        assertThat(mailbox.get("sendingPaused").get("cause").asText()).isEqualTo("smtp-auth-disabled");
        assertThat(mailbox.get("sendingPaused").get("fix").asText()).contains("SmtpClientAuthenticationDisabled");
        // paused: the mails wait without trying the server again until the recheck
        int connectionsWhilePaused = server.connections();
        assertThat(connectionsWhilePaused).isLessThanOrEqualTo(3);

        server.authReply = "235 2.7.0 Authentication successful";
        for (String id : ids) {
            JsonNode sent = awaitStatus(id, "sent");
            assertThat(sent.get("attempts").asInt()).isEqualTo(1);
        }
        assertThat(JSON.readTree(app.get("/api/mailboxes/auth", RunningApp.ADMIN_TOKEN).body()).has("sendingPaused")).isFalse();
    }

    @Test
    void aConnectionLostAfterTheFinalDotIsCountedAsUncertainAndSentAgainWithTheSameMessageId() throws Exception {
        ScriptedSmtpServer server = servers.get("dot");
        server.dropAfterDot = true;
        String id = post("dot", "dropped after the dot", 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> status(id).path("uncertainAttempts").asInt() == 1);
        server.dropAfterDot = false;
        JsonNode sent = awaitStatus(id, "sent");
        assertThat(sent.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(sent.get("uncertainAttempts").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(server.acceptedMessageIds()).containsOnlyOnce(sent.get("messageId").asText());
    }

    @Test
    void atMostThreeConnectionsPerMailboxAreOpenAndTheyAreReused() throws Exception {
        ScriptedSmtpServer server = servers.get("cap");
        server.dataEndDelayMillis = 300;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            ids.add(post("cap", "capped " + i, 1));
        }
        for (String id : ids) {
            awaitStatus(id, "sent");
        }
        assertThat(server.maxConcurrentConnections()).isEqualTo(3);
        // 15 mails over 3 connections, each signed in once
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void theMessagesPerMinuteLimitHoldsBackTheRest() throws Exception {
        ScriptedSmtpServer server = servers.get("throttle");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(post("throttle", "throttled " + i, 1));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> server.accepted() == 4);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> server.accepted() == 4);
        List<String> waiting = ids.stream().filter(id -> !status(id).get("status").asText().equals("sent")).toList();
        assertThat(waiting).hasSize(3);
        for (String id : waiting) {
            assertThat(status(id).get("attempts").asInt()).isZero();
            assertThat(lastReply(id)).contains("per-minute limit", "4 messages a minute");
        }
    }

    @Test
    void theDailyRecipientBudgetHoldsMailUntilTheNextUtcDay() throws Exception {
        ScriptedSmtpServer server = servers.get("budget");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(post("budget", "budget " + i, 2));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> server.accepted() == 2
                && ids.stream().anyMatch(id -> lastReply(id).contains("recipients today")));
        String held = ids.stream().filter(id -> lastReply(id).contains("recipients today")).findFirst().orElseThrow();
        JsonNode status = status(held);
        assertThat(status.get("status").asText()).isEqualTo("queued");
        assertThat(status.get("attempts").asInt()).isZero();
        Instant midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(Instant.parse(status.get("nextAttemptAt").asText())).isEqualTo(midnight);
        assertThat(status.get("lastReply").asText()).contains("4 of its 5 recipients");
    }

    private String post(String mailbox, String subject, int recipients) throws Exception {
        StringBuilder to = new StringBuilder();
        for (int i = 0; i < recipients; i++) {
            to.append(i == 0 ? "" : ",").append("\"r").append(i).append("@customer.test\"");
        }
        HttpResponse<String> answer = app.postJson("/api/outbound", "{\"mailbox\": \"" + mailbox + "\", \"to\": [" + to
                + "], \"subject\": \"" + subject + "\", \"text\": \"x\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return JSON.readTree(answer.body()).get("id").asText();
    }

    private JsonNode awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> status(id).get("status").asText().equals(status));
        return status(id);
    }

    private JsonNode status(String id) {
        try {
            return JSON.readTree(app.get("/api/outbound/" + id, RunningApp.ADMIN_TOKEN).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode batch(String batchId) throws Exception {
        return JSON.readTree(app.get("/api/outbound/batches/" + batchId, RunningApp.ADMIN_TOKEN).body());
    }

    private String lastReply(String id) {
        return status(id).path("lastReply").asText("");
    }

    /** The reason the dead-letter queue gives for the mail, read without taking it off the queue. */
    private String deadLetterReason(String id) throws Exception {
        ConnectionFactory factory = app.camel().getRegistry().lookupByNameAndType("outboundConnectionFactory", ConnectionFactory.class);
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(OutboundQueue.DEAD), OutboundQueue.ID + " = '" + id + "'");
            var messages = browser.getEnumeration();
            assertThat(messages.hasMoreElements()).as("mail " + id + " on the dead-letter queue").isTrue();
            return ((Message) messages.nextElement()).getStringProperty(OutboundQueue.FAILURE);
        }
    }
}
