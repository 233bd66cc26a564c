package io.mailbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.outbound.OutboundRequests;
import io.mailbridge.support.CountingProxy;
import io.mailbridge.support.LogCapture;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.ScriptedSmtpServer;
import io.mailbridge.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store becoming unreachable while mail flows: mailbridge runs on PostgreSQL through a relay that the test cuts
 * and restores. Mail waits where it is (the outbound queue, the inbox), each try is one line in the log with the cause
 * and no stack trace, and everything goes through exactly once when the store is back.
 */
class StoreOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestDatabases.PostgresDatabase database;
    private CountingProxy store;
    private ScriptedSmtpServer smtp;
    private Path home;
    private RunningApp app;

    @BeforeEach
    void createStore() throws Exception {
        database = TestDatabases.newPostgresDatabase();
        store = new CountingProxy(5432);
        smtp = new ScriptedSmtpServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        store.close();
        smtp.close();
        database.close();
        RunningApp.deleteRecursively(home);
    }

    @Test
    void aQueuedMailWaitsForTheStoreWithOneLinePerTryAndIsSentOnceWhenItIsBack() throws Exception {
        start("outbound-sandbox.camel.yaml");
        // the sandbox's sample invoice run goes out first, so that only the test's mail meets the outage
        Path done = home.resolve("drop/done");
        OutboundRequests requests = app.camel().getRegistry().lookupByNameAndType("outboundRequests", OutboundRequests.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(done) && requests.countActive() == 0);
        // the consumer is held back only so that the store goes away between queueing and sending
        app.camel().getRouteController().stopRoute("outbound-send");
        String id = post("while the store is away");

        try (LogCapture logs = new LogCapture()) {
            store.cut();
            app.camel().getRouteController().startRoute("outbound-send");
            String waits = "Mail " + id + " waits: the store is unreachable (";
            await().atMost(Duration.ofSeconds(60)).until(() -> linesWith(logs, waits).size() >= 2);
            assertThat(linesWith(logs, waits)).allSatisfy(line -> assertThat(line)
                    .startsWith("WARN io.mailbridge.outbound.OutboundDelivery ")
                    .contains("it stays on the queue and is tried again with backoff", "Check mailbridge.store.url")
                    .doesNotContain("\n"));
            assertNoStackTraces(logs);
            assertThat(smtp.accepted()).isZero();
            // the mailboxes still answer, saying what the store would have told
            HttpResponse<String> mailboxes = app.get("/api/mailboxes", RunningApp.ADMIN_TOKEN);
            assertThat(mailboxes.statusCode()).as(mailboxes.body()).isEqualTo(200);
            assertThat(mailboxes.body()).contains("store-unreachable", "Check mailbridge.store.url");

            store.restore();
            await().atMost(Duration.ofSeconds(60)).until(() -> status(id).path("status").asText().equals("sent"));
            assertNoStackTraces(logs);
        }
        JsonNode sent = status(id);
        assertThat(sent.get("attempts").asInt()).isEqualTo(1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> smtp.accepted() == 1);
        assertThat(smtp.acceptedMessageIds()).containsExactly(sent.get("messageId").asText());
    }

    @Test
    void aBatchFileDroppedWhileTheStoreIsAwaySaysWhyAndCanBeDroppedAgain() throws Exception {
        start("outbound-sandbox.camel.yaml");
        Path drop = home.resolve("drop");
        OutboundRequests requests = app.camel().getRegistry().lookupByNameAndType("outboundRequests", OutboundRequests.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(drop.resolve("done")) && requests.countActive() == 0);
        String batch = "{\"mailbox\": \"erp\", \"template\": \"invoice\", \"requestId\": \"outage-run\", \"items\": [{\"to\": "
                + "[\"ap@customer.test\"], \"data\": {\"company\": \"Contoso\", \"customer\": {\"name\": \"A\"}, \"invoice\": "
                + "{\"number\": \"O-1\", \"date\": \"2026-11-23\", \"due\": \"2026-12-23\", \"amount\": \"1.00\", \"currency\": \"EUR\"}}}]}";
        try (LogCapture logs = new LogCapture()) {
            store.cut();
            Files.writeString(drop.resolve("outage.json.part"), batch);
            Files.move(drop.resolve("outage.json.part"), drop.resolve("outage.json"));
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(drop.resolve("failed/outage.json")));
            JsonNode error = JSON.readTree(drop.resolve("failed/outage.json.error.json").toFile());
            assertThat(error.get("error").asText()).isEqualTo("not-accepted");
            assertThat(error.get("message").asText()).contains("the store is unreachable (", "Move the file back");
            assertThat(linesWith(logs, "Batch file outage.json not accepted")).hasSize(1);
            assertNoStackTraces(logs);
            // the file is whole in failed/, and goes out once it is dropped again with the store back
            assertThat(drop.resolve("failed/outage.json")).hasContent(batch);
            store.restore();
        }
        Files.move(drop.resolve("failed/outage.json"), drop.resolve("outage.json"));
        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.accepted() == 1);
        assertThat(requests.findBatchByRequestId("outage-run")).isPresent();
    }

    @Test
    void anInboxWaitsForTheStoreWithOneLinePerPollAndIsDeliveredOnceWhenItIsBack() throws Exception {
        start();
        try (LogCapture logs = new LogCapture()) {
            store.cut();
            // the inbound route starts (live reload) while the store is away; the sandbox inbox holds four mails
            // written beside and renamed, so that the reload never reads a half-written file
            Path part = home.resolve("inbound-sandbox-erp.camel.yaml.part");
            Files.copy(Path.of("routes/inbound-sandbox-erp.camel.yaml"), part);
            Files.move(part, home.resolve("routes/inbound-sandbox-erp.camel.yaml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            // a poll asks the ledger which messages are due before it takes any: the outage fails each poll as a whole
            String skipped = "Mailbox sandbox-ap: poll of INBOX skipped: the store is unreachable (";
            await().atMost(Duration.ofSeconds(60)).until(() -> linesWith(logs, skipped).size() >= 2);
            assertThat(linesWith(logs, skipped)).allSatisfy(line -> assertThat(line)
                    .startsWith("WARN io.mailbridge.inbound.InboundPollExceptionHandler ")
                    .contains("its messages stay on the server and are read at the next poll", "Check mailbridge.store.url")
                    .doesNotContain("\n"));
            assertNoStackTraces(logs);
            assertThat(documents()).isEmpty();

            store.restore();
            await().atMost(Duration.ofSeconds(60)).until(() -> documents().size() == 4);
            assertNoStackTraces(logs);
        }
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> documents().size() == 4);
        for (JsonNode document : documents()) {
            assertThat(document.get("repeats").asInt()).isZero();
        }
    }

    private void start(String... routes) throws Exception {
        home = RunningApp.newHome("mailbridge-store-outage", routes);
        int port = RunningApp.freePort();
        Map<String, String> settings = new HashMap<>(RunningApp.sandboxSettings(home, port));
        settings.put("mailbridge.store.url", database.url(store.port()));
        settings.put("mailbridge.store.user", "postgres");
        settings.put("mailbridge.outbound.drop-folder", home.resolve("drop").toString());
        settings.put("mailbridge.erp.url", "http://localhost:" + port + "/sandbox/erp/documents");
        settings.put("mailbridge.inbound.poll-delay-ms", "300");
        settings.put("mailbridge.mailboxes.erp.address", "erp@sandbox.test");
        settings.put("mailbridge.mailboxes.erp.client", "sandbox");
        settings.put("mailbridge.mailboxes.erp.grant", "client-credentials");
        settings.put("mailbridge.mailboxes.erp.smtp", "smtp://127.0.0.1:" + smtp.port());
        app = RunningApp.start(home, settings, port);
    }

    /**
     * Neither Camel, nor the listener container, nor mailbridge reports the outage with a stack trace. The connection
     * pool's own report of a pooled connection that broke (once per connection, not per try) is the pool's affair.
     */
    private static void assertNoStackTraces(LogCapture logs) {
        assertThat(logs.lines()).noneMatch(line -> line.contains("StoreException") || line.contains("StoreUnreachableException"))
                .noneMatch(line -> line.contains("\n\tat ") && !line.split(" ", 3)[1].startsWith("com.zaxxer.hikari."));
    }

    private static List<String> linesWith(LogCapture logs, String text) {
        return logs.lines().stream().filter(l -> l.contains(text)).toList();
    }

    private String post(String subject) throws Exception {
        HttpResponse<String> answer = app.postJson("/api/outbound", "{\"mailbox\": \"erp\", \"to\": [\"ap@customer.test\"], "
                + "\"subject\": \"" + subject + "\", \"text\": \"x\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return JSON.readTree(answer.body()).get("id").asText();
    }

    private JsonNode status(String id) throws Exception {
        return JSON.readTree(app.get("/api/outbound/" + id, RunningApp.ADMIN_TOKEN).body());
    }

    private List<JsonNode> documents() throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        JSON.readTree(app.get("/sandbox/erp/documents", null).body()).forEach(documents::add);
        return documents;
    }
}
