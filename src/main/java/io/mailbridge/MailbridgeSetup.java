package io.mailbridge;

import io.mailbridge.admin.AdminPages;
import io.mailbridge.admin.AdminRoutes;
import io.mailbridge.admin.AdminSessions;
import io.mailbridge.admin.RoutesApi;
import io.mailbridge.admin.AdminTokenGuard;
import io.mailbridge.admin.AdminTokenStrength;
import io.mailbridge.admin.ApiGate;
import io.mailbridge.admin.BodyLimit;
import io.mailbridge.admin.LoginThrottle;
import io.mailbridge.admin.RequestBodies;
import io.mailbridge.admin.MailboxApi;
import io.mailbridge.admin.DependencyHealthCheck;
import io.mailbridge.admin.InboundApi;
import io.mailbridge.admin.MailboxHealthCheck;
import io.mailbridge.admin.OutboundApi;
import io.mailbridge.admin.ReadinessGate;
import io.mailbridge.admin.SignInPages;
import io.mailbridge.diagnosis.ConnectionCheck;
import io.mailbridge.diagnosis.MailboxWarnings;
import io.mailbridge.diagnosis.TestMailMarker;
import io.mailbridge.inbound.ErpAuthorization;
import io.mailbridge.inbound.InboundEndpointConfigurer;
import io.mailbridge.inbound.InboundLedger;
import io.mailbridge.inbound.InboundPipeline;
import io.mailbridge.inbound.InboundReplay;
import io.mailbridge.inbound.InboundSettings;
import io.mailbridge.inbound.MimeLimits;
import io.mailbridge.mailbox.ConfigurationException;
import io.mailbridge.metrics.MailbridgeMetrics;
import io.mailbridge.mailbox.MailEndpointConfigurer;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.mailbox.MailboxSettingsReader;
import io.mailbridge.mailbox.Secret;
import io.mailbridge.oauth.EncryptedFileTokenStore;
import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.oauth.SignInService;
import io.mailbridge.oauth.TokenCipher;
import io.mailbridge.oauth.TokenService;
import io.mailbridge.outbound.BrokerRequestIntake;
import io.mailbridge.outbound.MimeComposer;
import io.mailbridge.outbound.OutboundBroker;
import io.mailbridge.outbound.OutboundDelivery;
import io.mailbridge.outbound.OutboundDropFolder;
import io.mailbridge.outbound.OutboundIntake;
import io.mailbridge.outbound.OutboundMailboxes;
import io.mailbridge.outbound.OutboundQueue;
import io.mailbridge.outbound.OutboundRequests;
import io.mailbridge.outbound.OutboundRetry;
import io.mailbridge.outbound.OutboundSettings;
import io.mailbridge.outbound.QueueListenerErrorHandler;
import io.mailbridge.outbound.RecipientCounts;
import io.mailbridge.outbound.SendRequestReader;
import io.mailbridge.outbound.StatusWebhook;
import io.mailbridge.outbound.TemplateLibrary;
import io.mailbridge.sandbox.Sandbox;
import io.mailbridge.sandbox.SandboxErpSink;
import io.mailbridge.sandbox.SandboxInvoices;
import io.mailbridge.sandbox.SandboxRoutes;
import io.mailbridge.store.Database;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the configuration and wires the token service, endpoint configuration, sandbox and HTTP surface. */
public final class MailbridgeSetup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MailbridgeSetup.class);
    static final String TOKEN_KEY_ENV = "MAILBRIDGE_TOKEN_KEY";
    /** {@code {{env:NAME}}} without a default: the value is meant to be there. */
    private static final Pattern REQUIRED_ENV = Pattern.compile("\\{\\{env:([A-Za-z0-9_.]+)}}");

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Path dataDir = Path.of(property(properties, "mailbridge.data-dir").orElse("data"));
        String port = property(properties, "camel.server.port").orElse("8080");
        String publicUrl = property(properties, "mailbridge.public-url").orElse("http://localhost:" + port);
        List<AutoCloseable> closeables = new ArrayList<>();
        io.vertx.core.Vertx vertx = httpServerVertx(context);
        ReadinessGate.install(context);
        spoolLargeBodies(context, dataDir);

        Sandbox sandbox = null;
        Map<String, SSLContext> trust = new HashMap<>();
        if (Boolean.parseBoolean(property(properties, "mailbridge.sandbox.enabled").orElse("false"))) {
            sandbox = Sandbox.start(intProperty(properties, "mailbridge.sandbox.authority-port", 9443),
                    intProperty(properties, "mailbridge.sandbox.imap-port", 3143),
                    intProperty(properties, "mailbridge.sandbox.smtp-port", 3025));
            closeables.add(sandbox);
            // settings the user wrote win, so a sandbox setting can be broken on purpose to see the diagnosis
            for (Map.Entry<String, String> e : sandbox.properties().entrySet()) {
                if (property(properties, e.getKey()).isEmpty()) {
                    properties.addOverrideProperty(e.getKey(), e.getValue());
                }
            }
            trust.put(Sandbox.CLIENT, sandbox.authorityTrust());
            context.getRegistry().bind("sandbox", sandbox);
        }
        try {
            MailboxRegistry registry = MailboxSettingsReader.read(mailbridgeProperties(properties));
            TokenCipher cipher = tokenCipher(properties, registry, dataDir, sandbox != null);
            MsalAuthorityClient authority = new MsalAuthorityClient(trust);
            EncryptedFileTokenStore store = new EncryptedFileTokenStore(dataDir.resolve("tokens"), cipher);
            if (sandbox != null) {
                // the sandbox authority starts afresh each run and knows no refresh token from the last one
                store.delete(Sandbox.DELEGATED_MAILBOX);
            }
            TokenService tokens = new TokenService(registry, store,
                    authority, Clock.systemUTC(),
                    Duration.ofSeconds(intProperty(properties, "mailbridge.token.refresh-ahead-seconds", 300)));
            closeables.add(0, tokens);
            MailEndpointConfigurer mailEndpoints = new MailEndpointConfigurer(registry, tokens);
            // the token service and the mailboxes are not bound by name: a route could otherwise call them for a
            // mailbox's token or password and send it anywhere

            Database database = Database.open(
                    property(properties, "mailbridge.store.url").orElse(Database.embeddedUrl(dataDir)),
                    property(properties, "mailbridge.store.user").orElse(null),
                    property(properties, "mailbridge.store.password").orElse(null));
            // last of all: the store outlives every route and service that may still write to it while Camel stops
            closeables.add(database);
            InboundLedger ledger = new InboundLedger(database.dataSource(), Clock.systemUTC());
            // retries are the ledger's, visible and backed off; the HTTP client's own silent re-sends would hide them
            for (String scheme : new String[] {"http", "https"}) {
                context.getComponent(scheme, HttpComponent.class).setAutomaticRetriesDisabled(true);
            }
            ErpAuthorization erp = erpAuthorization(properties);
            // mailbridge's metrics go into the registry Camel exports its route metrics from, made when Camel starts
            MailbridgeMetrics metrics = new MailbridgeMetrics(() -> context.getRegistry().lookupByNameAndType(
                    org.apache.camel.component.micrometer.MicrometerConstants.METRICS_REGISTRY_NAME,
                    io.micrometer.core.instrument.MeterRegistry.class));
            tokens.observe(metrics);
            TestMailMarker testMail = new TestMailMarker();
            context.getRegistry().bind("testMailMarker", testMail);
            InboundSettings inboundSettings = inboundSettings(properties, dataDir);
            InboundEndpointConfigurer inboundEndpoints = new InboundEndpointConfigurer(registry, ledger, inboundSettings,
                    new InboundEndpointConfigurer.LeaveAlone(List.of(TestMailMarker.HEADER), testMail));
            // one callback, in this order: the inbound consumer connects with the credential given to the endpoint first
            context.getCamelContextExtension().registerEndpointCallback((uri, endpoint) ->
                    inboundEndpoints.registerEndpoint(uri, mailEndpoints.registerEndpoint(uri, endpoint)));
            InboundPipeline inbound = new InboundPipeline(ledger, inboundSettings, erp, metrics, Clock.systemUTC());
            inbound.prepareWorkDirectory();
            context.addRoutes(new ExpectedFailureLogging());
            context.getRegistry().bind("inboundDocument", (Processor) inbound::receive);
            context.getRegistry().bind("inboundOutcome", (Processor) inbound::acknowledge);
            context.getRegistry().bind("erpAuthorization", (Processor) erp::apply);
            context.getRegistry().bind("inboundLedger", ledger);
            if (sandbox != null) {
                context.addRoutes(new SandboxRoutes(new SandboxErpSink(dataDir.resolve("sandbox-erp"))));
            }

            SignInService signIn = new SignInService(tokens, authority, publicUrl + "/oauth/callback", Clock.systemUTC());
            Secret adminToken = adminToken(properties, sandbox != null);
            AdminSessions sessions = new AdminSessions(Clock.systemUTC());
            AdminTokenGuard guard = new AdminTokenGuard(adminToken, sessions);
            LoginThrottle throttle = new LoginThrottle(Clock.systemUTC());
            BodyLimit bodyLimit = bodyLimit(context, properties);
            ApiGate.install(context, guard, throttle, bodyLimit);
            RouteFileReport routeFiles = new RouteFileReport();
            onEvent(context, CamelEvent.RouteReloadedEvent.class, () -> routeFiles.reloaded(java.time.Instant.now()));
            Outbound outbound = outbound(context, properties, dataDir, registry, tokens, database, guard,
                    new RequestBodies(bodyLimit, vertx), metrics, closeables);
            ConnectionCheck connectionCheck = new ConnectionCheck(registry, tokens,
                    id -> foldersOf(context, registry, id, inboundSettings.quarantineFolder()), testMail,
                    Duration.ofSeconds(intProperty(properties, "mailbridge.test.timeout-seconds", 15)),
                    Duration.ofSeconds(intProperty(properties, "mailbridge.test.delivery-wait-seconds", 60)), Clock.systemUTC());
            InboundApi inboundApi = new InboundApi(ledger, new InboundReplay(registry, tokens, ledger,
                    inboundSettings.quarantineFolder()), guard);
            closeables.add(0, logWarningsHourly(outbound.warnings()));
            context.addRoutes(new AdminRoutes(new MailboxApi(tokens, outbound.senders(), outbound.warnings(), connectionCheck,
                    inboundEndpoints::lastPoll, guard),
                    new SignInPages(signIn, guard), outbound.api(), inboundApi, new RoutesApi(context, routeFiles, guard),
                    new AdminPages(guard, sessions, throttle, publicUrl.startsWith("https://"))));
            HealthCheckRegistry health = HealthCheckRegistry.get(context);
            registry.mailboxes().forEach(m -> health.register(new MailboxHealthCheck(tokens, m.id())));
            health.register(new DependencyHealthCheck("store", () -> {
                try (java.sql.Connection c = database.dataSource().getConnection()) {
                    if (!c.isValid(5)) {
                        throw new IllegalStateException("the store does not answer");
                    }
                    return c.getMetaData().getDatabaseProductName();
                }
            }));
            health.register(new DependencyHealthCheck("broker", outbound.broker()::check));
            context.addService(new Closer(closeables), true, true);
            RouteFiles.loadWhenStarted(context, Path.of(property(properties, "camel.main.routes-reload-directory").orElse("routes")),
                    property(properties, "camel.main.routes-reload-pattern").orElse("*.camel.yaml"), routeFiles);

            tokens.start(Duration.ofSeconds(intProperty(properties, "mailbridge.token.renewal-check-seconds", 15)));
            LOG.info("{} mailbox(es) configured: {}", registry.mailboxes().size(), registry.mailboxes().stream()
                    .map(m -> m.id() + " <" + m.address() + "> " + m.grant().configName()).toList());
            if (sandbox != null) {
                sandbox.logBanner(publicUrl);
                Path dropFolder = Path.of(property(properties, "mailbridge.outbound.drop-folder").orElse("data/outbound-drop"));
                String batch = SandboxInvoices.drop(dropFolder, Sandbox.APP_MAILBOX);
                if (batch != null) {
                    LOG.info("Sandbox: sample invoice run {} dropped into {}; routes/outbound-sandbox.camel.yaml sends it "
                            + "(see {}/done/{}.result.json for its batchId)", batch, dropFolder, dropFolder, batch);
                }
            }
        } catch (RuntimeException | Error e) {
            closeQuietly(closeables);
            throw e;
        } catch (Exception e) {
            closeQuietly(closeables);
            throw new IllegalStateException(e);
        }
    }

    /**
     * The HTTP server's Vert.x, made here so that accepting a long batch (minutes for 10,000 invoices) on a worker
     * thread is not reported as a blocked thread every second; closed once Camel, and the HTTP server with it, has
     * stopped.
     */
    private static io.vertx.core.Vertx httpServerVertx(CamelContext context) {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx(new io.vertx.core.VertxOptions()
                .setMaxWorkerExecuteTime(30).setMaxWorkerExecuteTimeUnit(java.util.concurrent.TimeUnit.MINUTES));
        context.getRegistry().bind("vertx", vertx);
        onEvent(context, CamelEvent.CamelContextStoppedEvent.class, vertx::close);
        return vertx;
    }

    /**
     * The largest request body, for the API (read by mailbridge itself, see {@link RequestBodies}) and for every other
     * path (read by the HTTP server's body handler, which refuses more with 413). File uploads are off: no path of
     * mailbridge takes a multipart upload, and the body handler would write one to disk.
     */
    private static BodyLimit bodyLimit(CamelContext context, PropertiesComponent properties) {
        long max = longProperty(properties, BodyLimit.PROPERTY, BodyLimit.DEFAULT);
        if (max < 1) {
            throw new ConfigurationException(BodyLimit.PROPERTY + " must be a positive number of bytes");
        }
        org.apache.camel.component.platform.http.main.MainHttpServer server =
                context.hasService(org.apache.camel.component.platform.http.main.MainHttpServer.class);
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
    private static AutoCloseable logWarningsHourly(MailboxWarnings warnings) {
        java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mailbridge-warnings");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(warnings::logNew, 30, 3600, java.util.concurrent.TimeUnit.SECONDS);
        return scheduler::shutdownNow;
    }

    private static void onEvent(CamelContext context, Class<? extends CamelEvent> type, Runnable action) {
        context.getManagementStrategy().addEventNotifier(new org.apache.camel.support.SimpleEventNotifierSupport() {
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

    /** Every {@code mailbridge.clients.*} and {@code mailbridge.mailboxes.*} property, placeholders resolved. */
    static Map<String, String> mailbridgeProperties(PropertiesComponent properties) {
        Map<String, String> resolved = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Properties raw = properties.loadProperties(k -> k.startsWith(MailboxSettingsReader.CLIENTS)
                || k.startsWith(MailboxSettingsReader.MAILBOXES));
        raw.stringPropertyNames().forEach(key -> {
            try {
                Optional<String> value = property(properties, key);
                value.ifPresent(v -> resolved.put(key, v));
                Matcher env = REQUIRED_ENV.matcher(raw.getProperty(key, ""));
                if (value.isEmpty() && env.find()) {
                    problems.add(key + " refers to the environment variable " + env.group(1) + ", which is not set; "
                            + "set it before starting mailbridge");
                }
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return resolved;
    }

    static Optional<String> property(PropertiesComponent properties, String key) {
        try {
            return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
        } catch (RuntimeException e) {
            // typically {{env:NAME}} with NAME unset; the message must not quote the value, which may be a secret
            throw new ConfigurationException(key + ": cannot resolve its value (" + e.getMessage()
                    .replaceAll("from text: .*", "").trim() + "); set the environment variable or property it refers to");
        }
    }

    private static int intProperty(PropertiesComponent properties, String key, int fallback) {
        long value = longProperty(properties, key, fallback);
        if (value != (int) value) {
            throw new ConfigurationException(key + ": " + value + " is too large");
        }
        return (int) value;
    }

    /**
     * The key that encrypts refresh tokens at rest. Only the sandbox may make one up: anywhere else a missing key is
     * an error, never a silent fallback to plain text.
     */
    static TokenCipher tokenCipher(PropertiesComponent properties, MailboxRegistry registry, Path dataDir, boolean sandbox) {
        Optional<String> key = property(properties, "mailbridge.token-key");
        Optional<String> keyFile = property(properties, "mailbridge.token-key-file");
        try {
            if (key.isPresent()) {
                return TokenCipher.fromBase64(key.get(), "mailbridge.token-key (" + TOKEN_KEY_ENV + ")");
            }
            if (keyFile.isPresent()) {
                return TokenCipher.fromFile(Path.of(keyFile.get()));
            }
        } catch (RuntimeException e) {
            throw new ConfigurationException(e.getMessage());
        }
        List<String> delegated = registry.mailboxes().stream().filter(m -> m.grant().isDelegated())
                .filter(m -> !m.id().startsWith("sandbox-") || !sandbox).map(Mailbox::id).toList();
        if (sandbox && delegated.isEmpty()) {
            Path file = dataDir.resolve("sandbox-token.key");
            return TokenCipher.fromFileCreatingIfMissing(file);
        }
        if (delegated.isEmpty()) {
            // nothing to keep: client-credentials and password mailboxes store no tokens
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            return TokenCipher.fromBase64(Base64.getEncoder().encodeToString(raw), "ephemeral key");
        }
        throw new ConfigurationException("mailbridge.token-key is missing: delegated mailboxes " + delegated
                + " keep refresh tokens, which are stored encrypted. Set the environment variable " + TOKEN_KEY_ENV
                + " to a key made with 'openssl rand -base64 32', or point mailbridge.token-key-file at a file holding one");
    }

    /**
     * The send queue (embedded broker unless {@code mailbridge.outbound.broker-url} names one), the intake behind the
     * API and the drop folder, and the delivery step that routes in {@code routes/} call as {@code outboundSend}.
     */
    /** The parts of the outbound flow the rest of the setup needs. */
    private record Outbound(OutboundApi api, OutboundMailboxes senders, OutboundBroker broker, MailboxWarnings warnings) {
    }

    private static Outbound outbound(CamelContext context, PropertiesComponent properties, Path dataDir,
                                        MailboxRegistry registry, TokenService tokens, Database database, AdminTokenGuard guard,
                                        RequestBodies bodies, MailbridgeMetrics metrics, List<AutoCloseable> closeables) throws Exception {
        OutboundSettings settings = outboundSettings(properties, registry);
        Optional<String> brokerUrl = property(properties, "mailbridge.outbound.broker-url");
        OutboundBroker.ProducerAcceptor producers = producerAcceptor(properties, brokerUrl.isPresent());
        OutboundBroker broker = brokerUrl.isPresent()
                ? OutboundBroker.external(brokerUrl.get(), property(properties, "mailbridge.outbound.broker-user").orElse(null),
                        property(properties, "mailbridge.outbound.broker-password").orElse(null))
                : OutboundBroker.embedded(dataDir.resolve("broker"), producers);
        closeables.add(0, broker);
        OutboundQueue queue = new OutboundQueue(broker.connectionFactory());
        closeables.add(0, queue);
        // every jms: endpoint in routes/ uses the outbound broker unless it names another connection factory
        JmsComponent jms = context.getComponent("jms", JmsComponent.class);
        jms.setConnectionFactory(broker.connectionFactory());
        // a mail waiting for the store is logged in one line by outboundSend, not again by the listener container
        jms.setErrorHandler(new QueueListenerErrorHandler(context, jms.getErrorHandlerLoggingLevel(),
                jms.isErrorHandlerLogStackTrace()));
        context.getRegistry().bind("outboundConnectionFactory", broker.connectionFactory());

        OutboundRequests requests = new OutboundRequests(database.dataSource(), Clock.systemUTC());
        TemplateLibrary templates = new TemplateLibrary(Path.of(property(properties, "mailbridge.outbound.templates").orElse("templates")));
        SendRequestReader reader = new SendRequestReader(registry, templates,
                intProperty(properties, "mailbridge.outbound.max-recipients", 500),
                longProperty(properties, "mailbridge.outbound.max-attachment-bytes", 20L * 1024 * 1024));
        OutboundIntake intake = new OutboundIntake(registry, reader, new MimeComposer(Clock.systemUTC()), requests, queue,
                intProperty(properties, "mailbridge.outbound.max-batch-items", 100_000),
                longProperty(properties, "mailbridge.outbound.batch-chunk-bytes", OutboundIntake.DEFAULT_CHUNK_BYTES));
        RecipientCounts counts = new RecipientCounts(database.dataSource());
        OutboundMailboxes senders = new OutboundMailboxes(registry, tokens, counts, settings, Clock.systemUTC());
        MailboxWarnings warnings = new MailboxWarnings(registry, tokens,
                id -> counts.get(id, java.time.LocalDate.now(java.time.ZoneOffset.UTC)),
                id -> settings.limitsOf(id).recipientsPerDay(), Clock.systemUTC());
        closeables.add(0, senders);
        Optional<String> webhook = property(properties, "mailbridge.outbound.status-webhook");
        OutboundDelivery delivery = new OutboundDelivery(senders, requests, settings, new StatusWebhook(
                webhook.map(java.net.URI::create).orElse(null),
                property(properties, "mailbridge.outbound.status-webhook-token").map(Secret::of).orElse(null)), metrics, Clock.systemUTC());
        context.addStartupListener((camel, alreadyStarted) -> {
            if (!alreadyStarted) {
                metrics.queueDepth(requests::countActive);
            }
        });
        context.getRegistry().bind("outboundSend", transactedJmsStep("outboundSend", OutboundQueue.QUEUE, delivery::deliver));
        context.getRegistry().bind("outboundDropFolder", (Processor) new OutboundDropFolder(intake, dataDir.resolve("work"))::accept);
        BrokerRequestIntake brokerRequests = new BrokerRequestIntake(intake, broker.connectionFactory(),
                longProperty(properties, BrokerRequestIntake.MAX_REQUEST_BYTES, 32L * 1024 * 1024));
        context.getRegistry().bind("outboundBrokerRequest", transactedJmsStep("outboundBrokerRequest", BrokerRequestIntake.QUEUE,
                brokerRequests::accept));
        context.getRegistry().bind("outboundRequests", requests);
        return new Outbound(new OutboundApi(intake, requests, new OutboundRetry(requests, queue), guard, dataDir.resolve("work"), bodies),
                senders, broker, warnings);
    }

    /** A step that works inside the transaction of the jms: consumer in front of it. */
    private interface JmsStep {
        void run(jakarta.jms.Session session, jakarta.jms.Message message) throws Exception;
    }

    /** A processor for a {@code process: ref} after a transacted jms: consumer, refusing to run anywhere else. */
    private static Processor transactedJmsStep(String ref, String queue, JmsStep step) {
        return exchange -> {
            JmsMessage in = exchange.getIn(JmsMessage.class);
            if (in == null || in.getJmsSession() == null || !in.getJmsSession().getTransacted()) {
                throw new IllegalStateException(ref + " must follow a transacted jms: consumer of queue " + queue
                        + " (see routes/outbound-sandbox.camel.yaml)");
            }
            step.run(in.getJmsSession(), in.getJmsMessage());
        };
    }

    /** The embedded broker's acceptor for producers outside the process, when one is configured. */
    private static OutboundBroker.ProducerAcceptor producerAcceptor(PropertiesComponent properties, boolean externalBroker) {
        Optional<String> url = property(properties, "mailbridge.outbound.acceptor");
        if (url.isEmpty()) {
            return null;
        }
        if (externalBroker) {
            throw new ConfigurationException("mailbridge.outbound.acceptor opens the embedded broker to producers, but "
                    + "mailbridge.outbound.broker-url names an external one: remove the acceptor setting and let producers "
                    + "send to the queue " + BrokerRequestIntake.QUEUE + " on that broker");
        }
        Optional<String> user = property(properties, "mailbridge.outbound.acceptor-user");
        Optional<String> password = property(properties, "mailbridge.outbound.acceptor-password");
        if (user.isEmpty() || password.isEmpty()) {
            throw new ConfigurationException("mailbridge.outbound.acceptor is set, so producers need a user to sign in "
                    + "with: set mailbridge.outbound.acceptor-user and mailbridge.outbound.acceptor-password");
        }
        return new OutboundBroker.ProducerAcceptor(url.get(), user.get(), Secret.of(password.get()));
    }

    /** The folders the running routes read and write for a mailbox, for its connection test. */
    static ConnectionCheck.Folders foldersOf(CamelContext context, MailboxRegistry registry, String mailboxId, String quarantine) {
        java.util.Set<String> read = new java.util.LinkedHashSet<>();
        java.util.Set<String> written = new java.util.LinkedHashSet<>();
        for (org.apache.camel.Route route : context.getRoutes()) {
            org.apache.camel.Endpoint endpoint = route.getEndpoint() instanceof io.mailbridge.inbound.MailboxEndpoint inbound
                    ? inbound.mailEndpoint() : route.getEndpoint();
            if (endpoint instanceof org.apache.camel.component.mail.MailEndpoint mail) {
                var config = mail.getConfiguration();
                boolean ours = registry.serving(config.getUsername(), config.getProtocol(), config.getHost(), config.getPort())
                        .filter(m -> m.id().equals(mailboxId)).isPresent();
                if (ours) {
                    read.add(config.getFolderName());
                    Optional.ofNullable(config.getMoveTo()).ifPresent(written::add);
                    Optional.ofNullable(config.getCopyTo()).ifPresent(written::add);
                    written.add(quarantine);
                }
            }
        }
        return new ConnectionCheck.Folders(List.copyOf(read), List.copyOf(written));
    }

    static OutboundSettings outboundSettings(PropertiesComponent properties, MailboxRegistry registry) {
        OutboundSettings.Limits defaults = new OutboundSettings.Limits(
                intProperty(properties, "mailbridge.outbound.messages-per-minute", 30),
                intProperty(properties, "mailbridge.outbound.recipients-per-day", 10_000));
        Map<String, OutboundSettings.Limits> limits = new HashMap<>();
        for (Mailbox m : registry.mailboxes()) {
            String prefix = "mailbridge.outbound.mailboxes." + m.id() + ".";
            limits.put(m.id(), new OutboundSettings.Limits(
                    intProperty(properties, prefix + "messages-per-minute", defaults.messagesPerMinute()),
                    intProperty(properties, prefix + "recipients-per-day", defaults.recipientsPerDay())));
        }
        OutboundSettings settings = new OutboundSettings(
                intProperty(properties, "mailbridge.outbound.max-attempts", 10),
                Duration.ofSeconds(intProperty(properties, "mailbridge.outbound.retry-delay-seconds", 30)),
                Duration.ofSeconds(intProperty(properties, "mailbridge.outbound.max-retry-delay-seconds", 3600)),
                Duration.ofSeconds(intProperty(properties, "mailbridge.outbound.pause-recheck-seconds", 300)),
                intProperty(properties, "mailbridge.outbound.max-connections", 3),
                Duration.ofSeconds(intProperty(properties, "mailbridge.outbound.idle-timeout-seconds", 60)),
                defaults, limits);
        List<String> problems = new ArrayList<>();
        if (settings.maxAttempts() < 1) {
            problems.add("mailbridge.outbound.max-attempts must be at least 1");
        }
        if (settings.maxConnections() < 1) {
            problems.add("mailbridge.outbound.max-connections must be at least 1 (Microsoft 365 allows 3)");
        }
        limits.forEach((id, l) -> {
            if (l.messagesPerMinute() < 1 || l.recipientsPerDay() < 1) {
                problems.add("the sending limits of mailbox " + id + " must be positive (mailbridge.outbound.messages-per-minute, "
                        + "recipients-per-day)");
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return settings;
    }

    static InboundSettings inboundSettings(PropertiesComponent properties, Path dataDir) {
        MimeLimits defaults = MimeLimits.defaults();
        return new InboundSettings(
                intProperty(properties, "mailbridge.inbound.max-attempts", 5),
                property(properties, "mailbridge.inbound.quarantine-folder").orElse("Quarantine"),
                Duration.ofSeconds(intProperty(properties, "mailbridge.inbound.retry-delay-seconds", 30)),
                Duration.ofSeconds(intProperty(properties, "mailbridge.inbound.max-retry-delay-seconds", 900)),
                new MimeLimits(intProperty(properties, "mailbridge.inbound.max-depth", defaults.maxDepth()),
                        intProperty(properties, "mailbridge.inbound.max-parts", defaults.maxParts()),
                        longProperty(properties, "mailbridge.inbound.max-total-bytes", defaults.maxTotalBytes())),
                dataDir.resolve("work"),
                // an attempt holds its message for twice the ERP timeout, so a slow ERP call never outlives its lease
                Duration.ofMillis(2 * longProperty(properties, "mailbridge.erp.timeout-ms", 30_000)),
                intProperty(properties, "mailbridge.inbound.concurrency", 4),
                Duration.ofSeconds(intProperty(properties, "mailbridge.inbound.keepalive-seconds", 60)));
    }

    static ErpAuthorization erpAuthorization(PropertiesComponent properties) {
        String mode = property(properties, "mailbridge.erp.auth").orElse("none").toLowerCase(java.util.Locale.ROOT);
        java.util.function.Function<String, String> required = key -> property(properties, key).orElseThrow(() ->
                new ConfigurationException(key + " is missing: mailbridge.erp.auth=" + mode + " needs it"));
        return switch (mode) {
            case "none" -> ErpAuthorization.none();
            case "bearer" -> new ErpAuthorization(ErpAuthorization.Mode.BEARER, Secret.of(required.apply("mailbridge.erp.token")),
                    null, null, null, null, null, null, Clock.systemUTC());
            case "basic" -> new ErpAuthorization(ErpAuthorization.Mode.BASIC, null, required.apply("mailbridge.erp.user"),
                    Secret.of(required.apply("mailbridge.erp.password")), null, null, null, null, Clock.systemUTC());
            case "oauth" -> new ErpAuthorization(ErpAuthorization.Mode.OAUTH, null, null, null,
                    java.net.URI.create(required.apply("mailbridge.erp.token-url")), required.apply("mailbridge.erp.client-id"),
                    Secret.of(required.apply("mailbridge.erp.client-secret")), property(properties, "mailbridge.erp.scope").orElse(null),
                    Clock.systemUTC());
            default -> throw new ConfigurationException("mailbridge.erp.auth: '" + mode + "' is not one of none, bearer, basic, oauth");
        };
    }

    private static long longProperty(PropertiesComponent properties, String key, long fallback) {
        String value = property(properties, key).orElse(null);
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + ": '" + value + "' is not a whole number");
        }
    }

    private static Secret adminToken(PropertiesComponent properties, boolean sandbox) {
        Optional<String> configured = property(properties, "mailbridge.admin-token");
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

    private static void closeQuietly(List<AutoCloseable> closeables) {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("close failed", e);
            }
        }
    }

    /** Closes the token service, the outbound queue, the sandbox and last the store when Camel stops (after the routes). */
    private static final class Closer extends ServiceSupport {
        private final List<AutoCloseable> closeables;

        Closer(List<AutoCloseable> closeables) {
            this.closeables = closeables;
        }

        @Override
        protected void doStop() {
            closeQuietly(closeables);
        }
    }

}
