package io.mailbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.oauth.EncryptedFileTokenStore;
import io.mailbridge.oauth.TokenCipher;
import io.mailbridge.sandbox.Sandbox;
import io.mailbridge.support.BrowserlessSignIn;
import io.mailbridge.support.LogCapture;
import io.mailbridge.support.RunningApp;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole application on the sandbox, started as the README's first command starts it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplicationTest {

    private static final String ADMIN = RunningApp.ADMIN_TOKEN;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path home;
    private RunningApp app;
    private LogCapture logs;
    private final java.util.Set<String> secretsSeen = new java.util.HashSet<>();

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("mailbridge-app");
        Files.createDirectories(home.resolve("routes"));
        Files.writeString(home.resolve("routes/inbound-test.camel.yaml"), """
                - route:
                    id: inbound-test
                    from:
                      uri: "{{mailbridge.mailboxes.sandbox-ap.imap}}"
                      parameters:
                        username: "{{mailbridge.mailboxes.sandbox-ap.address}}"
                        delay: 500
                        initialDelay: 0
                      steps:
                        - setBody:
                            simple: "${header.Subject}"
                        - to:
                            uri: "file:%s?fileName=${exchangeId}.txt"
                """.formatted(home.resolve("out")));
        Files.writeString(home.resolve("routes/broken-at-start.camel.yaml"), "- route:\n    id: [unclosed\n");
        Files.writeString(home.resolve("routes/unknown-mailbox.camel.yaml"), """
                - route:
                    id: unknown-mailbox
                    from:
                      uri: "{{mailbridge.mailboxes.nobody.imap}}"
                      steps:
                        - log: "never"
                """);
        for (String name : new String[] {"io.mailbridge", "com.microsoft.aad.msal4j", "org.apache.camel.component.mail"}) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name)).setLevel(ch.qos.logback.classic.Level.DEBUG);
        }
        logs = new LogCapture();
        int port = RunningApp.freePort();
        app = RunningApp.start(home, RunningApp.sandboxSettings(home, port), port);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            app.close();
            // no secret, token or code may reach the log, at any level
            String text = logs.text();
            assertThat(secretsSeen).isNotEmpty();
            for (String secret : secretsSeen) {
                assertThat(text).as("log contains a secret").doesNotContain(secret);
            }
        } finally {
            RunningApp.deleteRecursively(home);
            logs.close();
            for (String name : new String[] {"io.mailbridge", "com.microsoft.aad.msal4j", "org.apache.camel.component.mail"}) {
                ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name)).setLevel(null);
            }
        }
    }

    /** A mailbox's current access token, as an endpoint that signs in as the mailbox gets it. */
    private String accessToken(String mailboxId) {
        String server = app.property("mailbridge.mailboxes." + mailboxId + ".smtp");
        String address = app.property("mailbridge.mailboxes." + mailboxId + ".address");
        return app.camel().getEndpoint(server + "?username=" + address, org.apache.camel.component.mail.MailEndpoint.class)
                .getConfiguration().getAuthenticator().getPasswordAuthentication().getPassword();
    }

    @Test
    @Order(1)
    void sampleRouteReadsTheSandboxInboxOverXOAuth2() throws Exception {
        // several messages go through the route at once, so the welcome mail need not be the first file
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(home.resolve("out"))
                && Files.list(home.resolve("out")).map(p -> {
                    try {
                        return Files.readString(p);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).anyMatch("Welcome to the mailbridge sandbox"::equals));
        secretsSeen.add(accessToken(Sandbox.APP_MAILBOX));
        secretsSeen.add(app.property("mailbridge.clients.sandbox.client-secret"));
    }

    @Test
    @Order(1)
    void routeFileBrokenAtStartupIsReportedWhileTheOthersRun() {
        assertThat(logs.lines()).anyMatch(l -> l.startsWith("ERROR") && l.contains("broken-at-start.camel.yaml")
                && l.contains("is not loaded") && l.contains("line"));
        // an inbound route starts once this instance holds its cluster lock, a moment after the context
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(app.camel().getRouteController().getRouteStatus("inbound-test")).isEqualTo(ServiceStatus.Started));
    }

    @Test
    @Order(1)
    void routeFileNamingAnUnconfiguredMailboxIsReportedWhileTheOthersRun() {
        assertThat(logs.lines()).anyMatch(l -> l.startsWith("ERROR") && l.contains("unknown-mailbox.camel.yaml")
                && l.contains("mailbridge.mailboxes.nobody.imap"));
        assertThat(app.camel().getRoute("unknown-mailbox")).isNull();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(app.camel().getRouteController().getRouteStatus("inbound-test")).isEqualTo(ServiceStatus.Started));
    }

    @Test
    @Order(2)
    void apiRequiresTheAdminToken() throws Exception {
        assertThat(app.get("/api/mailboxes", null).statusCode()).isEqualTo(401);
        assertThat(app.get("/api/mailboxes", "wrong-token-wrong-token").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = app.get("/api/mailboxes", ADMIN);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Authorization")).isEmpty();
        JsonNode list = JSON.readTree(ok.body());
        Map<String, JsonNode> byId = new HashMap<>();
        list.forEach(n -> byId.put(n.get("id").asText(), n));
        assertThat(byId).containsKeys(Sandbox.APP_MAILBOX, Sandbox.DELEGATED_MAILBOX);
        JsonNode ap = byId.get(Sandbox.APP_MAILBOX);
        assertThat(ap.get("address").asText()).isEqualTo(Sandbox.APP_ADDRESS);
        assertThat(ap.get("grant").asText()).isEqualTo("client-credentials");
        assertThat(ap.get("tokenStatus").asText()).isEqualTo("valid");
        assertThat(ap.get("tokenExpiresAt").asText()).isNotBlank();
        assertThat(ap.get("lastError").isNull()).isTrue();
        JsonNode sales = byId.get(Sandbox.DELEGATED_MAILBOX);
        assertThat(sales.get("tokenStatus").asText()).isEqualTo("needs-sign-in");
        assertThat(sales.get("lastError").get("cause").asText()).isEqualTo("not-signed-in");
        assertThat(app.get("/api/mailboxes/nope", ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void healthReportsEachMailboxsTokenState() throws Exception {
        HttpResponse<String> health = app.get("/observe/health?exposureLevel=full", ADMIN);
        JsonNode checks = JSON.readTree(health.body()).get("checks");
        Map<String, String> status = new HashMap<>();
        checks.forEach(c -> status.put(c.get("name").asText(), c.get("status").asText()));
        assertThat(status).containsEntry("mailbox-" + Sandbox.APP_MAILBOX, "UP")
                .containsEntry("mailbox-" + Sandbox.DELEGATED_MAILBOX, "DOWN");
    }

    @Test
    @Order(4)
    void signInRedirectCarriesPkceAndStateAndTheCallbackStoresTokens() throws Exception {
        HttpResponse<String> redirect = app.get("/oauth/" + Sandbox.DELEGATED_MAILBOX + "/sign-in", ADMIN);
        assertThat(redirect.statusCode()).isEqualTo(302);
        URI authorize = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        Map<String, String> query = query(authorize);
        assertThat(authorize.getPath()).isEqualTo("/sandbox/oauth2/v2.0/authorize");
        assertThat(query).containsEntry("code_challenge_method", "S256").containsEntry("response_type", "code")
                .containsEntry("login_hint", Sandbox.DELEGATED_ADDRESS)
                .containsEntry("redirect_uri", app.url("/oauth/callback").toString());
        assertThat(query.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(query.get("state")).matches("[A-Za-z0-9_-]{43}");
        assertThat(query.get("scope")).contains("offline_access");

        SSLContext trust = sandboxTrust();
        BrowserlessSignIn.Answer answer = BrowserlessSignIn.logIn(authorize, Sandbox.DELEGATED_ADDRESS, trust);
        assertThat(answer.state()).isEqualTo(query.get("state"));
        assertThat(answer.action()).isEqualTo(app.url("/oauth/callback").toString());
        secretsSeen.add(answer.code());

        // back in the browser that started the sign-in, with its cookie
        String browser = RunningApp.cookie(redirect);
        HttpResponse<String> done = app.getWithCookie("/oauth/callback?" + answer.formBody(), browser);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("signed in");
        JsonNode sales = JSON.readTree(app.get("/api/mailboxes/" + Sandbox.DELEGATED_MAILBOX, ADMIN).body());
        assertThat(sales.get("tokenStatus").asText()).isEqualTo("valid");
        secretsSeen.add(accessToken(Sandbox.DELEGATED_MAILBOX));
        Path data = home.resolve("data");
        secretsSeen.add(new EncryptedFileTokenStore(data.resolve("tokens"), TokenCipher.fromFile(data.resolve("sandbox-token.key")))
                .load(Sandbox.DELEGATED_MAILBOX).orElseThrow().refreshToken());

        HttpResponse<String> replay = app.getWithCookie("/oauth/callback?" + answer.formBody(), browser);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("already used");
    }

    @Test
    @Order(5)
    void callbackWithAForgedStateIsRefusedAndChangesNothing() throws Exception {
        String before = app.get("/api/mailboxes/" + Sandbox.DELEGATED_MAILBOX, ADMIN).body();
        HttpResponse<String> forged = app.postForm("/oauth/callback", "code=abc&state=forged-state-value");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(app.get("/oauth/callback?code=abc&state=other", null).statusCode()).isEqualTo(400);
        assertThat(app.get("/oauth/callback", null).statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(app.get("/api/mailboxes/" + Sandbox.DELEGATED_MAILBOX, ADMIN).body()).get("tokenStatus").asText())
                .isEqualTo(JSON.readTree(before).get("tokenStatus").asText());
    }

    @Test
    @Order(6)
    void signInOfAnAppOnlyOrUnknownMailboxIsExplained() throws Exception {
        HttpResponse<String> appOnly = app.get("/oauth/" + Sandbox.APP_MAILBOX + "/sign-in", ADMIN);
        assertThat(appOnly.statusCode()).isEqualTo(409);
        assertThat(appOnly.body()).contains("needs no sign-in");
        assertThat(app.get("/oauth/nobody/sign-in", ADMIN).statusCode()).isEqualTo(404);
        // only an admin starts a sign-in
        assertThat(app.get("/oauth/" + Sandbox.DELEGATED_MAILBOX + "/sign-in", null).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(7)
    void signedInMailboxSendsOverSmtpFromARouteAddedWhileRunning() throws Exception {
        Files.writeString(home.resolve("routes/outbound-test.camel.yaml"), """
                - route:
                    id: outbound-test
                    from:
                      uri: "timer:once"
                      parameters:
                        repeatCount: 1
                      steps:
                        - setBody:
                            constant: "hello from sales"
                        - setHeader:
                            name: Subject
                            constant: "Sent by a live-reloaded route"
                        - to:
                            uri: "{{mailbridge.mailboxes.sandbox-sales.smtp}}"
                            parameters:
                              username: "{{mailbridge.mailboxes.sandbox-sales.address}}"
                              from: "{{mailbridge.mailboxes.sandbox-sales.address}}"
                              to: "{{mailbridge.mailboxes.sandbox-ap.address}}"
                """);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.list(home.resolve("out")).anyMatch(p -> {
            try {
                return Files.readString(p).equals("Sent by a live-reloaded route");
            } catch (Exception e) {
                return false;
            }
        }));
        // the admin page's flows show the reload
        JsonNode routes = JSON.readTree(app.get("/api/routes", ADMIN).body());
        assertThat(routes.get("reload").get("reloads").asInt()).isPositive();
        assertThat(routes.get("reload").get("lastReloadAt").isTextual()).isTrue();
        assertThat(routes.get("routes").findValuesAsText("id")).contains("outbound-test");
    }

    @Test
    @Order(8)
    void brokenRouteFileIsReportedAndTheOtherRoutesKeepRunning() throws Exception {
        Files.writeString(home.resolve("routes/broken.camel.yaml"), """
                - route:
                    id: broken
                    from:
                      uri: "timer:x"
                      steps:
                        - to: [this is not
                """);
        await().atMost(Duration.ofSeconds(20)).until(() -> logs.lines().stream()
                .anyMatch(l -> (l.startsWith("ERROR") || l.startsWith("WARN")) && l.contains("broken.camel.yaml")));
        assertThat(app.camel().getRoute("broken")).isNull();
        assertThat(app.camel().getRouteController().getRouteStatus("inbound-test")).isEqualTo(ServiceStatus.Started);
        assertThat(app.camel().getRouteController().getRouteStatus("oauth-callback")).isEqualTo(ServiceStatus.Started);

        Files.writeString(home.resolve("routes/broken.camel.yaml"), """
                - route:
                    id: broken
                    from:
                      uri: "timer:x"
                      parameters:
                        period: 60000
                      steps:
                        - log: "fixed"
                """);
        await().atMost(Duration.ofSeconds(20)).until(() -> app.camel().getRoute("broken") != null);
        assertThat(app.camel().getRouteController().getRouteStatus("inbound-test")).isEqualTo(ServiceStatus.Started);
    }

    private SSLContext sandboxTrust() throws Exception {
        // the sandbox authority's certificate is fresh each run; take it from the live endpoint, as a browser would be told to
        var sslContext = SSLContext.getInstance("TLS");
        var captured = new java.security.cert.X509Certificate[1];
        sslContext.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
                captured[0] = c[0];
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        return sslContext;
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&")).map(kv -> kv.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8)));
    }

}
