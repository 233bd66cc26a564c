package io.mailbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.support.RunningApp;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The first README command's inbound flow: the shipped route delivers the seeded sandbox mail to the sample ERP. */
class SandboxInboundTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void seededMailArrivesAtTheSampleErpOnceEach() throws Exception {
        Files.createDirectories(home.resolve("routes"));
        Files.copy(Path.of("routes/inbound-sandbox-erp.camel.yaml"), home.resolve("routes/inbound-sandbox-erp.camel.yaml"));
        int port = RunningApp.freePort();
        Map<String, String> settings = new HashMap<>(RunningApp.sandboxSettings(home, port));
        settings.put("mailbridge.erp.url", "http://localhost:" + port + "/sandbox/erp/documents");
        settings.put("mailbridge.inbound.poll-delay-ms", "300");
        try (RunningApp app = RunningApp.start(home, settings, port)) {
            // Camel's own account of the shipped route: four exchanges through it, each completed without failure
            NotifyBuilder delivered = new NotifyBuilder(app.camel()).fromRoute("inbound-sandbox-erp").whenCompleted(4).create();
            assertThat(delivered.matches(30, TimeUnit.SECONDS)).as("four messages through the route").isTrue();
            assertThat(subjects(app)).containsExactlyInAnyOrder("Welcome to the mailbridge sandbox", "Invoice 2024-001",
                    "Fwd: supplier question", "Grüße");
            JsonNode documents = JSON.readTree(app.get("/sandbox/erp/documents", null).body());
            JsonNode invoice = null;
            for (JsonNode d : documents) {
                assertThat(d.get("repeats").asInt()).isZero();
                assertThat(d.get("idempotencyKey").asText()).startsWith("sandbox-ap/INBOX/");
                if (d.get("subject").asText().equals("Invoice 2024-001")) {
                    invoice = d;
                }
            }
            assertThat(invoice).isNotNull();
            assertThat(invoice.get("attachments").get(0).asText()).endsWith(".pdf");

            // the sink is idempotent by key, as an ERP should be
            String key = invoice.get("idempotencyKey").asText();
            HttpResponse<String> repeat = HttpClient.newHttpClient().send(HttpRequest.newBuilder(app.url("/sandbox/erp/documents"))
                    .header("Idempotency-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + key + "\",\"subject\":\"again\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(repeat.statusCode()).isEqualTo(200);
            assertThat(subjects(app)).hasSize(4);
        }
    }

    private static List<String> subjects(RunningApp app) throws Exception {
        List<String> subjects = new ArrayList<>();
        for (JsonNode d : JSON.readTree(app.get("/sandbox/erp/documents", null).body())) {
            subjects.add(d.get("subject").asText());
        }
        return subjects;
    }

}
