package io.mailbridge.mailbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.inbound.MailboxEndpoint;
import io.mailbridge.support.CountingProxy;
import io.mailbridge.support.LogCapture;
import io.mailbridge.support.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Route files that try to weaken how an endpoint reaches its mailbox's server, in the running application on the
 * sandbox: trust and proxy settings are dropped, and options that replace the checked session are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailboxRouteHardeningTest {

    private static final String[] WEAKENING = {"mail.imap.ssl.trust", "mail.imap.ssl.checkserveridentity",
            "mail.imap.proxy.host", "mail.imap.proxy.port", "mail.imap.socks.host", "mail.imap.socks.port",
            "mail.imap.socketFactory.fallback", "mail.imap.ssl.socketFactory.class"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path home;
    private RunningApp app;
    private CountingProxy proxy;
    private LogCapture logs;

    @BeforeAll
    void start() throws Exception {
        home = RunningApp.newHome("mailbridge-hardening");
        int port = RunningApp.freePort();
        // stands where the route's proxy would be: any connection to it would carry the mailbox's token
        proxy = new CountingProxy(RunningApp.freePort());
        Files.writeString(home.resolve("routes/inbound-weakened.camel.yaml"), """
                - route:
                    id: inbound-weakened
                    from:
                      uri: "{{mailbridge.mailboxes.sandbox-ap.imap}}"
                      parameters:
                        username: "{{mailbridge.mailboxes.sandbox-ap.address}}"
                        delay: 500
                        initialDelay: 0
                        mail.imap.ssl.trust: "*"
                        mail.imap.ssl.checkserveridentity: false
                        mail.imap.proxy.host: 127.0.0.1
                        mail.imap.proxy.port: %1$d
                        mail.imap.socks.host: 127.0.0.1
                        mail.imap.socks.port: %1$d
                        mail.imap.socketFactory.fallback: true
                        mail.imap.ssl.socketFactory.class: javax.net.ssl.SSLSocketFactory
                      steps:
                        - setBody:
                            simple: "${header.Subject}"
                        - to:
                            uri: "file:%2$s?fileName=${exchangeId}.txt"
                """.formatted(proxy.port(), home.resolve("out")));
        writeRefusedRoute("inbound-own-properties", "ownProperties", "type: java.util.Properties", "javaMailProperties");
        writeRefusedRoute("inbound-own-session", "ownSession", "type: jakarta.mail.Session\n      factoryMethod: getInstance"
                + "\n      constructors:\n        0: \"#bean:ownProperties\"", "session");
        writeRefusedRoute("inbound-own-trust", "ownTrust", "type: org.apache.camel.support.jsse.SSLContextParameters",
                "sslContextParameters");
        logs = new LogCapture();
        app = RunningApp.start(home, RunningApp.sandboxSettings(home, port), port);
    }

    /** A route file that defines a bean and hands it to a mailbox endpoint as {@code option}. */
    private void writeRefusedRoute(String id, String bean, String beanDefinition, String option) throws Exception {
        Files.writeString(home.resolve("routes/" + id + ".camel.yaml"), """
                - beans:
                    - name: %2$s
                      %3$s
                - route:
                    id: %1$s
                    from:
                      uri: "{{mailbridge.mailboxes.sandbox-ap.imap}}"
                      parameters:
                        username: "{{mailbridge.mailboxes.sandbox-ap.address}}"
                        %4$s: "#bean:%2$s"
                      steps:
                        - log: "never"
                """.formatted(id, bean, beanDefinition, option));
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        logs.close();
        proxy.close();
        RunningApp.deleteRecursively(home);
    }

    @Test
    void trustAndProxySettingsAreDroppedAndTheMailboxIsReadDirectlyWithItsHostNameChecked() throws Exception {
        // the route still works: it reads the sandbox's waiting mail, over a direct connection
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(home.resolve("out"))
                && Files.list(home.resolve("out")).count() >= 4);
        assertThat(proxy.total()).isZero();

        // an inbound endpoint of a configured mailbox is mailbridge's own, following camel-mail's endpoint
        Properties props = ((MailboxEndpoint) app.camel().getRoute("inbound-weakened").getEndpoint()).mailEndpoint()
                .getConfiguration().getAdditionalJavaMailProperties();
        assertThat(props.stringPropertyNames()).doesNotContain(WEAKENING[0], WEAKENING[2], WEAKENING[3], WEAKENING[4],
                WEAKENING[5], WEAKENING[6], WEAKENING[7]);
        assertThat(props).containsEntry("mail.imap.ssl.checkserveridentity", "true");
        for (String key : WEAKENING) {
            assertThat(logs.lines()).filteredOn(l -> l.startsWith("WARN") && l.contains("ignoring " + key + ";"))
                    .singleElement().asString().contains("mailbox 'sandbox-ap'");
        }
    }

    @Test
    void optionsThatReplaceTheCheckedSessionRefuseTheRouteAndNameIt() throws Exception {
        JsonNode routes = JSON.readTree(app.get("/api/routes", RunningApp.ADMIN_TOKEN).body());
        List<String> errors = new ArrayList<>();
        routes.get("fileErrors").forEach(f -> errors.add(f.get("file").asText() + ": " + f.get("error").asText()));
        for (String[] refused : new String[][] {{"inbound-own-properties", "javaMailProperties"},
                {"inbound-own-session", "session"}, {"inbound-own-trust", "sslContextParameters"}}) {
            assertThat(errors).filteredOn(e -> e.contains(refused[0] + ".camel.yaml")).singleElement().asString()
                    .contains("Route '" + refused[0] + "'", "option '" + refused[1] + "'", "mailbox 'sandbox-ap'");
            assertThat(app.camel().getRoute(refused[0])).isNull();
        }
    }
}
