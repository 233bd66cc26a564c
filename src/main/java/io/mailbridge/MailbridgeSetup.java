package io.mailbridge;

import io.mailbridge.admin.AdminSetup;
import io.mailbridge.cluster.ClusterSetup;
import io.mailbridge.cluster.ClusterStatus;
import io.mailbridge.config.CamelEvents;
import io.mailbridge.config.ClosedOnStop;
import io.mailbridge.config.Settings;
import io.mailbridge.diagnosis.ConnectionCheck;
import io.mailbridge.diagnosis.MailboxWarnings;
import io.mailbridge.diagnosis.TestMailMarker;
import io.mailbridge.inbound.InboundSetup;
import io.mailbridge.inbound.MailboxEndpoint;
import io.mailbridge.mailbox.MailEndpointConfigurer;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.mailbox.MailboxSettingsReader;
import io.mailbridge.metrics.MailbridgeMetrics;
import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.oauth.TokenKeys;
import io.mailbridge.oauth.TokenService;
import io.mailbridge.oauth.TokenSetup;
import io.mailbridge.outbound.OutboundDropFolder;
import io.mailbridge.outbound.OutboundSetup;
import io.mailbridge.sandbox.Sandbox;
import io.mailbridge.sandbox.SandboxSetup;
import io.mailbridge.store.Database;
import io.vertx.core.Vertx;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Composes mailbridge from its features when Camel Main configures the context: the HTTP server's groundwork and the
 * sandbox ({@link SandboxSetup}), the mailboxes, the store and the token service ({@link TokenSetup}), then inbound
 * ({@link InboundSetup}), the cluster ({@link ClusterSetup}), outbound ({@link OutboundSetup}), the mailbox diagnosis
 * and the HTTP surface ({@link AdminSetup}). Long-lived components are Camel services ({@link ClosedOnStop}), so Camel
 * closes them after the routes, the store last; the token service and the mailboxes are handed to the features that
 * need them, never bound by name, so that no route can ask them for a mailbox's token or password.
 */
public final class MailbridgeSetup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MailbridgeSetup.class);

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context.getPropertiesComponent());
        try {
            wire(context, settings);
        } catch (RuntimeException | Error e) {
            stopComponents(context);
            throw e;
        } catch (Exception e) {
            stopComponents(context);
            throw new IllegalStateException(e);
        }
    }

    private static void wire(CamelContext context, Settings settings) throws Exception {
        MailbridgeSettings bound = MailbridgeSettings.bind(context);
        Path dataDir = bound.dataDir();
        String publicUrl = bound.publicUrl(settings);
        Vertx vertx = AdminSetup.prepare(context, dataDir);

        Map<String, SSLContext> trust = new HashMap<>();
        Sandbox sandbox = SandboxSetup.start(context, bound.sandbox(), settings, trust);
        MailboxRegistry registry = MailboxSettingsReader.read(settings.mailboxProperties());
        MsalAuthorityClient authority = new MsalAuthorityClient(trust);
        // before the token cache and outbound: Camel stops services in reverse order, so the store is closed after
        // everything that writes to it
        Database database = ClosedOnStop.register(context, "store", Database.open(
                bound.store().getUrl() != null ? bound.store().getUrl() : Database.embeddedUrl(dataDir),
                bound.store().getUser(), bound.store().getPassword()));
        // mailbridge's metrics go into the registry Camel exports its route metrics from, every meter tagged with the instance
        MailbridgeMetrics metrics = MailbridgeMetrics.of(context, bound.general().getInstanceId());
        // the sandbox authority starts afresh each run and knows no refresh token from the last one
        TokenService tokens = TokenSetup.install(context, bound.token(), registry, authority,
                bound.store().getUrl() != null ? database : null, dataDir,
                TokenKeys.cipher(bound.general(), registry, dataDir, sandbox != null),
                sandbox != null ? List.of(Sandbox.DELEGATED_MAILBOX) : List.of(), metrics);
        MailEndpointConfigurer mailEndpoints = new MailEndpointConfigurer(registry, tokens);
        TestMailMarker testMail = new TestMailMarker();
        context.getRegistry().bind("testMailMarker", testMail);

        InboundSetup.Parts inbound = InboundSetup.install(context, bound.inbound(), bound.erp(), dataDir,
                registry, mailEndpoints, database, metrics, testMail);
        ClusterStatus cluster = ClusterSetup.install(context, bound.cluster(), bound.general().getInstanceId(), dataDir, database,
                endpoint -> endpoint instanceof MailboxEndpoint m ? Optional.of(m.mailboxId()) : Optional.empty(),
                endpoint -> OutboundDropFolder.reads(endpoint, Path.of(bound.outbound().getDropFolder())));
        context.addRoutes(new ExpectedFailureLogging());
        if (sandbox != null) {
            SandboxSetup.addRoutes(context, dataDir);
        }
        OutboundSetup.Parts outbound = OutboundSetup.install(context, bound.outbound(), settings, dataDir, registry, tokens,
                database, metrics);
        MailboxWarnings warnings = new MailboxWarnings(registry, tokens,
                id -> outbound.counts().get(id, LocalDate.now(ZoneOffset.UTC)),
                id -> outbound.settings().limitsOf(id).recipientsPerDay(), Clock.systemUTC());
        logWarningsHourly(context, warnings);
        ConnectionCheck connectionCheck = new ConnectionCheck(registry, tokens,
                id -> InboundSetup.foldersOf(context, registry, id, inbound.settings().quarantineFolder()), testMail,
                Duration.ofSeconds(bound.test().getTimeoutSeconds()), Duration.ofSeconds(bound.test().getDeliveryWaitSeconds()),
                Clock.systemUTC());
        RouteFileReport routeFiles = new RouteFileReport();
        CamelEvents.on(context, CamelEvent.RouteReloadedEvent.class, () -> routeFiles.reloaded(Instant.now()));

        AdminSetup.install(context, bound.http(), bound.general().getAdminToken(), sandbox != null, publicUrl, dataDir, vertx,
                new AdminSetup.Parts(registry, tokens, authority, database, inbound, outbound, cluster, warnings,
                        connectionCheck, routeFiles));
        RouteFiles.loadWhenStarted(context, Path.of(settings.text("camel.main.routes-reload-directory", "routes")),
                settings.text("camel.main.routes-reload-pattern", "*.camel.yaml"), routeFiles);

        tokens.start(Duration.ofSeconds(bound.token().getRenewalCheckSeconds()));
        LOG.info("{} mailbox(es) configured: {}", registry.mailboxes().size(), registry.mailboxes().stream()
                .map(m -> m.id() + " <" + m.address() + "> " + m.grant().configName()).toList());
        if (sandbox != null) {
            SandboxSetup.welcome(sandbox, publicUrl, outbound.dropFolder());
        }
    }

    /** A setup that failed half-way closes what it had opened (ports, files, threads): Camel will not start to. */
    private static void stopComponents(CamelContext context) {
        for (ClosedOnStop component : context.hasServices(ClosedOnStop.class)) {
            try {
                component.stop();
            } catch (RuntimeException e) {
                LOG.debug("Stopping {} failed", component, e);
            }
        }
    }

    /** Checks the mailboxes' warnings soon after start, then hourly; a warning is logged once, when it appears. */
    private static void logWarningsHourly(CamelContext context, MailboxWarnings warnings) {
        // a pool of Camel's executor manager: named after its thread, visible in Camel's management, shut down with Camel
        ScheduledExecutorService scheduler = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(warnings, "mailbridge-warnings");
        scheduler.scheduleWithFixedDelay(warnings::logNew, 30, 3600, TimeUnit.SECONDS);
    }
}
