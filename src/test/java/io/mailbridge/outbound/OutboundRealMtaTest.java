package io.mailbridge.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.sandbox.SandboxAuthority;
import io.mailbridge.support.ChildJvm;
import io.mailbridge.support.DovecotServer;
import io.mailbridge.support.PostfixServer;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.TestAuthority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outbound against a real MTA on loopback: a private Postfix that stores each mail before its 250, wants STARTTLS
 * and checks XOAUTH2 tokens through Dovecot, which receives the mail over LMTP.
 */
class OutboundRealMtaTest {

    private static final String ADDRESS = "ap@dovecot.test";
    private static final String RECIPIENT = "ar@dovecot.test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path home;

    /** A relay on loopback that demands STARTTLS gets it, since it offers it, and the mail arrives. */
    @Test
    void aLocalRelayThatDemandsStarttlsGetsItAndTheMailArrives() throws Exception {
        try (TestAuthority authority = new TestAuthority(DovecotServer.tokenClaims(ADDRESS));
             DovecotServer dovecot = DovecotServer.start(authority, ADDRESS, RECIPIENT);
             PostfixServer postfix = PostfixServer.start(dovecot, "dovecot.test", true)) {
            int port = RunningApp.freePort();
            Path config = RunningApp.writeConfig(home, settings(authority, port, postfix));
            // the relay's certificate is trusted the way an admin trusts a private CA: the Java trust store
            Path trust = postfix.trustStore("changeit");
            Process child = ChildJvm.start(home, config, home.resolve("run.log"), "-Xmx256m",
                    "-Djavax.net.ssl.trustStore=" + trust, "-Djavax.net.ssl.trustStorePassword=changeit",
                    "-Djavax.net.ssl.trustStoreType=PKCS12");
            try {
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> get(port, "/api/mailboxes").statusCode() == 200);
                String id = post(port, "Over STARTTLS");
                await().atMost(Duration.ofSeconds(30)).until(() -> dovecot.subjects(RECIPIENT, "INBOX").contains("Over STARTTLS"));
                await().atMost(Duration.ofSeconds(10)).until(() -> status(port, id).get("status").asText().equals("sent"));
                assertThat(postfix.log()).contains("TLS connection established from localhost[127.0.0.1]")
                        .contains("sasl_method=XOAUTH2, sasl_username=" + ADDRESS);
            } finally {
                ChildJvm.kill(child);
            }
        }
    }

    /**
     * A relay that wants TLS but whose STARTTLS never reaches mailbridge (hidden, as a middlebox stripping it would)
     * answers every mail {@code 530 5.7.0 Must issue a STARTTLS command first}: the mailbox's setup is wrong, not the
     * mail, so sending pauses with the cause and the mail waits instead of failing for good.
     */
    @Test
    void aSetupRefusalPausesTheMailboxAndNoMailFails() throws Exception {
        try (TestAuthority authority = new TestAuthority(DovecotServer.tokenClaims(ADDRESS));
             DovecotServer dovecot = DovecotServer.start(authority, ADDRESS, RECIPIENT);
             PostfixServer postfix = PostfixServer.start(dovecot, "dovecot.test", true, "smtpd_discard_ehlo_keywords = starttls")) {
            int port = RunningApp.freePort();
            try (RunningApp app = RunningApp.start(home, settings(authority, port, postfix), port)) {
                List<String> ids = new ArrayList<>();
                for (int i = 1; i <= 3; i++) {
                    ids.add(post(port, "Held back " + i));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    JsonNode mailbox = JSON.readTree(get(port, "/api/mailboxes/ap").body());
                    return mailbox.has("sendingPaused") && mailbox.get("sendingPaused").get("cause").asText().equals("starttls-required");
                });
                assertThat(status(port, ids.get(0)).get("lastReply").asText()).contains("530 5.7.0 Must issue a STARTTLS command first");
                // the mails wait for the mailbox's setup to be fixed: none fails, none reaches the relay
                await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() -> {
                    for (String id : ids) {
                        if (!status(port, id).get("status").asText().equals("queued")) {
                            return false;
                        }
                    }
                    return true;
                });
                assertThat(dovecot.count(RECIPIENT, "INBOX")).isZero();
                JsonNode fix = JSON.readTree(get(port, "/api/mailboxes/ap").body()).get("sendingPaused");
                assertThat(fix.get("fix").asText()).contains("STARTTLS");
            }
        }
    }

    private Map<String, String> settings(TestAuthority authority, int port, PostfixServer postfix) throws Exception {
        Map<String, String> p = RunningApp.sandboxSettings(home, port);
        p.put("mailbridge.sandbox.enabled", "false");
        p.put("mailbridge.clients.local.tenant-id", SandboxAuthority.TENANT);
        p.put("mailbridge.clients.local.client-id", TestAuthority.CLIENT_ID);
        p.put("mailbridge.clients.local.client-secret", TestAuthority.SECRET);
        p.put("mailbridge.clients.local.authority", authority.authority().authorityUrl());
        p.put("mailbridge.clients.local.authority-certificate", authority.writeCertificatePem(home.resolve("authority.pem")).toString());
        p.put("mailbridge.clients.local.app-scopes", "api://test/.default");
        p.put("mailbridge.mailboxes.ap.address", ADDRESS);
        p.put("mailbridge.mailboxes.ap.client", "local");
        p.put("mailbridge.mailboxes.ap.grant", "client-credentials");
        p.put("mailbridge.mailboxes.ap.smtp", "smtp://127.0.0.1:" + postfix.port());
        p.put("mailbridge.outbound.retry-delay-seconds", "1");
        p.put("mailbridge.outbound.max-retry-delay-seconds", "2");
        // the shipped route takes checked mails off the queue and hands them to the mailbox's SMTP server
        Files.createDirectories(home.resolve("routes"));
        Files.copy(Path.of("routes/outbound-sandbox.camel.yaml"), home.resolve("routes/outbound-sandbox.camel.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
        return p;
    }

    private String post(int port, String subject) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/outbound"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"mailbox\": \"ap\", \"to\": [\"" + RECIPIENT + "\"], \"subject\": \""
                        + subject + "\", \"text\": \"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return JSON.readTree(answer.body()).get("id").asText();
    }

    private JsonNode status(int port, String id) throws Exception {
        return JSON.readTree(get(port, "/api/outbound/" + id).body());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
