package io.mailbridge;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.mailbridge.sandbox.Sandbox;
import io.mailbridge.support.LogCapture;
import io.mailbridge.support.RunningApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A canary secret configured for a client never shows in the log (at debug level too) or in an API answer. */
class SecretsStayOutOfLogsTest {

    private static final String CANARY = "canary-7f3e9a1c-secret-value-do-not-log";
    private static final String ADMIN = RunningApp.ADMIN_TOKEN;
    private static final String[] DEBUG_LOGGERS = {"io.mailbridge", "com.microsoft.aad.msal4j",
            "org.apache.camel.component.mail", "org.apache.camel.component.platform.http", "org.apache.camel.main"};

    @TempDir
    Path home;

    private final Map<String, Level> levels = new HashMap<>();

    @BeforeEach
    void debug() {
        for (String name : DEBUG_LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
    }

    @AfterEach
    void restore() {
        levels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }

    @Test
    void wrongClientSecretIsDiagnosedWithoutEverShowingIt() throws Exception {
        int port = RunningApp.freePort();
        Map<String, String> settings = new HashMap<>(RunningApp.sandboxSettings(home, port));
        settings.put("mailbridge.clients.sandbox.client-secret", CANARY);
        try (LogCapture logs = new LogCapture()) {
            try (RunningApp app = RunningApp.start(home, settings, port)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> app.get("/api/mailboxes/" + Sandbox.APP_MAILBOX, ADMIN)
                        .body().contains("invalid-client-secret"));
                HttpResponse<String> mailbox = app.get("/api/mailboxes/" + Sandbox.APP_MAILBOX, ADMIN);
                assertThat(mailbox.body()).contains("AADSTS7000215").contains("Value").doesNotContain(CANARY);
                assertThat(app.get("/api/mailboxes", ADMIN).body()).doesNotContain(CANARY);
                assertThat(app.get("/observe/health?exposureLevel=full", ADMIN).body())
                        .contains("invalid-client-secret").doesNotContain(CANARY);
            }
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("invalid-client-secret"));
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("DEBUG"));
            assertThat(logs.text()).doesNotContain(CANARY);
        }
    }
}
