package io.mailbridge.outbound;

import io.mailbridge.config.ClosedOnStop;
import io.mailbridge.config.Settings;
import io.mailbridge.mailbox.ConfigurationException;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.mailbox.Secret;
import io.mailbridge.metrics.MailbridgeMetrics;
import io.mailbridge.oauth.TokenService;
import io.mailbridge.store.Database;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.jms.JmsMessage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wires the outbound flow: the send queue (embedded broker unless {@code mailbridge.outbound.broker-url} names one),
 * the intake behind the API, the drop folder and the broker, and the delivery step that routes in {@code routes/}
 * call as {@code outboundSend}.
 */
public final class OutboundSetup {

    /** The parts of the outbound flow the HTTP API and the mailbox views need. */
    public record Parts(OutboundIntake intake, OutboundRequests requests, OutboundQueue queue, OutboundMailboxes senders,
                        OutboundBroker broker, OutboundSettings settings, RecipientCounts counts) {
    }

    private OutboundSetup() {
    }

    public static Parts install(CamelContext context, Settings settings, MailboxRegistry registry, TokenService tokens,
                                Database database, MailbridgeMetrics metrics) throws Exception {
        OutboundSettings outbound = settings(settings, registry);
        Path dataDir = settings.dataDir();
        Optional<String> brokerUrl = settings.text("mailbridge.outbound.broker-url");
        OutboundBroker.ProducerAcceptor producers = producerAcceptor(settings, brokerUrl.isPresent());
        OutboundBroker broker = ClosedOnStop.register(context, "outbound broker", brokerUrl.isPresent()
                ? OutboundBroker.external(brokerUrl.get(), settings.text("mailbridge.outbound.broker-user").orElse(null),
                        settings.text("mailbridge.outbound.broker-password").orElse(null))
                : OutboundBroker.embedded(dataDir.resolve("broker"), producers));
        OutboundQueue queue = ClosedOnStop.register(context, "outbound queue", new OutboundQueue(broker.connectionFactory()));
        // every jms: endpoint in routes/ uses the outbound broker unless it names another connection factory
        JmsComponent jms = context.getComponent("jms", JmsComponent.class);
        jms.setConnectionFactory(broker.connectionFactory());
        // a mail waiting for the store is logged in one line by outboundSend, not again by the listener container
        jms.setErrorHandler(new QueueListenerErrorHandler(context, jms.getErrorHandlerLoggingLevel(),
                jms.isErrorHandlerLogStackTrace()));
        context.getRegistry().bind("outboundConnectionFactory", broker.connectionFactory());

        OutboundRequests requests = new OutboundRequests(database.dataSource(), Clock.systemUTC());
        TemplateLibrary templates = new TemplateLibrary(Path.of(settings.text("mailbridge.outbound.templates", "templates")));
        SendRequestReader reader = new SendRequestReader(registry, templates,
                settings.integer("mailbridge.outbound.max-recipients", 500),
                settings.number("mailbridge.outbound.max-attachment-bytes", 20L * 1024 * 1024));
        OutboundIntake intake = new OutboundIntake(registry, reader, new MimeComposer(Clock.systemUTC()), requests, queue,
                settings.integer("mailbridge.outbound.max-batch-items", 100_000),
                settings.number("mailbridge.outbound.batch-chunk-bytes", OutboundIntake.DEFAULT_CHUNK_BYTES));
        RecipientCounts counts = new RecipientCounts(database.dataSource());
        OutboundMailboxes senders = ClosedOnStop.register(context, "SMTP connection pools",
                new OutboundMailboxes(registry, tokens, counts, outbound, Clock.systemUTC()));
        Optional<String> webhook = settings.text("mailbridge.outbound.status-webhook");
        OutboundDelivery delivery = new OutboundDelivery(senders, requests, outbound, new StatusWebhook(
                webhook.map(URI::create).orElse(null),
                settings.text("mailbridge.outbound.status-webhook-token").map(Secret::of).orElse(null)), metrics, Clock.systemUTC());
        context.addStartupListener((camel, alreadyStarted) -> {
            if (!alreadyStarted) {
                metrics.queueDepth(requests::countActive);
            }
        });
        context.getRegistry().bind("outboundSend", transactedJmsStep("outboundSend", OutboundQueue.QUEUE, delivery::deliver));
        context.getRegistry().bind("outboundDropFolder", (Processor) new OutboundDropFolder(intake, dataDir.resolve("work"))::accept);
        BrokerRequestIntake brokerRequests = new BrokerRequestIntake(intake, broker.connectionFactory(),
                settings.number(BrokerRequestIntake.MAX_REQUEST_BYTES, 32L * 1024 * 1024));
        context.getRegistry().bind("outboundBrokerRequest", transactedJmsStep("outboundBrokerRequest", BrokerRequestIntake.QUEUE,
                brokerRequests::accept));
        context.getRegistry().bind("outboundRequests", requests);
        return new Parts(intake, requests, queue, senders, broker, outbound, counts);
    }

