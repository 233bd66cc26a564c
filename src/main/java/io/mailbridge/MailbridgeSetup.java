package io.mailbridge;

import io.mailbridge.admin.AdminPages;
import io.mailbridge.admin.AdminRoutes;
import io.mailbridge.admin.AdminSessions;
import io.mailbridge.admin.AdminTokenGuard;
import io.mailbridge.admin.AdminTokenStrength;
import io.mailbridge.admin.ApiGate;
import io.mailbridge.admin.BodyLimit;
import io.mailbridge.admin.HttpProperties;
import io.mailbridge.admin.DependencyHealthCheck;
import io.mailbridge.admin.InboundApi;
import io.mailbridge.admin.LoginThrottle;
import io.mailbridge.admin.MailboxApi;
import io.mailbridge.admin.MailboxHealthCheck;
import io.mailbridge.admin.OutboundApi;
import io.mailbridge.admin.ReadinessGate;
import io.mailbridge.admin.RequestBodies;
import io.mailbridge.admin.RoutesApi;
import io.mailbridge.admin.SignInPages;
import io.mailbridge.cluster.ClusterSetup;
import io.mailbridge.cluster.ClusterStatus;
import io.mailbridge.config.ClosedOnStop;
import io.mailbridge.config.Settings;
import io.mailbridge.diagnosis.ConnectionCheck;
import io.mailbridge.diagnosis.MailboxWarnings;
import io.mailbridge.diagnosis.TestMailMarker;
import io.mailbridge.inbound.InboundReplay;
import io.mailbridge.inbound.InboundSetup;
import io.mailbridge.inbound.MailboxEndpoint;
import io.mailbridge.mailbox.ConfigurationException;
import io.mailbridge.mailbox.MailEndpointConfigurer;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.mailbox.MailboxSettingsReader;
import io.mailbridge.mailbox.Secret;
import io.mailbridge.metrics.MailbridgeMetrics;
import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.oauth.SignInService;
import io.mailbridge.oauth.TokenKeys;
import io.mailbridge.oauth.TokenService;
import io.mailbridge.oauth.TokenStore;
import io.mailbridge.oauth.TokenStores;
import io.mailbridge.outbound.OutboundRetry;
import io.mailbridge.outbound.OutboundDropFolder;
import io.mailbridge.outbound.OutboundSetup;
import io.mailbridge.sandbox.Sandbox;
import io.mailbridge.sandbox.SandboxErpSink;
import io.mailbridge.sandbox.SandboxInvoices;
import io.mailbridge.sandbox.SandboxRoutes;
import io.mailbridge.store.Database;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Composes mailbridge from its features when Camel Main configures the context: the sandbox, the mailboxes and their
 * token service, the store, then inbound ({@link InboundSetup}), outbound ({@link OutboundSetup}) and the HTTP surface.
 * Long-lived components are Camel services ({@link ClosedOnStop}), so Camel closes them after the routes, the store
 * last; the token service and the mailboxes are handed to the features that need them, never bound by name, so that no
 * route can ask them for a mailbox's token or password.
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
        Vertx vertx = httpServerVertx(context);
        ReadinessGate.install(context);
        spoolLargeBodies(context, dataDir);

        Sandbox sandbox = null;
        Map<String, SSLContext> trust = new HashMap<>();
        if (bound.sandbox().isEnabled()) {
            sandbox = ClosedOnStop.register(context, "sandbox", Sandbox.start(bound.sandbox().getAuthorityPort(),
                    bound.sandbox().getImapPort(), bound.sandbox().getSmtpPort()));
            // settings the user wrote win, so a sandbox setting can be broken on purpose to see the diagnosis
            sandbox.properties().forEach(settings::offer);
            trust.put(Sandbox.CLIENT, sandbox.authorityTrust());
            context.getRegistry().bind("sandbox", sandbox);
        }
        MailboxRegistry registry = MailboxSettingsReader.read(settings.mailboxProperties());
        MsalAuthorityClient authority = new MsalAuthorityClient(trust);
        // before the token cache and outbound: Camel stops services in reverse order, so the store is closed after
        // everything that writes to it
        Database database = ClosedOnStop.register(context, "store", Database.open(
                bound.store().getUrl() != null ? bound.store().getUrl() : Database.embeddedUrl(dataDir),
                bound.store().getUser(), bound.store().getPassword()));
        TokenStore store = TokenStores.open(bound.store().getUrl() != null ? database : null, dataDir,
                TokenKeys.cipher(bound.general(), registry, dataDir, sandbox != null));
        if (sandbox != null) {
            // the sandbox authority starts afresh each run and knows no refresh token from the last one
            store.delete(Sandbox.DELEGATED_MAILBOX);
        }
        // its threads come from Camel's executor manager: named, visible in Camel's management, shut down with Camel
        ExecutorServiceManager executors = context.getExecutorServiceManager();
        TokenService tokens = ClosedOnStop.register(context, "token service", new TokenService(registry, store, authority,
                Clock.systemUTC(), Duration.ofSeconds(bound.token().getRefreshAheadSeconds()),
                executors.newCachedThreadPool(store, "mailbridge-token"),
                executors.newSingleThreadScheduledExecutor(store, "mailbridge-token-renewal")));
        MailEndpointConfigurer mailEndpoints = new MailEndpointConfigurer(registry, tokens);
        // mailbridge's metrics go into the registry Camel exports its route metrics from, every meter tagged with the instance
        MailbridgeMetrics metrics = MailbridgeMetrics.of(context, bound.general().getInstanceId());
        tokens.observe(metrics);
        TestMailMarker testMail = new TestMailMarker();
        context.getRegistry().bind("testMailMarker", testMail);

        InboundSetup.Parts inbound = InboundSetup.install(context, bound.inbound(), bound.erp(), dataDir,
                registry, mailEndpoints, database, metrics, testMail);
        ClusterStatus cluster = ClusterSetup.install(context, bound.cluster(), bound.general().getInstanceId(), dataDir, database,
                endpoint -> endpoint instanceof MailboxEndpoint m ? Optional.of(m.mailboxId()) : Optional.empty(),
                endpoint -> OutboundDropFolder.reads(endpoint, Path.of(bound.outbound().getDropFolder())));
        context.addRoutes(new ExpectedFailureLogging());
        if (sandbox != null) {
            context.addRoutes(new SandboxRoutes(new SandboxErpSink(dataDir.resolve("sandbox-erp"))));
        }
        OutboundSetup.Parts outbound = OutboundSetup.install(context, bound.outbound(), settings, dataDir, registry, tokens,
                database, metrics);
        MailboxWarnings warnings = new MailboxWarnings(registry, tokens,
                id -> outbound.counts().get(id, LocalDate.now(ZoneOffset.UTC)),
                id -> outbound.settings().limitsOf(id).recipientsPerDay(), Clock.systemUTC());
        logWarningsHourly(context, warnings);

        SignInService signIn = new SignInService(tokens, authority, publicUrl + "/oauth/callback", Clock.systemUTC());
        Secret adminToken = adminToken(bound.general().getAdminToken(), sandbox != null);
        AdminSessions sessions = new AdminSessions(Clock.systemUTC());
        AdminTokenGuard guard = new AdminTokenGuard(adminToken, sessions);
        LoginThrottle throttle = new LoginThrottle(Clock.systemUTC());
        BodyLimit bodyLimit = bodyLimit(context, bound.http());
        ApiGate.install(context, guard, throttle, bodyLimit);
        RouteFileReport routeFiles = new RouteFileReport();
        onEvent(context, CamelEvent.RouteReloadedEvent.class, () -> routeFiles.reloaded(Instant.now()));
        String quarantine = inbound.settings().quarantineFolder();
        ConnectionCheck connectionCheck = new ConnectionCheck(registry, tokens,
                id -> InboundSetup.foldersOf(context, registry, id, quarantine), testMail,
                Duration.ofSeconds(bound.test().getTimeoutSeconds()), Duration.ofSeconds(bound.test().getDeliveryWaitSeconds()),
                Clock.systemUTC());
        InboundApi inboundApi = new InboundApi(inbound.ledger(), new InboundReplay(registry, tokens, inbound.ledger(),
                quarantine));
        OutboundApi outboundApi = new OutboundApi(outbound.intake(), outbound.requests(),
                new OutboundRetry(outbound.requests(), outbound.queue()), dataDir.resolve("work"),
                new RequestBodies(bodyLimit, vertx));
        context.addRoutes(new AdminRoutes(new MailboxApi(tokens, outbound.senders(), warnings, connectionCheck,
                inbound.endpoints()::lastPoll, cluster),
                new SignInPages(signIn, guard), outboundApi, inboundApi, new RoutesApi(context, routeFiles),
                new AdminPages(guard, sessions, throttle, publicUrl.startsWith("https://")), guard));
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        registry.mailboxes().forEach(m -> health.register(new MailboxHealthCheck(tokens, m.id())));
        health.register(new DependencyHealthCheck("store", () -> {
            try (Connection c = database.dataSource().getConnection()) {
                if (!c.isValid(5)) {
                    throw new IllegalStateException("the store does not answer");
                }
                return c.getMetaData().getDatabaseProductName();
            }
        }));
        health.register(new DependencyHealthCheck("broker", outbound.broker()::check));
        RouteFiles.loadWhenStarted(context, Path.of(settings.text("camel.main.routes-reload-directory", "routes")),
                settings.text("camel.main.routes-reload-pattern", "*.camel.yaml"), routeFiles);

        tokens.start(Duration.ofSeconds(bound.token().getRenewalCheckSeconds()));
        LOG.info("{} mailbox(es) configured: {}", registry.mailboxes().size(), registry.mailboxes().stream()
                .map(m -> m.id() + " <" + m.address() + "> " + m.grant().configName()).toList());
        if (sandbox != null) {
            sandbox.logBanner(publicUrl);
            Path dropFolder = outbound.dropFolder();
            String batch = SandboxInvoices.drop(dropFolder, Sandbox.APP_MAILBOX);
            if (batch != null) {
                LOG.info("Sandbox: sample invoice run {} dropped into {}; routes/outbound-sandbox.camel.yaml sends it "
                        + "(see {}/done/{}.result.json for its batchId)", batch, dropFolder, dropFolder, batch);
            }
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

    /**
     * The HTTP server's Vert.x, made here so that accepting a long batch (minutes for 10,000 invoices) on a worker
     * thread is not reported as a blocked thread every second; closed once Camel, and the HTTP server with it, has
     * stopped.
     */
    private static Vertx httpServerVertx(CamelContext context) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setMaxWorkerExecuteTime(30).setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES));
        context.getRegistry().bind("vertx", vertx);
        onEvent(context, CamelEvent.CamelContextStoppedEvent.class, vertx::close);
        return vertx;
    }

    /**
     * The largest request body, for the API (read by mailbridge itself, see {@link RequestBodies}) and for every other
     * path (read by the HTTP server's body handler, which refuses more with 413). File uploads are off: no path of
     * mailbridge takes a multipart upload, and the body handler would write one to disk.
     */
    private static BodyLimit bodyLimit(CamelContext context, HttpProperties http) {
        long max = http.getMaxBodyBytes();
        if (max < 1) {
            throw new ConfigurationException(BodyLimit.PROPERTY + " must be a positive number of bytes");
        }
        MainHttpServer server = context.hasService(MainHttpServer.class);
        if (server != null) {
            server.setMaxBodySize(max);
            server.setFileUploadEnabled(false);
        }
        return new BodyLimit(max);
    }

    /**
     * A streamed request body (a batch of thousands of invoices) is cached by Camel before mailbridge reads it: beyond
     * 1 MB it goes to disk, never into the heap.
     */
    private static void spoolLargeBodies(CamelContext context, Path dataDir) {
        var streamCache = context.getStreamCachingStrategy();
        streamCache.setSpoolEnabled(true);
        streamCache.setSpoolThreshold(1024 * 1024);
        streamCache.setSpoolDirectory(dataDir.resolve("work").resolve("stream-cache").toAbsolutePath().toFile());
    }

    /** Checks the mailboxes' warnings soon after start, then hourly; a warning is logged once, when it appears. */
    private static void logWarningsHourly(CamelContext context, MailboxWarnings warnings) {
        // a pool of Camel's executor manager: named after its thread, visible in Camel's management, shut down with Camel
        ScheduledExecutorService scheduler = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(warnings, "mailbridge-warnings");
        scheduler.scheduleWithFixedDelay(warnings::logNew, 30, 3600, TimeUnit.SECONDS);
    }

    private static void onEvent(CamelContext context, Class<? extends CamelEvent> type, Runnable action) {
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return type.isInstance(event);
            }

            @Override
            public void notify(CamelEvent event) {
                action.run();
            }
        });
    }

    private static Secret adminToken(String token, boolean sandbox) {
        Optional<String> configured = Optional.ofNullable(token);
        if (configured.isPresent()) {
            Optional<String> weakness = AdminTokenStrength.weakness(configured.get());
            if (weakness.isPresent()) {
                throw new ConfigurationException("mailbridge.admin-token (MAILBRIDGE_ADMIN_TOKEN) is too easy to guess: "
                        + weakness.get() + ". It needs " + AdminTokenStrength.RULE + "; make one with 'openssl rand -base64 32'");
            }
            return Secret.of(configured.get());
        }
        if (sandbox) {
            byte[] raw = new byte[24];
            new SecureRandom().nextBytes(raw);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            LOG.info("Sandbox admin token for /api (generated for this run; set MAILBRIDGE_ADMIN_TOKEN to choose one): {}",
                    generated);
            return Secret.of(generated);
        }
        LOG.warn("No admin token: /api answers 503 until MAILBRIDGE_ADMIN_TOKEN is set");
        return null;
    }
}
