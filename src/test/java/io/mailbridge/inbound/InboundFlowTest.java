package io.mailbridge.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mailbridge.sandbox.Sandbox;
import io.mailbridge.support.MailFolders;
import io.mailbridge.support.LogCapture;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.ScriptedErp;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shipped inbound route against the sandbox mail server and a scripted ERP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboundFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path home;
    private ScriptedErp erp;
    private RunningApp app;
    private Sandbox sandbox;
    private InboundLedger ledger;

    @BeforeAll
    void start() throws Exception {
        home = RunningApp.newHome("mailbridge-inbound", "inbound-sandbox-erp.camel.yaml");
        erp = new ScriptedErp();
        int port = RunningApp.freePort();
        Map<String, String> settings = new HashMap<>(RunningApp.sandboxSettings(home, port));
        settings.put("mailbridge.erp.url", erp.url("/erp/documents"));
        settings.put("mailbridge.erp.auth", "bearer");
        settings.put("mailbridge.erp.token", "erp-token-for-tests");
        settings.put("mailbridge.erp.timeout-ms", "1000");
        settings.put("mailbridge.inbound.poll-delay-ms", "300");
        settings.put("mailbridge.inbound.max-attempts", "3");
        settings.put("mailbridge.inbound.retry-delay-seconds", "1");
        settings.put("mailbridge.inbound.max-retry-delay-seconds", "2");
        settings.put("mailbridge.inbound.max-parts", "20");
        app = RunningApp.start(home, settings, port);
        sandbox = app.camel().getRegistry().lookupByNameAndType("sandbox", Sandbox.class);
        ledger = app.camel().getRegistry().lookupByNameAndType("inboundLedger", InboundLedger.class);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        erp.close();
        RunningApp.deleteRecursively(home);
    }

    private void deliver(String subject, Map<String, String> headers, int extraParts) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("supplier@example.test", "Supplier Ltd"));
        m.setRecipients(MimeMessage.RecipientType.TO, Sandbox.APP_ADDRESS);
        m.setSubject(subject, "UTF-8");
        MimeMultipart mixed = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Please find the invoice attached.", "UTF-8");
        mixed.addBodyPart(text);
        MimeBodyPart pdf = new MimeBodyPart();
        pdf.setContent("%PDF-1.4 invoice".getBytes(), "application/pdf");
        pdf.setFileName("invoice.pdf");
        mixed.addBodyPart(pdf);
        for (int i = 0; i < extraParts; i++) {
            MimeBodyPart part = new MimeBodyPart();
            part.setText("part " + i);
            mixed.addBodyPart(part);
        }
        m.setContent(mixed);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            m.setHeader(h.getKey(), h.getValue());
        }
        m.saveChanges();
        sandbox.mailServer().deliver(Sandbox.APP_ADDRESS, m);
    }

    private List<String> subjectsIn(String folder) {
        return MailFolders.subjects(sandbox.mailServer().greenMail(), Sandbox.APP_ADDRESS, folder);
    }

    @Test
    void messageBecomesADocumentDeliveredOnceWithItsIdempotencyKeyThenMovedToProcessed() throws Exception {
        deliver("Invoice 4711 – Müller GmbH", Map.of(), 0);

        await().atMost(Duration.ofSeconds(20)).until(() -> subjectsIn("Processed").contains("Invoice 4711 – Müller GmbH"));
        List<ScriptedErp.Request> requests = erp.requestsFor("Invoice 4711");
        assertThat(requests).hasSize(1);
        ScriptedErp.Request request = requests.get(0);
        assertThat(request.path()).isEqualTo("/erp/documents");
        assertThat(request.idempotencyKey()).matches("sandbox-ap/INBOX/\\d+/\\d+").isEqualTo(request.document().get("id").asText());
        assertThat(request.contentType()).startsWith("application/json");
        assertThat(request.authorization()).isEqualTo("Bearer erp-token-for-tests");
        assertThat(request.document().get("subject").asText()).isEqualTo("Invoice 4711 – Müller GmbH");
        assertThat(request.document().get("attachments").get(0).get("fileName").asText()).isEqualTo("invoice.pdf");
        assertThat(subjectsIn("INBOX")).doesNotContain("Invoice 4711 – Müller GmbH");
        InboundLedger.Entry entry = ledger.find(request.idempotencyKey()).orElseThrow();
        assertThat(entry.state()).isEqualTo(InboundLedger.State.DELIVERED);
        assertThat(entry.attempts()).isEqualTo(1);
    }

    @Test
    void erpOutageIsRetriedWithTheSameKeyAndTheMessageStaysInTheInboxUntilAccepted() throws Exception {
        deliver("Order 77 [503-once]", Map.of(), 0);

        await().atMost(Duration.ofSeconds(20)).until(() -> subjectsIn("Processed").contains("Order 77 [503-once]"));
        List<ScriptedErp.Request> requests = erp.requestsFor("Order 77");
        assertThat(requests).extracting(ScriptedErp.Request::answered).containsExactly(503, 201);
        assertThat(requests.get(0).idempotencyKey()).isEqualTo(requests.get(1).idempotencyKey());
        assertThat(ledger.find(requests.get(0).idempotencyKey()).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void erpTimeoutIsRetried() throws Exception {
        deliver("Delivery note 5 [slow-once]", Map.of(), 0);

        await().atMost(Duration.ofSeconds(30)).until(() -> subjectsIn("Processed").contains("Delivery note 5 [slow-once]"));
        List<ScriptedErp.Request> requests = erp.requestsFor("Delivery note 5");
        assertThat(requests).hasSizeGreaterThanOrEqualTo(2);
        assertThat(requests).extracting(ScriptedErp.Request::idempotencyKey).containsOnly(requests.get(0).idempotencyKey());
    }

    @Test
    void refusedDocumentIsQuarantinedAfterTheLastAttemptWhileOtherMailKeepsFlowing() throws Exception {
        deliver("Invoice 99 [422]", Map.of(), 0);
        deliver("Invoice 100", Map.of(), 0);

        await().atMost(Duration.ofSeconds(30)).until(() -> subjectsIn("Quarantine").contains("Invoice 99 [422]"));
        assertThat(subjectsIn("Processed")).contains("Invoice 100");
        List<ScriptedErp.Request> refused = erp.requestsFor("Invoice 99");
        assertThat(refused).hasSize(3).extracting(ScriptedErp.Request::answered).containsOnly(422);
        InboundLedger.Entry entry = ledger.find(refused.get(0).idempotencyKey()).orElseThrow();
        assertThat(entry.state()).isEqualTo(InboundLedger.State.QUARANTINED);
        assertThat(entry.lastError()).contains("422").contains("VAT number missing");
        assertThat(subjectsIn("INBOX")).doesNotContain("Invoice 99 [422]");
    }

    @Test
    void aQuarantinedMessageIsListedAndOnceReplayedComesInAgainAsANewMessage() throws Exception {
        deliver("Invoice 101 [422-until-fixed]", Map.of(), 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> subjectsIn("Quarantine").contains("Invoice 101 [422-until-fixed]"));
        String key = erp.requestsFor("Invoice 101").get(0).idempotencyKey();

        JsonNode quarantined = JSON.readTree(app.get("/api/inbound?state=quarantined", RunningApp.ADMIN_TOKEN).body());
        JsonNode listed = StreamSupport.stream(quarantined.spliterator(), false)
                .filter(e -> e.get("id").asText().equals(key)).findFirst().orElseThrow();
        assertThat(listed.get("lastError").asText()).contains("422");
        assertThat(app.post("/api/inbound/replay?id=" + URLEncoder.encode(key, StandardCharsets.UTF_8), null)
                .statusCode()).isEqualTo(401);

        erp.fixed = true;
        var replayed = app.post("/api/inbound/replay?id=" + URLEncoder.encode(key, StandardCharsets.UTF_8),
                RunningApp.ADMIN_TOKEN);
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> subjectsIn("Processed").contains("Invoice 101 [422-until-fixed]"));
        assertThat(subjectsIn("Quarantine")).doesNotContain("Invoice 101 [422-until-fixed]");
        List<ScriptedErp.Request> requests = erp.requestsFor("Invoice 101");
        assertThat(requests.get(requests.size() - 1).answered()).isEqualTo(201);
        assertThat(requests.get(requests.size() - 1).idempotencyKey()).isNotEqualTo(key);
        assertThat(ledger.find(key).orElseThrow().state()).isEqualTo(InboundLedger.State.REPLAYED);

        var again = app.post("/api/inbound/replay?id=" + URLEncoder.encode(key, StandardCharsets.UTF_8),
                RunningApp.ADMIN_TOKEN);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(app.post("/api/inbound/replay?id=nobody%2FINBOX%2F1%2F1", RunningApp.ADMIN_TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void erpRefusingMailbridgesCredentialsNeverQuarantinesMail() throws Exception {
        deliver("Invoice 7 [401]", Map.of(), 0);

        await().atMost(Duration.ofSeconds(30)).until(() -> erp.requestsFor("Invoice 7 [401]").size() >= 4);
        assertThat(subjectsIn("Quarantine")).doesNotContain("Invoice 7 [401]");
        assertThat(subjectsIn("INBOX")).contains("Invoice 7 [401]");
        InboundLedger.Entry entry = ledger.find(erp.requestsFor("Invoice 7 [401]").get(0).idempotencyKey()).orElseThrow();
        assertThat(entry.state()).isEqualTo(InboundLedger.State.RECEIVED);
        assertThat(entry.attempts()).isGreaterThan(3);
        assertThat(entry.lastError()).contains("401").contains("credentials");
    }

    @Test
    void mailHeadersNeverSteerTheErpCallOrTheAcknowledgement() throws Exception {
        deliver("Smuggler", Map.of("CamelHttpUri", "http://127.0.0.1:1/evil", "CamelHttpPath", "/evil",
                "CamelHttpMethod", "DELETE", "moveTo", "Evil", "delete", "true", "Authorization", "Bearer stolen"), 0);

        await().atMost(Duration.ofSeconds(20)).until(() -> subjectsIn("Processed").contains("Smuggler"));
        ScriptedErp.Request request = erp.requestsFor("Smuggler").get(0);
        assertThat(request.path()).isEqualTo("/erp/documents");
        assertThat(request.authorization()).isEqualTo("Bearer erp-token-for-tests");
        assertThat(subjectsIn("Evil")).isEmpty();
    }

    @Test
    void aSubjectCarryingEncodedLineBreaksCannotWriteLogLines() throws Exception {
        try (LogCapture log = new LogCapture()) {
            // Camel's account of the route: the mail has passed every step, its delivery line logged by the last
            NotifyBuilder delivered = new NotifyBuilder(app.camel()).fromRoute("inbound-sandbox-erp")
                    .filter(e -> e.getProperty(InboundPipeline.SUBJECT, "", String.class).startsWith("Forger"))
                    .whenCompleted(1).create();
            // an encoded word may carry CR and LF; decoded as is, it would start a log line of the sender's making
            deliver("Forger", Map.of("Subject", "=?utf-8?q?Forger=0D=0A12:00:00.000_ERROR_[main]_forged_line?="), 0);

            assertThat(delivered.matches(20, TimeUnit.SECONDS)).as("the mail through the route").isTrue();
            assertThat(erp.requestsFor("Forger").get(0).document().get("subject").asText())
                    .isEqualTo("Forger\r\n12:00:00.000 ERROR [main] forged line");
            assertThat(log.lines()).anyMatch(l -> l.contains("delivered to the ERP") && l.contains("Forger"));
            assertThat(log.lines()).filteredOn(l -> l.contains("Forger")).allSatisfy(line -> {
                assertThat(line).doesNotContain("\r").doesNotContain("\n");
                assertThat(line).contains("Forger\\r\\n12:00:00.000 ERROR [main] forged line");
            });
        }
    }

    @Test
    void messageOverTheLimitsIsQuarantinedWithTheReason() throws Exception {
        deliver("Part bomb", Map.of(), 30);

        await().atMost(Duration.ofSeconds(20)).until(() -> subjectsIn("Quarantine").contains("Part bomb"));
        assertThat(erp.requestsFor("Part bomb")).isEmpty();
        InboundLedger.Entry entry = ledger.recent(Sandbox.APP_MAILBOX, 100).stream()
                .filter(e -> "Part bomb".equals(e.subject())).findFirst().orElseThrow();
        assertThat(entry.lastError()).contains("mailbridge.inbound.max-parts");
    }
}
