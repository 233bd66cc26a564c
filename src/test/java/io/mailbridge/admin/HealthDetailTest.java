package io.mailbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.sandbox.Sandbox;
import io.mailbridge.support.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The health checks' details (addresses, token expiry, error text) are for admins; anyone gets the overall status. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthDetailTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningApp app;

    @BeforeAll
    void start() throws Exception {
        app = RunningApp.sandbox("mailbridge-health");
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void aStrangerAskingForFullDetailGetsTheOverallStatusOnly() throws Exception {
        for (String path : new String[] {"/observe/health?exposureLevel=full&data=true", "/observe/health",
                "/observe/health/ready?exposureLevel=full", "/observe/health/live"}) {
            HttpResponse<String> answer = app.get(path, null);
            // the sandbox's delegated mailbox waits for a sign-in: DOWN, as a load balancer must see
            String expected = path.contains("/live") ? "UP" : "DOWN";
            assertThat(answer.statusCode()).as(path).isEqualTo(expected.equals("UP") ? 200 : 503);
            assertThat(JSON.readTree(answer.body()).get("status").asText()).as(path).isEqualTo(expected);
            assertThat(answer.body()).as(path).doesNotContain(Sandbox.DELEGATED_ADDRESS, "@", "tokenExpiresAt", "not-signed-in",
                    "sign in", "mailbox-");
        }
        HttpResponse<String> wrongToken = app.get("/observe/health?exposureLevel=full&data=true", "guessed-token-guessed-token");
        assertThat(wrongToken.body()).doesNotContain(Sandbox.DELEGATED_ADDRESS, "mailbox-");
    }

    @Test
    void anAdminGetsEveryCheckWithItsDetail() throws Exception {
        HttpResponse<String> answer = app.get("/observe/health?exposureLevel=full&data=true", RunningApp.ADMIN_TOKEN);
        JsonNode checks = JSON.readTree(answer.body()).get("checks");
        assertThat(checks.findValuesAsText("name")).contains("mailbox-" + Sandbox.DELEGATED_MAILBOX, "store", "broker");
        assertThat(answer.body()).contains(Sandbox.DELEGATED_ADDRESS).contains("not-signed-in");
    }
}
