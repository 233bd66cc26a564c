package io.mailbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.support.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API describes itself at {@code /api/openapi.json}, for ERP teams to generate clients; admins only. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningApp app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        app = RunningApp.sandbox("mailbridge-openapi");
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void theDocumentListsEveryCallOfTheApi() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(app.url("/api/openapi.json"))
                .header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode document = JSON.readTree(answer.body());
        assertThat(document.get("openapi").asText()).startsWith("3.");
        assertThat(document.get("info").get("title").asText()).isEqualTo("mailbridge admin API");
        List<String> operations = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> operations.add(method.toUpperCase() + " " + path.getKey())));
        assertThat(operations).containsExactlyInAnyOrder(
                "GET /api/routes", "GET /api/mailboxes", "GET /api/mailboxes/{id}", "POST /api/mailboxes/{id}/test",
                "GET /api/inbound", "POST /api/inbound/replay", "GET /api/outbound", "POST /api/outbound",
                "GET /api/outbound/batches", "POST /api/outbound/batches", "GET /api/outbound/batches/{batchId}",
                "GET /api/outbound/{id}", "POST /api/outbound/{id}/retry");
        JsonNode test = document.get("paths").get("/api/mailboxes/{id}/test").get("post");
        assertThat(test.get("parameters").get(0).get("name").asText()).isEqualTo("id");
        assertThat(test.get("parameters").get(0).get("in").asText()).isEqualTo("path");
    }

    @Test
    void strangersGetNoDocument() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(app.url("/api/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).doesNotContain("/api/outbound");
    }
}
