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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin page's access: a login form for the admin token, a session cookie that is HttpOnly and SameSite, the
 * CSRF token and origin check on every change, and assets that are all local.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path home;
    private RunningApp app;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void start() throws Exception {
        home = RunningApp.newHome("mailbridge-admin", "outbound-sandbox.camel.yaml");
        Files.writeString(home.resolve("routes/broken.camel.yaml"), "- route:\n    id: broken\n    from:\n      uri: \"{{no.such.property}}\"\n");
        int port = RunningApp.freePort();
        Map<String, String> settings = new HashMap<>(RunningApp.sandboxSettings(home, port));
        settings.put("mailbridge.outbound.drop-folder", home.resolve("drop").toString());
        app = RunningApp.start(home, settings, port);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        RunningApp.deleteRecursively(home);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> login(String token) throws Exception {
        return send(HttpRequest.newBuilder(app.url("/admin/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
    }

    private String sessionCookie() throws Exception {
        HttpResponse<String> answer = login(RunningApp.ADMIN_TOKEN);
        assertThat(answer.statusCode()).isEqualTo(302);
        String setCookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void theLoginFormOpensASessionOnlyForTheAdminToken() throws Exception {
        HttpResponse<String> form = send(HttpRequest.newBuilder(app.url("/admin")));
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("action=\"/admin/login\"").doesNotContain("id=\"mailboxes\"");
        assertThat(form.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");

        HttpResponse<String> wrong = login("not-the-token-at-all");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(wrong.body()).contains("not the admin token");

        HttpResponse<String> right = login(RunningApp.ADMIN_TOKEN);
        String setCookie = right.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(AdminSessions.COOKIE + "=").contains("HttpOnly", "SameSite=Strict", "Path=/");
        assertThat(setCookie).doesNotContain(RunningApp.ADMIN_TOKEN);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> page = send(HttpRequest.newBuilder(app.url("/admin")).header("Cookie", cookie));
        assertThat(page.body()).contains("id=\"mailboxes\"", "/admin/assets/app.js");
        assertThat(send(HttpRequest.newBuilder(app.url("/api/mailboxes")).header("Cookie", cookie)).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(app.url("/api/mailboxes")).header("Cookie", AdminSessions.COOKIE + "=forged"))
                .statusCode()).isEqualTo(401);
    }

    @Test
    void aChangeNeedsTheCsrfTokenAndTheOwnOrigin() throws Exception {
        String cookie = sessionCookie();
        String csrf = JSON.readTree(send(HttpRequest.newBuilder(app.url("/admin/session")).header("Cookie", cookie)).body())
                .get("csrfToken").asText();
        HttpRequest.Builder retry = HttpRequest.newBuilder(app.url("/api/outbound/no-such-request/retry")).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody());

        HttpResponse<String> withoutToken = send(retry);
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(withoutToken.body()).get("error").asText()).isEqualTo("cross-site-request");
        assertThat(send(HttpRequest.newBuilder(app.url("/api/outbound/no-such-request/retry")).header("Cookie", cookie)
                .header("X-CSRF-Token", "guessed").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(app.url("/api/outbound/no-such-request/retry")).header("Cookie", cookie)
                .header("X-CSRF-Token", csrf).header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
        // the real page's request gets through to the action, which finds no such request
        assertThat(send(HttpRequest.newBuilder(app.url("/api/outbound/no-such-request/retry")).header("Cookie", cookie)
                .header("X-CSRF-Token", csrf).header("Origin", app.url("").toString().replaceAll("/$", ""))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(404);

        HttpResponse<String> logout = send(HttpRequest.newBuilder(app.url("/admin/logout")).header("Cookie", cookie)
                .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(app.url("/api/mailboxes")).header("Cookie", cookie)).statusCode()).isEqualTo(401);
    }

    /** The check is made once for every API call, not by each action: the mailbox test and the replay get it too. */
    @Test
    void everyChangeOfTheApiNeedsTheCsrfToken() throws Exception {
        String cookie = sessionCookie();
        for (String path : new String[] {"/api/mailboxes/sandbox-ap/test", "/api/inbound/replay?id=x", "/api/outbound/x/retry"}) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(app.url(path)).header("Cookie", cookie)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(answer.statusCode()).as(path).isEqualTo(403);
            assertThat(JSON.readTree(answer.body()).get("error").asText()).as(path).isEqualTo("cross-site-request");
        }
        // the same calls with the admin token are not a browser's: no CSRF token needed
        HttpResponse<String> replay = send(HttpRequest.newBuilder(app.url("/api/inbound/replay"))
                .header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(replay.body()).get("error").asText()).isEqualTo("missing-id");
    }

    @Test
    void everyAssetIsLocal() throws Exception {
        String cookie = sessionCookie();
        for (String path : new String[] {"/admin", "/admin/assets/app.js", "/admin/assets/app.css"}) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(app.url(path)).header("Cookie", cookie));
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(answer.body()).as(path).doesNotContain("http://", "https://", "//cdn", "@import");
        }
        assertThat(send(HttpRequest.newBuilder(app.url("/admin/assets/..%2F..%2Fapplication.properties"))).statusCode()).isEqualTo(404);
    }

    @Test
    void flowsListEveryRouteWithItsStateAndTheFileThatDidNotLoad() throws Exception {
        // the drop folder's route starts once it holds its cluster lock, a moment after the others
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode listed = JSON.readTree(app.get("/api/routes", RunningApp.ADMIN_TOKEN).body());
            assertThat(listed.get("routes").findValuesAsText("id")).contains("outbound-send", "outbound-drop-folder");
            listed.get("routes").forEach(r -> {
                if (r.get("id").asText().startsWith("outbound-")) {
                    assertThat(r.get("state").asText()).as(r.get("id").asText()).isEqualTo("started");
                }
            });
        });
        JsonNode routes = JSON.readTree(app.get("/api/routes", RunningApp.ADMIN_TOKEN).body());
        assertThat(routes.get("fileErrors").get(0).get("file").asText()).endsWith("broken.camel.yaml");
        assertThat(routes.get("fileErrors").get(0).get("error").asText()).contains("no.such.property");
    }
}
