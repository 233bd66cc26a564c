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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wires the outbound flow: the send queue (embedded broker unless {@code mailbridge.outbound.broker-url} names one),
 * the intake behind the API, the drop folder and the broker, and the delivery step that routes in {@code routes/}
 * call as {@code outboundSend}.
 */
public final class OutboundSetup {

    /** The parts of the outbound flow the HTTP API and the mailbox views need. */
    public record Parts(OutboundIntake intake, OutboundRequests requests, OutboundQueue queue, OutboundMailboxes senders,
                        OutboundBroker broker, OutboundSettings settings, RecipientCounts counts, Path dropFolder) {
    }

    private OutboundSetup() {
    }

    /**
     * @param p        the bound {@code mailbridge.outbound.*} settings
     * @param settings for a mailbox's own limits, which depend on the mailboxes configured
     */
    public static Parts install(CamelContext context, OutboundProperties p, Settings settings, Path dataDir,
                                MailboxRegistry registry, TokenService tokens, Database database, MailbridgeMetrics metrics)
            throws Exception {
        OutboundSettings outbound = settings(p, settings, registry);
        OutboundBroker.ProducerAcceptor producers = producerAcceptor(p);
        OutboundBroker broker = ClosedOnStop.register(context, "outbound broker", p.getBrokerUrl() != null
                ? OutboundBroker.external(p.getBrokerUrl(), p.getBrokerUser(), p.getBrokerPassword(),
                        Duration.ofSeconds(p.getBrokerConnectionTtlSeconds()))
                : OutboundBroker.embedded(dataDir.resolve("broker"), producers));
        OutboundQueue queue = ClosedOnStop.register(context, "outbound queue", new OutboundQueue(broker.connectionFactory(),
                outbound::groupsOf));
        // every jms: endpoint in routes/ uses the outbound broker unless it names another connection factory
        JmsComponent jms = context.getComponent("jms", JmsComponent.class);
        jms.setConnectionFactory(broker.connectionFactory());
        // a mail waiting for the store is logged in one line by outboundSend, not again by the listener container
        jms.setErrorHandler(new QueueListenerErrorHandler(context, jms.getErrorHandlerLoggingLevel(),
                jms.isErrorHandlerLogStackTrace()));
        context.getRegistry().bind("outboundConnectionFactory", broker.connectionFactory());

        OutboundRequests requests = new OutboundRequests(database.dataSource(), Clock.systemUTC());
        SendRequestReader reader = new SendRequestReader(registry, new TemplateLibrary(Path.of(p.getTemplates())),
                p.getMaxRecipients(), p.getMaxAttachmentBytes());
        StatusWebhook webhook = new StatusWebhook(p.getStatusWebhook() == null ? null : URI.create(p.getStatusWebhook()),
                p.getStatusWebhookToken() == null ? null : Secret.of(p.getStatusWebhookToken()));
        BatchCompletion completion = new BatchCompletion(requests, webhook);
        OutboundIntake intake = new OutboundIntake(registry, reader, new MimeComposer(Clock.systemUTC()), requests, queue,
                completion, p.getMaxBatchItems(), p.getBatchChunkBytes());
        RecipientCounts counts = new RecipientCounts(database.dataSource());
        OutboundMailboxes senders = ClosedOnStop.register(context, "SMTP connection pools",
                new OutboundMailboxes(registry, tokens, counts, outbound, Clock.systemUTC(),
                        context.getExecutorServiceManager().newSingleThreadScheduledExecutor(registry, "mailbridge-smtp-pools")));
        OutboundDelivery delivery = new OutboundDelivery(senders, requests, outbound, webhook, completion, metrics,
                Clock.systemUTC());
        context.addStartupListener((camel, alreadyStarted) -> {
            if (!alreadyStarted) {
                metrics.queueDepth(requests::countActive);
            }
        });
        context.getRegistry().bind("outboundSend", transactedJmsStep("outboundSend", OutboundQueue.QUEUE, delivery::deliver));
        context.getRegistry().bind("outboundDropFolder", (Processor) new OutboundDropFolder(intake, dataDir.resolve("work"))::accept);
        BrokerRequestIntake brokerRequests = new BrokerRequestIntake(intake, broker.connectionFactory(), p.getMaxRequestBytes());
        context.getRegistry().bind("outboundBrokerRequest", transactedJmsStep("outboundBrokerRequest", BrokerRequestIntake.QUEUE,
                brokerRequests::accept));
        context.getRegistry().bind("outboundRequests", requests);
        return new Parts(intake, requests, queue, senders, broker, outbound, counts, Path.of(p.getDropFolder()));
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
    private static OutboundBroker.ProducerAcceptor producerAcceptor(OutboundProperties p) {
        if (p.getAcceptor() == null) {
            return null;
        }
        if (p.getBrokerUrl() != null) {
            throw new ConfigurationException("mailbridge.outbound.acceptor opens the embedded broker to producers, but "
                    + "mailbridge.outbound.broker-url names an external one: remove the acceptor setting and let producers "
                    + "send to the queue " + BrokerRequestIntake.QUEUE + " on that broker");
        }
        if (p.getAcceptorUser() == null || p.getAcceptorPassword() == null) {
            throw new ConfigurationException("mailbridge.outbound.acceptor is set, so producers need a user to sign in "
                    + "with: set mailbridge.outbound.acceptor-user and mailbridge.outbound.acceptor-password");
        }
        return new OutboundBroker.ProducerAcceptor(p.getAcceptor(), p.getAcceptorUser(), Secret.of(p.getAcceptorPassword()));
    }

    /**
     * The retry, connection and per-mailbox sending settings ({@code mailbridge.outbound.mailboxes.<id>.messages-per-minute}
     * and {@code recipients-per-day} override the defaults for one mailbox), every fault named in one error.
     */
    static OutboundSettings settings(OutboundProperties p, Settings settings, MailboxRegistry registry) {
        OutboundSettings.Limits defaults = new OutboundSettings.Limits(p.getMessagesPerMinute(), p.getRecipientsPerDay());
        Map<String, OutboundSettings.Limits> limits = new HashMap<>();
        for (Mailbox m : registry.mailboxes()) {
            String prefix = OutboundProperties.MAILBOX_PREFIX + m.id() + ".";
            limits.put(m.id(), new OutboundSettings.Limits(
                    settings.integer(prefix + "messages-per-minute", defaults.messagesPerMinute()),
                    settings.integer(prefix + "recipients-per-day", defaults.recipientsPerDay())));
        }
        OutboundSettings outbound = new OutboundSettings(p.getMaxAttempts(), Duration.ofSeconds(p.getRetryDelaySeconds()),
                Duration.ofSeconds(p.getMaxRetryDelaySeconds()), Duration.ofSeconds(p.getPauseRecheckSeconds()),
                p.getMaxConnections(), Duration.ofSeconds(p.getIdleTimeoutSeconds()), defaults, limits, p.getBrokerUrl() != null);
        List<String> problems = new ArrayList<>();
        for (String key : settings.keys(key -> key.startsWith(OutboundProperties.MAILBOX_PREFIX))) {
            String rest = key.substring(OutboundProperties.MAILBOX_PREFIX.length());
            boolean known = registry.mailboxes().stream().anyMatch(m -> rest.equals(m.id() + ".messages-per-minute")
                    || rest.equals(m.id() + ".recipients-per-day"));
            if (!known) {
                problems.add(key + ": unknown setting; a mailbox's own limits are " + OutboundProperties.MAILBOX_PREFIX
                        + "<mailbox id>.messages-per-minute and .recipients-per-day, for a configured mailbox");
            }
        }
        if (outbound.maxAttempts() < 1) {
            problems.add("mailbridge.outbound.max-attempts must be at least 1");
        }
        if (p.getBrokerConnectionTtlSeconds() < 5) {
            problems.add("mailbridge.outbound.broker-connection-ttl-seconds must be at least 5 (the client checks the "
                    + "connection every third of it)");
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
