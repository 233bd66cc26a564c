package io.mailbridge.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.support.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing the admin token against the running server: the login form and the API's bearer token are throttled per
 * client address, and the token is never taken from the URL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminLoginTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningApp app;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void start() throws Exception {
        app = RunningApp.sandbox("mailbridge-login");
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    private HttpResponse<String> login(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(app.url(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTokenInTheUrlIsRefusedAndSaysWhereItBelongs() throws Exception {
        HttpResponse<String> answer = login("/admin/login?token=" + RunningApp.ADMIN_TOKEN, "");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(answer.body()).contains("form body").contains("Authorization: Bearer").doesNotContain(RunningApp.ADMIN_TOKEN);

        HttpResponse<String> header = http.send(HttpRequest.newBuilder(app.url("/admin/login"))
                .header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(header.statusCode()).as("the Authorization header is a way in").isEqualTo(302);
    }

    @Test
    void guessingIsThrottledEvenForTheRightTokenUntilTheWaitIsOver() throws Exception {
        List<Integer> login = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            login.add(login("/admin/login", "token=guess-" + i).statusCode());
        }
        assertThat(login.subList(0, 5)).containsOnly(401);
        assertThat(login.subList(5, 20)).containsOnly(429);

        HttpResponse<String> right = login("/admin/login", "token=" + RunningApp.ADMIN_TOKEN);
        assertThat(right.statusCode()).as("throttled: the token is not even looked at").isEqualTo(429);
        assertThat(right.body()).contains("Too many wrong admin tokens");
        long retryAfter = Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow());
        assertThat(app.get("/api/mailboxes", RunningApp.ADMIN_TOKEN).statusCode()).as("the API's token too").isEqualTo(429);

        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(login("/admin/login", "token=" + RunningApp.ADMIN_TOKEN).statusCode()).isEqualTo(302);
        assertThat(login("/admin/login", "token=guess-again").statusCode()).as("a success starts the count afresh").isEqualTo(401);
        assertThat(login("/admin/login", "token=" + RunningApp.ADMIN_TOKEN).statusCode()).isEqualTo(302);
    }

    @Test
    void guessingTheApiTokenIsThrottledToo() throws Exception {
        List<Integer> api = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            api.add(app.get("/api/mailboxes", "guessed-token-" + i).statusCode());
        }
        assertThat(api.subList(0, 5)).containsOnly(401);
        assertThat(api.subList(5, 20)).containsOnly(429);
        HttpResponse<String> right = app.get("/api/mailboxes", RunningApp.ADMIN_TOKEN);
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(right.body()).get("error").asText()).isEqualTo("too-many-attempts");
        long retryAfter = Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow());

        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(app.get("/api/mailboxes", RunningApp.ADMIN_TOKEN).statusCode()).isEqualTo(200);
    }
}
