package io.mailbridge.sandbox;

import io.mailbridge.config.ClosedOnStop;
import io.mailbridge.config.Settings;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.util.Map;

/**
 * Wires the sandbox when {@code mailbridge.sandbox.enabled} is on: its mail server and authority, their settings
 * offered to the configuration, the sample ERP on mailbridge's HTTP port, and a sample invoice run to send.
 */
public final class SandboxSetup {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxSetup.class);

    private SandboxSetup() {
    }

    /**
     * Starts the sandbox, closed by Camel after everything registered later, and offers its mailboxes' settings.
     *
     * @param trust gets the TLS trust of the sandbox's authority, for the OAuth client that calls it
     * @return the sandbox, bound as {@code sandbox}; null when it is off
     */
    public static Sandbox start(CamelContext context, SandboxProperties properties, Settings settings,
                                Map<String, SSLContext> trust) {
        if (!properties.isEnabled()) {
            return null;
        }
        Sandbox sandbox = ClosedOnStop.register(context, "sandbox", Sandbox.start(properties.getAuthorityPort(),
                properties.getImapPort(), properties.getSmtpPort()));
        // settings the user wrote win, so a sandbox setting can be broken on purpose to see the diagnosis
        sandbox.properties().forEach(settings::offer);
        trust.put(Sandbox.CLIENT, sandbox.authorityTrust());
        context.getRegistry().bind("sandbox", sandbox);
        return sandbox;
    }

    /** The sample ERP's route, which keeps what it is given under {@code dataDir/sandbox-erp}. */
    public static void addRoutes(CamelContext context, Path dataDir) throws Exception {
        context.addRoutes(new SandboxRoutes(new SandboxErpSink(dataDir.resolve("sandbox-erp"))));
    }

    /** Logs how to try the sandbox, and drops a sample invoice run into the drop folder for its route to send. */
    public static void welcome(Sandbox sandbox, String publicUrl, Path dropFolder) {
        sandbox.logBanner(publicUrl);
        String batch = SandboxInvoices.drop(dropFolder, Sandbox.APP_MAILBOX);
        if (batch != null) {
            LOG.info("Sandbox: sample invoice run {} dropped into {}; routes/outbound-sandbox.camel.yaml sends it "
                    + "(see {}/done/{}.result.json for its batchId)", batch, dropFolder, dropFolder, batch);
        }
    }
}
