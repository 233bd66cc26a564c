package io.mailbridge.admin;

import io.mailbridge.RouteFileReport;
import io.mailbridge.cluster.ClusterStatus;
import io.mailbridge.config.CamelEvents;
import io.mailbridge.diagnosis.ConnectionCheck;
import io.mailbridge.diagnosis.MailboxWarnings;
import io.mailbridge.inbound.InboundReplay;
import io.mailbridge.inbound.InboundSetup;
import io.mailbridge.mailbox.ConfigurationException;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.mailbox.Secret;
import io.mailbridge.oauth.AuthorityClient;
import io.mailbridge.oauth.SignInService;
import io.mailbridge.oauth.TokenService;
import io.mailbridge.outbound.OutboundRetry;
import io.mailbridge.outbound.OutboundSetup;
import io.mailbridge.store.Database;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.CamelEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Wires the HTTP surface: the server's Vert.x and readiness gate, the admin token, sessions and login throttle, the gate
 * in front of every {@code /api} call with its body limit, the admin API, sign-in and admin pages ({@link AdminRoutes}),
 * and the health checks of the mailboxes, the store and the broker.
 */
public final class AdminSetup {

    private static final Logger LOG = LoggerFactory.getLogger(AdminSetup.class);

    /** What the HTTP surface shows and acts on, made by the other features. */
    public record Parts(MailboxRegistry registry, TokenService tokens, AuthorityClient authority, Database database,
                        InboundSetup.Parts inbound, OutboundSetup.Parts outbound, ClusterStatus cluster,
                        MailboxWarnings warnings, ConnectionCheck connectionCheck, RouteFileReport routeFiles) {
    }

    private AdminSetup() {
    }

    /**
     * Prepares the HTTP server before anything else is wired: its Vert.x, the gate that answers 503 until Camel has
     * started, and the spooling of large request bodies under {@code dataDir}.
     */
    public static Vertx prepare(CamelContext context, Path dataDir) {
        Vertx vertx = httpServerVertx(context);
        ReadinessGate.install(context);
        spoolLargeBodies(context, dataDir);
        return vertx;
    }

    /**
     * @param adminToken the configured {@code mailbridge.admin-token}, or null
     * @param sandbox    whether the sandbox runs: without a configured admin token one is generated for the run
     */
    public static void install(CamelContext context, HttpProperties http, String adminToken, boolean sandbox,
                               String publicUrl, Path dataDir, Vertx vertx, Parts parts) throws Exception {
        SignInService signIn = new SignInService(parts.tokens(), parts.authority(), publicUrl + "/oauth/callback",
                Clock.systemUTC());
        AdminSessions sessions = new AdminSessions(Clock.systemUTC());
        AdminTokenGuard guard = new AdminTokenGuard(adminToken(adminToken, sandbox), sessions);
        LoginThrottle throttle = new LoginThrottle(Clock.systemUTC());
        BodyLimit bodyLimit = bodyLimit(context, http);
        ApiGate.install(context, guard, throttle, bodyLimit);
        String quarantine = parts.inbound().settings().quarantineFolder();
        InboundApi inboundApi = new InboundApi(parts.inbound().ledger(), new InboundReplay(parts.registry(), parts.tokens(),
                parts.inbound().ledger(), quarantine));
        OutboundSetup.Parts outbound = parts.outbound();
        OutboundApi outboundApi = new OutboundApi(outbound.intake(), outbound.requests(),
                new OutboundRetry(outbound.requests(), outbound.queue()), dataDir.resolve("work"),
                new RequestBodies(bodyLimit, vertx));
        context.addRoutes(new AdminRoutes(new MailboxApi(parts.tokens(), outbound.senders(), parts.warnings(),
                parts.connectionCheck(), parts.inbound().endpoints()::lastPoll, parts.cluster()),
                new SignInPages(signIn, guard), outboundApi, inboundApi, new RoutesApi(context, parts.routeFiles()),
                new AdminPages(guard, sessions, throttle, publicUrl.startsWith("https://")), guard));
        registerHealthChecks(context, parts);
    }

    private static void registerHealthChecks(CamelContext context, Parts parts) {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        parts.registry().mailboxes().forEach(m -> health.register(new MailboxHealthCheck(parts.tokens(), m.id())));
        health.register(new DependencyHealthCheck("store", () -> {
            try (Connection c = parts.database().dataSource().getConnection()) {
                if (!c.isValid(5)) {
                    throw new IllegalStateException("the store does not answer");
                }
                return c.getMetaData().getDatabaseProductName();
            }
        }));
        health.register(new DependencyHealthCheck("broker", parts.outbound().broker()::check));
    }

    /**
     * The HTTP server's Vert.x, made here so that accepting a long batch (minutes for 10,000 invoices) on a worker
     * thread is not reported as a blocked thread every second; closed once Camel, and the HTTP server with it, has
     * stopped.
     */
    private static Vertx httpServerVertx(CamelContext context) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setMaxWorkerExecuteTime(30).setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES));
        context.getRegistry().bind("vertx", vertx);
        CamelEvents.on(context, CamelEvent.CamelContextStoppedEvent.class, vertx::close);
        return vertx;
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

    /** The configured admin token once it is strong enough; in the sandbox one made for the run; else none. */
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