    /** A step that works inside the transaction of the jms: consumer in front of it. */
    private interface JmsStep {
        void run(Session session, Message message) throws Exception;
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
    private static OutboundBroker.ProducerAcceptor producerAcceptor(Settings settings, boolean externalBroker) {
        Optional<String> url = settings.text("mailbridge.outbound.acceptor");
        if (url.isEmpty()) {
            return null;
        }
        if (externalBroker) {
            throw new ConfigurationException("mailbridge.outbound.acceptor opens the embedded broker to producers, but "
                    + "mailbridge.outbound.broker-url names an external one: remove the acceptor setting and let producers "
                    + "send to the queue " + BrokerRequestIntake.QUEUE + " on that broker");
        }
        Optional<String> user = settings.text("mailbridge.outbound.acceptor-user");
        Optional<String> password = settings.text("mailbridge.outbound.acceptor-password");
        if (user.isEmpty() || password.isEmpty()) {
            throw new ConfigurationException("mailbridge.outbound.acceptor is set, so producers need a user to sign in "
                    + "with: set mailbridge.outbound.acceptor-user and mailbridge.outbound.acceptor-password");
        }
        return new OutboundBroker.ProducerAcceptor(url.get(), user.get(), Secret.of(password.get()));
    }

    /** The retry, connection and per-mailbox sending settings, every fault named in one error. */
    static OutboundSettings settings(Settings settings, MailboxRegistry registry) {
        OutboundSettings.Limits defaults = new OutboundSettings.Limits(
                settings.integer("mailbridge.outbound.messages-per-minute", 30),
                settings.integer("mailbridge.outbound.recipients-per-day", 10_000));
        Map<String, OutboundSettings.Limits> limits = new HashMap<>();
        for (Mailbox m : registry.mailboxes()) {
            String prefix = "mailbridge.outbound.mailboxes." + m.id() + ".";
            limits.put(m.id(), new OutboundSettings.Limits(
                    settings.integer(prefix + "messages-per-minute", defaults.messagesPerMinute()),
                    settings.integer(prefix + "recipients-per-day", defaults.recipientsPerDay())));
        }
        OutboundSettings outbound = new OutboundSettings(
                settings.integer("mailbridge.outbound.max-attempts", 10),
                settings.seconds("mailbridge.outbound.retry-delay-seconds", 30),
                settings.seconds("mailbridge.outbound.max-retry-delay-seconds", 3600),
                settings.seconds("mailbridge.outbound.pause-recheck-seconds", 300),
                settings.integer("mailbridge.outbound.max-connections", 3),
                settings.seconds("mailbridge.outbound.idle-timeout-seconds", 60),
                defaults, limits);
        List<String> problems = new ArrayList<>();
        if (outbound.maxAttempts() < 1) {
            problems.add("mailbridge.outbound.max-attempts must be at least 1");
        }
        if (outbound.maxConnections() < 1) {
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
        return outbound;
    }
}
