package io.mailbridge;

import io.mailbridge.mailbox.ConfigurationException;
import io.mailbridge.support.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A configuration that cannot work stops startup with one error naming each property to fix. */
class StartupValidationTest {

    @TempDir
    Path home;

    private Map<String, String> microsoftSetup() throws Exception {
        int port = RunningApp.freePort();
        Map<String, String> p = new LinkedHashMap<>(RunningApp.sandboxSettings(home, port));
        p.put("mailbridge.sandbox.enabled", "false");
        p.put("mailbridge.clients.contoso.tenant-id", "contoso.onmicrosoft.com");
        p.put("mailbridge.clients.contoso.client-id", "11111111-2222-3333-4444-555555555555");
        p.put("mailbridge.clients.contoso.client-secret", "abc8Q~canary-secret-value-000000000000000");
        p.put("mailbridge.mailboxes.ap.address", "ap@contoso.com");
        p.put("mailbridge.mailboxes.ap.client", "contoso");
        p.put("mailbridge.mailboxes.ap.grant", "authorization-code");
        p.put("mailbridge.token-key", "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=");
        return p;
    }

    private Throwable startupError(Map<String, String> settings) {
        Throwable[] error = new Throwable[1];
        try (RunningApp app = RunningApp.start(home, settings, Integer.parseInt(settings.get("camel.server.port")))) {
            error[0] = null;
        } catch (Throwable t) {
            error[0] = t;
        }
        assertThat(error[0]).as("startup must fail").isNotNull();
        Throwable cause = error[0];
        while (!(cause instanceof ConfigurationException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(ConfigurationException.class);
        return cause;
    }

    @Test
    void validMicrosoftSetupStarts() throws Exception {
        Map<String, String> settings = microsoftSetup();
        try (RunningApp app = RunningApp.start(home, settings, Integer.parseInt(settings.get("camel.server.port")))) {
            assertThat(app.camel().getStatus().isStarted()).isTrue();
        }
    }

    @Test
    void unknownClientReferenceNamesTheProperty() throws Exception {
        Map<String, String> settings = microsoftSetup();
        settings.put("mailbridge.mailboxes.ap.client", "fabrikam");
        assertThat(startupError(settings)).hasMessageContaining("mailbridge.mailboxes.ap.client")
                .hasMessageContaining("fabrikam").hasMessageContaining("contoso");
    }

    @Test
    void everyProblemIsNamedInOneError() throws Exception {
        Map<String, String> settings = microsoftSetup();
        settings.remove("mailbridge.clients.contoso.tenant-id");
        settings.put("mailbridge.mailboxes.ap.address", "ap-at-contoso.com");
        settings.put("mailbridge.mailboxes.ap.imap", "outlook.office365.com:993");
        assertThat(startupError(settings)).hasMessageContaining("mailbridge.clients.contoso.tenant-id is missing")
                .hasMessageContaining("mailbridge.mailboxes.ap.address")
                .hasMessageContaining("mailbridge.mailboxes.ap.imap");
    }

    @Test
    void secretIdPastedInsteadOfItsValueIsCaughtAtStartup() throws Exception {
        Map<String, String> settings = microsoftSetup();
        settings.put("mailbridge.clients.contoso.client-secret", "5b2c6a1e-8f3d-4c2b-9a7e-1d0f3e6b8c4a");
        assertThat(startupError(settings)).hasMessageContaining("mailbridge.clients.contoso.client-secret")
                .hasMessageContaining("secret's ID").hasMessageContaining("Value")
                .hasMessageNotContaining("5b2c6a1e-8f3d-4c2b-9a7e-1d0f3e6b8c4a");
    }

    @Test
    void missingTokenKeyOutsideTheSandboxIsAnErrorNotPlainText() throws Exception {
        Map<String, String> settings = microsoftSetup();
        settings.remove("mailbridge.token-key");
        assertThat(startupError(settings)).hasMessageContaining("mailbridge.token-key is missing")
                .hasMessageContaining("MAILBRIDGE_TOKEN_KEY").hasMessageContaining("openssl rand -base64 32");
        assertThat(Files.exists(home.resolve("data/tokens"))).isFalse();
    }

    @Test
    void secretFromAnUnsetEnvironmentVariableNamesTheProperty() throws Exception {
        Map<String, String> settings = microsoftSetup();
        settings.put("mailbridge.clients.contoso.client-secret", "{{env:MAILBRIDGE_TEST_UNSET_SECRET}}");
        assertThat(startupError(settings)).hasMessageContaining("mailbridge.clients.contoso.client-secret")
                .hasMessageContaining("MAILBRIDGE_TEST_UNSET_SECRET");
    }

    @Test
    void shortAdminTokenIsRefused() throws Exception {
        Map<String, String> settings = microsoftSetup();
        settings.put("mailbridge.admin-token", "short");
        assertThat(startupError(settings)).hasMessageContaining("mailbridge.admin-token").hasMessageNotContaining("short\"")
                .hasMessageContaining("at least 24 characters");
    }

    @Test
    void guessableAdminTokenIsRefusedNamingTheRule() throws Exception {
        Map<String, String> settings = microsoftSetup();
        settings.put("mailbridge.admin-token", "passwordpasswordpassword1");
        assertThat(startupError(settings)).hasMessageContaining("mailbridge.admin-token").hasMessageContaining("entropy")
                .hasMessageContaining("openssl rand").hasMessageNotContaining("passwordpassword");
    }

    /** Typos and values of the wrong type in any mailbridge.* setting are named together, with the known keys. */
    @Test
    void unknownKeysAndWrongValuesAreNamedTogether() throws Exception {
        Map<String, String> settings = microsoftSetup();
        settings.put("mailbridge.inbound.max-atempts", "3");
        settings.put("mailbridge.inbound.concurrency", "four");
        settings.put("mailbridge.outbound.retry-delay", "10");
        settings.put("mailbridge.outbound.mailboxes.ar.messages-per-minute", "10");
        settings.put("mailbridge.erp.timeout-ms", "30s");
        settings.put("mailbridge.sandbox.imap-port", "3143x");
        settings.put("mailbridge.colour", "blue");
        settings.put("mailbridge.inbund.max-attempts", "3");
        assertThat(startupError(settings)).hasMessageContaining("mailbridge.inbound.max-atempts: unknown setting")
                .hasMessageContaining("max-attempts")
                .hasMessageContaining("mailbridge.inbound.concurrency: 'four' is not a whole number")
                .hasMessageContaining("mailbridge.erp.timeout-ms: '30s' is not a whole number")
                .hasMessageContaining("mailbridge.outbound.retry-delay: unknown setting").hasMessageContaining("retry-delay-seconds")
                .hasMessageContaining("mailbridge.sandbox.imap-port: '3143x' is not a whole number")
                .hasMessageContaining("mailbridge.colour: unknown setting")
                .hasMessageContaining("mailbridge.inbund.max-attempts: unknown setting")
                .hasMessageContaining("groups: ").hasMessageContaining("mailbridge.inbound.*").hasMessageContaining("mailbridge.mailboxes.*");
        // a mailbox's own limits are checked against the mailboxes, once the settings above are right
        settings.remove("mailbridge.inbound.max-atempts");
        settings.remove("mailbridge.outbound.retry-delay");
        settings.remove("mailbridge.sandbox.imap-port");
        settings.remove("mailbridge.colour");
        settings.remove("mailbridge.inbund.max-attempts");
        settings.put("mailbridge.inbound.concurrency", "4");
        settings.put("mailbridge.erp.timeout-ms", "30000");
        assertThat(startupError(settings))
                .hasMessageContaining("mailbridge.outbound.mailboxes.ar.messages-per-minute: unknown setting");
    }

    /** Cluster settings: a typo or a value of the wrong type first, then a type or takeover time that cannot work. */
    @Test
    void clusterSettingsThatCannotWorkAreNamedWithTheirFix() throws Exception {
        Map<String, String> settings = microsoftSetup();
        settings.put("mailbridge.cluster.zookeeper.node", "zk1:2181");
        settings.put("mailbridge.cluster.takeover-seconds", "30s");
        assertThat(startupError(settings))
                .hasMessageContaining("mailbridge.cluster.zookeeper.node: unknown setting; known under mailbridge.cluster.zookeeper.: "
                        + "base-path, nodes")
                .hasMessageContaining("mailbridge.cluster.takeover-seconds: '30s' is not a whole number");
        settings.remove("mailbridge.cluster.zookeeper.node");
        settings.put("mailbridge.cluster.type", "zookeper");
        settings.put("mailbridge.cluster.takeover-seconds", "1");
        assertThat(startupError(settings))
                .hasMessageContaining("mailbridge.cluster.type: 'zookeper' is not a cluster type; use file (instances on one host), "
                        + "zookeeper, kubernetes or none")
                .hasMessageContaining("mailbridge.cluster.takeover-seconds: 1 is out of range; give a number of seconds from 2 to 3600");
        settings.put("mailbridge.cluster.type", "zookeeper");
        settings.put("mailbridge.cluster.takeover-seconds", "30");
        assertThat(startupError(settings)).hasMessageContaining("mailbridge.cluster.zookeeper.nodes is missing: type zookeeper "
                + "needs the ensemble, e.g. zk1:2181,zk2:2181,zk3:2181");
        settings.put("mailbridge.cluster.type", "file");
        settings.put("mailbridge.instance-id", "x".repeat(201));
        assertThat(startupError(settings)).hasMessageContaining("mailbridge.instance-id: '" + "x".repeat(201)
                + "' cannot name this instance; give it a name of 1 to 200 characters");
    }
}
