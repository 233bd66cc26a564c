package io.mailbridge.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.mailbridge.sandbox.Sandbox;
import io.mailbridge.support.RunningApp;
import jakarta.mail.Address;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shipped outbound route on the sandbox: requests over the API, batches over the API and the drop folder, sent
 * over XOAUTH2 to the sandbox mail server (GreenMail), which refuses any other sign-in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboundFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path home;
    private RunningApp app;
    private GreenMail greenMail;
    private OutboundRequests requests;

    @BeforeAll
    void start() throws Exception {
        home = RunningApp.newHome("mailbridge-outbound", "outbound-sandbox.camel.yaml");
        Path invoice = Files.createDirectories(home.resolve("templates/invoice"));
        for (String part : List.of("subject.peb", "text.peb", "html.peb")) {
            Files.copy(Path.of("templates/invoice").resolve(part), invoice.resolve(part));
        }
        int port = RunningApp.freePort();
        Map<String, String> settings = new HashMap<>(RunningApp.sandboxSettings(home, port));
        settings.put("mailbridge.outbound.templates", home.resolve("templates").toString());
        settings.put("mailbridge.outbound.drop-folder", home.resolve("drop").toString());
        settings.put("mailbridge.outbound.messages-per-minute", "100000");
        settings.put("mailbridge.outbound.max-attachment-bytes", "4096");
        app = RunningApp.start(home, settings, port);
        greenMail = app.camel().getRegistry().lookupByNameAndType("sandbox", Sandbox.class).mailServer().greenMail();
        requests = app.camel().getRegistry().lookupByNameAndType("outboundRequests", OutboundRequests.class);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        RunningApp.deleteRecursively(home);
    }

    @Test
    void requestIsSentOnceWithTheMessageIdFixedWhenQueued() throws Exception {
        String attachment = Base64.getEncoder().encodeToString("%PDF-1.4 invoice 4711".getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> answer = app.postJson("/api/outbound", """
                {"mailbox": "sandbox-ap", "to": ["Anna Berg <anna@customer.test>"], "cc": ["cc@customer.test"],
                 "bcc": ["archive@customer.test"], "replyTo": "billing@sandbox.test", "subject": "Rechnung 4711 – Müller",
                 "text": "Guten Tag,\\nanbei die Rechnung.", "html": "<p>Guten Tag</p>",
                 "attachments": [{"fileName": "Rechnung 4711.pdf", "contentType": "application/pdf", "content": "%s"}]}
                """.formatted(attachment));
        assertThat(answer.statusCode()).isEqualTo(202);
        JsonNode accepted = JSON.readTree(answer.body());
        assertThat(accepted.get("status").asText()).isEqualTo("queued");
        String id = accepted.get("id").asText();

        JsonNode status = awaitStatus(id, "sent");
        assertThat(status.get("attempts").asInt()).isEqualTo(1);
        assertThat(status.get("lastReply").asText()).startsWith("250");
        String messageId = status.get("messageId").asText();
        assertThat(messageId).isEqualTo("<" + id + "@sandbox.test>");

        List<MimeMessage> copies = received(messageId);
        // one copy per recipient mailbox (to, cc and bcc), all of the same mail
        assertThat(copies).hasSize(3);
        MimeMessage mail = copies.get(0);
        assertThat(mail.getSubject()).isEqualTo("Rechnung 4711 – Müller");
        assertThat(Arrays.stream(mail.getFrom()).map(Address::toString)).containsExactly(Sandbox.APP_ADDRESS);
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getReplyTo()[0].toString()).isEqualTo("billing@sandbox.test");
        Part pdf = ((Multipart) mail.getContent()).getBodyPart(1);
        assertThat(pdf.getFileName()).isEqualTo("Rechnung 4711.pdf");
        assertThat(new String(pdf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.4 invoice 4711");
    }

    @Test
    void theSameRequestIdIsAcceptedOnce() throws Exception {
        String request = """
                {"mailbox": "sandbox-ap", "to": ["once@customer.test"], "subject": "Once", "text": "x", "requestId": "erp-0001"}""";
        HttpResponse<String> first = app.postJson("/api/outbound", request);
        HttpResponse<String> second = app.postJson("/api/outbound", request);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(200);
        String id = JSON.readTree(first.body()).get("id").asText();
        assertThat(JSON.readTree(second.body()).get("id").asText()).isEqualTo(id);
        assertThat(JSON.readTree(second.body()).get("duplicate").asBoolean()).isTrue();

        HttpResponse<String> different = app.postJson("/api/outbound", request.replace("\"x\"", "\"other text\""));
        assertThat(different.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(different.body()).get("message").asText()).contains("erp-0001", id);

        String messageId = awaitStatus(id, "sent").get("messageId").asText();
        app.postJson("/api/outbound", request);
        assertThat(received(messageId)).hasSize(1);
        assertThat(rows()).filteredOn(r -> "erp-0001".equals(r)).hasSize(1);
    }

    @Test
    void badRequestsAreRefusedNamingTheFieldAndNothingIsQueued() throws Exception {
        String ok = "\"mailbox\": \"sandbox-ap\", \"subject\": \"s\", \"text\": \"t\"";
        String big = Base64.getEncoder().encodeToString(new byte[5000]);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"mailbox\": \"nobody\", \"to\": [\"a@b.test\"], \"subject\": \"s\", \"text\": \"t\"}", "mailbox");
        cases.put("{\"to\": [\"a@b.test\"], \"subject\": \"s\", \"text\": \"t\"}", "mailbox");
        cases.put("{" + ok + "}", "to");
        cases.put("{" + ok + ", \"to\": []}", "to");
        cases.put("{" + ok + ", \"to\": [\"a@b.test\", \"not an address\"]}", "to[1]");
        cases.put("{" + ok + ", \"to\": [\"a@\"]}", "to[0]");
        cases.put("{" + ok + ", \"to\": [\"a@b.test\\r\\nBcc: x@evil.test\"]}", "to[0]");
        cases.put("{" + ok + ", \"to\": [\"a@b.test\"], \"cc\": [\"c@d.test\\nX: y\"]}", "cc[0]");
        cases.put("{\"mailbox\": \"sandbox-ap\", \"to\": [\"a@b.test\"], \"subject\": \"s\\r\\nBcc: x@evil.test\", \"text\": \"t\"}", "subject");
        cases.put("{" + ok + ", \"to\": [\"a@b.test\"], \"replyTo\": \"r@b.test\\nX: y\"}", "replyTo");
        cases.put("{" + ok + ", \"to\": [\"a@b.test\"], \"attachments\": [{\"fileName\": \"a\\r\\n.pdf\", \"content\": \"AA==\"}]}",
                "attachments[0].fileName");
        cases.put("{" + ok + ", \"to\": [\"a@b.test\"], \"attachments\": [{\"fileName\": \"a.pdf\", \"contentType\": \"application/pdf\\r\\nX: y\", \"content\": \"AA==\"}]}",
                "attachments[0].contentType");
        cases.put("{" + ok + ", \"to\": [\"a@b.test\"], \"attachments\": [{\"fileName\": \"a.pdf\", \"content\": \"" + big + "\"}]}",
                "attachments[0].content");
        cases.put("{" + ok + ", \"to\": [\"a@b.test\"], \"attachments\": [{\"fileName\": \"a.pdf\", \"content\": \"%%%\"}]}",
                "attachments[0].content");
        cases.put("{" + ok + ", \"to\": [\"a@b.test\"], \"requestId\": \"a\\nb\"}", "requestId");
        cases.put("{" + ok + ", \"to\": [\"a@b.test\"], \"too\": [\"typo@b.test\"]}", "too");
        cases.put("{\"mailbox\": \"sandbox-ap\", \"to\": [\"a@b.test\"], \"template\": \"no-such-template\"}", "template");
        cases.put("{\"mailbox\": \"sandbox-ap\", \"to\": [\"a@b.test\"], \"template\": \"invoice\", \"data\": {\"company\": \"C\"}}",
                "data.invoice");
        cases.put("{\"mailbox\": \"sandbox-ap\", \"to\": [\"a@b.test\"], \"subject\": \"s\"}", "text");
        cases.put("[1, 2]", null);
        cases.put("{\"mailbox\": ", null);

        int before = rows().size();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> answer = app.postJson("/api/outbound", c.getKey());
            assertThat(answer.statusCode()).as(c.getKey()).isEqualTo(400);
            JsonNode error = JSON.readTree(answer.body());
            assertThat(error.get("error").asText()).isEqualTo("invalid-request");
            assertThat(error.get("field").isNull() ? null : error.get("field").asText()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(error.get("message").asText()).as(c.getKey()).isNotBlank();
        }
        // a request is recorded before it is queued, so no new record means nothing was queued
        assertThat(rows()).hasSize(before);
        assertThat(greenMail.getReceivedMessagesForDomain("evil.test")).isEmpty();
    }

    @Test
    void apiRefusesWithoutTheAdminTokenAndWithAFormBody() throws Exception {
        var http = HttpClient.newHttpClient();
        var noToken = http.send(HttpRequest.newBuilder(app.url("/api/outbound")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        var form = http.send(HttpRequest.newBuilder(app.url("/api/outbound"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("mailbox=sandbox-ap")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.body()).contains("Content-Type: application/json");
        assertThat(app.get("/api/outbound/whatever", null).statusCode()).isEqualTo(401);
        assertThat(app.get("/api/outbound/no-such-id", RunningApp.ADMIN_TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void templatesEscapeHtmlKeepTextAsWrittenAndTakeEditsWithoutRestart() throws Exception {
        Path template = Files.createDirectories(home.resolve("templates/notice"));
        Files.writeString(template.resolve("subject.peb"), "Notice for {{ name }}");
        Files.writeString(template.resolve("text.peb"), "Hello {{ name }}");
        Files.writeString(template.resolve("html.peb"), "<p>Hello {{ name }}</p>");
        String request = """
                {"mailbox": "sandbox-ap", "to": ["template@customer.test"], "template": "notice",
                 "data": {"name": "<script>alert(1)</script> & Co"}}""";
        MimeMessage first = receivedFor(sent(request));
        assertThat(first.getSubject()).isEqualTo("Notice for <script>alert(1)</script> & Co");
        Multipart alternative = (Multipart) first.getContent();
        assertThat(alternative.getBodyPart(0).getContent().toString()).isEqualTo("Hello <script>alert(1)</script> & Co");
        assertThat(alternative.getBodyPart(1).getContent().toString())
                .isEqualTo("<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</p>");

        // an edit is picked up at the next request (the new file is longer, so it counts as changed at once)
        Files.writeString(template.resolve("subject.peb"), "Revised notice for {{ name }}");
        assertThat(receivedFor(sent(request)).getSubject()).startsWith("Revised notice for ");
    }

    @Test
    void batchIsSentAndReportsItsCountsOnceEvenWhenPostedTwice() throws Exception {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            items.append(i == 0 ? "" : ",").append(invoiceItem("run1-" + i + "@customer.test", "R1-" + i));
        }
        String batch = "{\"mailbox\": \"sandbox-ap\", \"template\": \"invoice\", \"requestId\": \"run-2026-11\", \"items\": ["
                + items + "]}";
        HttpResponse<String> answer = app.postJson("/api/outbound/batches", batch);
        assertThat(answer.statusCode()).isEqualTo(202);
        String batchId = JSON.readTree(answer.body()).get("batchId").asText();
        assertThat(JSON.readTree(answer.body()).get("count").asInt()).isEqualTo(25);

        await().atMost(Duration.ofSeconds(30)).until(() -> batch(batchId).get("completedAt").isTextual());
        JsonNode status = batch(batchId);
        assertThat(status.get("counts").get("sent").asInt()).isEqualTo(25);
        assertThat(status.get("counts").get("failed").asInt()).isZero();
        assertThat(status.get("failed")).isEmpty();

        HttpResponse<String> again = app.postJson("/api/outbound/batches", batch);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("batchId").asText()).isEqualTo(batchId);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(greenMail.getReceivedMessagesForDomain("customer.test"))
                        .filteredOn(m -> subject(m).startsWith("Invoice R1-")).hasSize(25));
    }

    @Test
    void batchWithOneBadItemIsRefusedAndQueuesNothing() throws Exception {
        String batch = "{\"mailbox\": \"sandbox-ap\", \"template\": \"invoice\", \"items\": ["
                + invoiceItem("fine@customer.test", "B-1") + "," + invoiceItem("fine2@customer.test", "B-2") + ","
                + invoiceItem("broken address", "B-3") + "]}";
        int before = rows().size();
        HttpResponse<String> answer = app.postJson("/api/outbound/batches", batch);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).get("field").asText()).isEqualTo("items[2].to[0]");
        assertThat(rows()).hasSize(before);

        HttpResponse<String> itemsFirst = app.postJson("/api/outbound/batches",
                "{\"items\": [" + invoiceItem("a@customer.test", "B-4") + "], \"mailbox\": \"sandbox-ap\"}");
        assertThat(itemsFirst.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(itemsFirst.body()).get("message").asText()).contains("before items");
    }

    @Test
    void dropFolderBatchIsSentAndMovedToDoneAndABadOneToFailedWithItsReason() throws Exception {
        Path drop = home.resolve("drop");
        Files.createDirectories(drop.resolve("pdf"));
        Files.write(drop.resolve("pdf/D-1.pdf"), SandboxPdf.bytes());
        String item = invoiceItem("drop@customer.test", "D-1");
        String withFile = item.substring(0, item.length() - 1)
                + ", \"attachments\": [{\"fileName\": \"D-1.pdf\", \"contentType\": \"application/pdf\", \"path\": \"pdf/D-1.pdf\"}]}";
        Files.writeString(drop.resolve("run.json.part"), "{\"mailbox\": \"sandbox-ap\", \"template\": \"invoice\", \"items\": ["
                + withFile + "]}");
        Files.move(drop.resolve("run.json.part"), drop.resolve("run.json"));
        Files.writeString(drop.resolve("escape.json"), "{\"mailbox\": \"sandbox-ap\", \"template\": \"invoice\", \"items\": ["
                + withFile.replace("pdf/D-1.pdf", "../../etc/passwd") + "]}");

        // the result is written while the file is processed; the file moves when processing completes
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(drop.resolve("done/run.json"))
                && Files.exists(drop.resolve("failed/escape.json")));
        assertThat(drop.resolve("run.json")).doesNotExist();
        assertThat(drop.resolve("done/run.json.result.json")).exists();
        String batchId = JSON.readTree(drop.resolve("done/run.json.result.json").toFile()).get("batchId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> batch(batchId).get("counts").get("sent").asInt() == 1);
        assertThat(batch(batchId).get("source").asText()).isEqualTo("drop-folder:run.json");
        MimeMessage mail = Arrays.stream(greenMail.getReceivedMessagesForDomain("customer.test"))
                .filter(m -> subject(m).startsWith("Invoice D-1 ")).findFirst().orElseThrow();
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        ((Multipart) mail.getContent()).getBodyPart(1).getInputStream().transferTo(pdf);
        assertThat(pdf.toByteArray()).isEqualTo(SandboxPdf.bytes());

        assertThat(drop.resolve("escape.json")).doesNotExist();
        JsonNode error = JSON.readTree(drop.resolve("failed/escape.json.error.json").toFile());
        assertThat(error.get("field").asText()).isEqualTo("items[0].attachments[0].path");
        assertThat(error.get("message").asText()).contains("not a file inside the drop folder");
    }

    @Test
    void aBatchFileDroppedAgainIsRecognisedAsARepeatAndNothingIsSentTwice() throws Exception {
        Path drop = home.resolve("drop");
        Files.createDirectories(drop);
        String content = "{\"mailbox\": \"sandbox-ap\", \"template\": \"invoice\", \"requestId\": \"erp-run-repeat\", "
                + "\"items\": [" + invoiceItem("repeat@customer.test", "R-1") + "]}";
        Files.writeString(drop.resolve("repeat.json.part"), content);
        Files.move(drop.resolve("repeat.json.part"), drop.resolve("repeat.json"));
        Path done = drop.resolve("done/repeat.json");
        Path result = drop.resolve("done/repeat.json.result.json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(done));
        JsonNode first = JSON.readTree(result.toFile());
        assertThat(first.has("repeat")).isFalse();
        String batchId = first.get("batchId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> batch(batchId).get("counts").get("sent").asInt() == 1);

        // the ERP writes the same file once more, under the same name
        Files.delete(result);
        Files.writeString(drop.resolve("repeat.json.part"), content);
        Files.move(drop.resolve("repeat.json.part"), drop.resolve("repeat.json"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(result) && !Files.exists(drop.resolve("repeat.json")));
        JsonNode second = JSON.readTree(result.toFile());
        assertThat(second.get("batchId").asText()).isEqualTo(batchId);
        assertThat(second.get("repeat").asBoolean()).isTrue();
        assertThat(second.get("message").asText()).contains("accepted before").contains("nothing was queued again");
        assertThat(drop.resolve("failed/repeat.json")).doesNotExist();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(Arrays.stream(greenMail.getReceivedMessagesForDomain("customer.test"))
                    .filter(m -> subject(m).startsWith("Invoice R-1 "))).hasSize(1);
            assertThat(batch(batchId).get("counts").get("sent").asInt()).isEqualTo(1);
        });
    }

    @Test
    void sandboxSampleInvoiceRunGoesOut() throws Exception {
        Path done = home.resolve("drop/done");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(done) && Files.list(done)
                .anyMatch(p -> p.getFileName().toString().startsWith("sample-invoices-") && p.toString().endsWith(".result.json")));
        Path result;
        try (var files = Files.list(done)) {
            result = files.filter(p -> p.getFileName().toString().startsWith("sample-invoices-")
                    && p.toString().endsWith(".result.json")).findFirst().orElseThrow();
        }
        String batchId = JSON.readTree(result.toFile()).get("batchId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> batch(batchId).get("counts").get("sent").asInt() == 3);
        assertThat(greenMail.getReceivedMessagesForDomain("northwind.sandbox.test")).hasSize(1);
    }

    private static String invoiceItem(String to, String number) {
        return """
                {"to": ["%s"], "data": {"company": "Contoso", "customer": {"name": "Customer %s"},
                 "invoice": {"number": "%s", "date": "2026-11-22", "due": "2026-12-22", "amount": "10.00", "currency": "EUR"}}}"""
                .formatted(to, number, number);
    }

    private String sent(String request) throws Exception {
        HttpResponse<String> answer = app.postJson("/api/outbound", request);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return awaitStatus(JSON.readTree(answer.body()).get("id").asText(), "sent").get("messageId").asText();
    }

    private JsonNode awaitStatus(String id, String status) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> status(id).get("status").asText().equals(status));
        return status(id);
    }

    private JsonNode status(String id) throws Exception {
        HttpResponse<String> answer = app.get("/api/outbound/" + id, RunningApp.ADMIN_TOKEN);
        assertThat(answer.statusCode()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private JsonNode batch(String batchId) throws Exception {
        HttpResponse<String> answer = app.get("/api/outbound/batches/" + batchId, RunningApp.ADMIN_TOKEN);
        assertThat(answer.statusCode()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private List<MimeMessage> received(String messageId) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            if (messageId.equals(m.getMessageID())) {
                found.add(m);
            }
        }
        return found;
    }

    private MimeMessage receivedFor(String messageId) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> !received(messageId).isEmpty());
        return received(messageId).get(0);
    }

    /** The requestId of every request record (null for those without one). */
    private List<String> rows() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = requests.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT request_id FROM outbound_requests")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            return "";
        }
    }

    /** A small PDF to attach from the drop folder. */
    private static final class SandboxPdf {
        static byte[] bytes() {
            return "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        }
    }
}
