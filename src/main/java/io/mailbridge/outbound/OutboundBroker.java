package io.mailbridge.outbound;

import io.mailbridge.mailbox.Secret;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import io.mailbridge.common.Causes;
import io.mailbridge.mailbox.ConfigurationException;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.settings.impl.ResourceLimitSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The message broker holding the send queue: an embedded ActiveMQ Artemis with its persistent journal under the data
 * directory by default, or an external Artemis (a cluster) by URL. The JMS code is the same either way.
 */
public final class OutboundBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundBroker.class);
    /** In-VM acceptors are per JVM; each embedded broker (tests run several) takes its own number. */
    private static final AtomicInteger IN_VM_IDS = new AtomicInteger();
    /** How many queues the producer may have at once (its reply queues and temporary queues). */
    public static final int PRODUCER_MAX_QUEUES = 100;
    /** How much each of the producer's addresses may hold before the broker refuses more. */
    public static final long PRODUCER_ADDRESS_BYTES = 1024L * 1024;

    private final EmbeddedActiveMQ embedded;
    private final ActiveMQConnectionFactory connectionFactory;
    private final String description;

    private OutboundBroker(EmbeddedActiveMQ embedded, ActiveMQConnectionFactory connectionFactory, String description) {
        this.embedded = embedded;
        this.connectionFactory = connectionFactory;
        this.description = description;
    }

    /**
     * Where producers outside the process connect to put send requests on the embedded broker, e.g.
     * {@code tcp://0.0.0.0:61616?protocols=AMQP,STOMP}, and the one user they sign in with.
     */
    public record ProducerAcceptor(String url, String user, Secret password) {
    }

    /** Starts the embedded broker, its journal in {@code directory}. */
    public static OutboundBroker embedded(Path directory) {
        return embedded(directory, null);
    }

    /**
     * Starts the embedded broker, its journal in {@code directory}.
     *
     * @param producers the acceptor for producers outside the process; null for none (the default)
     */
    public static OutboundBroker embedded(Path directory, ProducerAcceptor producers) {
        int id = IN_VM_IDS.incrementAndGet();
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("mailbridge");
        config.setPersistenceEnabled(true);
        // only connections from outside need a sign-in; without an acceptor for them there are none
        config.setSecurityEnabled(producers != null);
        config.setJMXManagementEnabled(false);
        // NIO works everywhere; AIO would need libaio installed on the host
        config.setJournalType(JournalType.NIO);
        Path dir = directory.toAbsolutePath();
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setNodeManagerLockDirectory(dir.toString());
        // the broker shares the JVM: what it keeps in memory is bounded, the rest is paged to disk
        config.setGlobalMaxSize(32L * 1024 * 1024);
        try {
            config.addAcceptorConfiguration("in-vm", "vm://" + id);
            if (producers != null) {
                config.addAcceptorConfiguration("producers", producers.url());
            }
        } catch (Exception e) {
            throw new IllegalStateException("mailbridge.outbound.acceptor '" + (producers == null ? "" : producers.url())
                    + "' is not a broker acceptor URL (e.g. tcp://0.0.0.0:61616?protocols=AMQP,STOMP): " + e.getMessage(), e);
        }
        // mailbridge names each queue exactly; with wildcard routing on, a queue on the address '#' or '*.outbound'
        // would be handed a copy of every mail queued (address settings still match by wildcards)
        config.setWildcardRoutingEnabled(false);
        config.addAddressSetting(OutboundQueue.QUEUE + "#", addressSettings());
        if (producers != null) {
            // everything that is not mailbridge's belongs to the producer: bounded, and refused when full rather than
            // paged to disk without end
            config.addAddressSetting("#", new AddressSettings()
                    .setMaxSizeBytes(PRODUCER_ADDRESS_BYTES)
                    .setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL));
            ResourceLimitSettings limits = new ResourceLimitSettings();
            limits.setMatch(SimpleString.of(producers.user()));
            limits.setMaxQueues(PRODUCER_MAX_QUEUES);
            config.addResourceLimitSettings(limits);
        }
        config.addQueueConfiguration(QueueConfiguration.of(OutboundQueue.QUEUE).setRoutingType(RoutingType.ANYCAST));
        config.addQueueConfiguration(QueueConfiguration.of(OutboundQueue.DEAD).setRoutingType(RoutingType.ANYCAST));
        config.addQueueConfiguration(QueueConfiguration.of(BrokerRequestIntake.QUEUE).setRoutingType(RoutingType.ANYCAST));
        config.addQueueConfiguration(QueueConfiguration.of(BrokerRequestIntake.REFUSED).setRoutingType(RoutingType.ANYCAST));
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        if (producers != null) {
            server.setSecurityManager(new ProducerAccess(producers.user(), producers.password()));
        }
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded message broker cannot start in " + dir + ": " + e.getMessage()
                    + ". Check that the folder is writable and that no other mailbridge uses the same mailbridge.data-dir", e);
        }
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://" + id);
        tune(factory);
        LOG.info("Outbound queue: embedded broker, journal in {}", dir);
        if (producers != null) {
            LOG.info("Producers may put send requests on {} through {} (user {}) and read answers on {}", BrokerRequestIntake.QUEUE,
                    producers.url(), producers.user(), ProducerAddresses.RULE);
        }
        return new OutboundBroker(server, factory, "embedded broker in " + dir);
    }

    /**
     * An external Artemis: one broker ({@code tcp://mq1:61616}) or a primary/backup pair
     * ({@code (tcp://mq1:61616,tcp://mq2:61616)?ha=true&reconnectAttempts=-1}), shared by every mailbridge instance.
     * Checks at once that it can be reached, takes the user, and holds the queues mailbridge needs.
     *
     * @param connectionTtl how long the broker waits for a silent client before it ends its connection and hands its
     *                      mailboxes' mails (message groups) to another instance
     */
    public static OutboundBroker external(String url, String user, String password, Duration connectionTtl) {
        String shown = shown(url);
        ActiveMQConnectionFactory factory;
        try {
            factory = new ActiveMQConnectionFactory(url, user, password);
        } catch (RuntimeException e) {
            throw new ConfigurationException("mailbridge.outbound.broker-url '" + shown + "' is not an Artemis URL ("
                    + hidden(e.getMessage(), password) + "): write tcp://host:61616 for one broker, or "
                    + "(tcp://primary:61616,tcp://backup:61616)?ha=true&reconnectAttempts=-1 for a primary/backup pair");
        }
        tune(factory);
        // a client that stops answering (its host died, the network broke) loses its connection after this long; the
        // broker then gives the mail it held back to the queue, and its message groups to other consumers
        factory.setConnectionTTL(connectionTtl.toMillis());
        factory.setClientFailureCheckPeriod(Math.max(1000, connectionTtl.toMillis() / 3));
        try {
            requireQueues(factory, shown, user, password);
        } catch (RuntimeException e) {
            factory.close();
            throw e;
        }
        LOG.info("Outbound queue: external broker {} (connection TTL {} s)", shown, connectionTtl.toSeconds());
        return new OutboundBroker(null, factory, "external broker " + shown);
    }

    /** The queues mailbridge uses, each anycast; the external broker must hold them (README: Running several instances). */
    static final List<String> QUEUES = List.of(OutboundQueue.QUEUE, OutboundQueue.DEAD, BrokerRequestIntake.QUEUE,
            BrokerRequestIntake.REFUSED);

    private static void requireQueues(ActiveMQConnectionFactory factory, String shown, String user, String password) {
        List<String> problems = new ArrayList<>();
        try (Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            ClientSession core = ((ActiveMQSession) session).getCoreSession();
            for (String name : QUEUES) {
                ClientSession.QueueQuery query = core.queueQuery(SimpleString.of(name));
                if (!query.isExists()) {
                    problems.add("the broker " + shown + " has no queue " + name + ": add the addresses and the address "
                            + "setting of broker/mailbridge-broker.xml to its broker.xml (README, Running several instances)");
                } else if (query.getRoutingType() != RoutingType.ANYCAST) {
                    problems.add("the queue " + name + " on the broker " + shown + " is " + query.getRoutingType()
                            + ": mailbridge needs it anycast, as in broker/mailbridge-broker.xml");
                }
            }
        } catch (JMSSecurityException e) {
            throw new ConfigurationException("the broker " + shown + " refused user '" + user + "' (" + hidden(e.getMessage(), password)
                    + "): check mailbridge.outbound.broker-user and mailbridge.outbound.broker-password, and that this user may "
                    + "send to and consume from mailbridge.outbound.* (README, Running several instances)");
        } catch (JMSException | ActiveMQException e) {
            throw new IllegalStateException("the broker " + shown + " cannot be reached: " + hidden(Causes.root(e).getMessage(), password)
                    + ". Check mailbridge.outbound.broker-url (the host and port of the broker's acceptor) and that the broker "
                    + "runs", null);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    /** The URL as logs and errors may show it: a password written into it is masked. */
    static String shown(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1****");
    }

    private static String hidden(String message, String password) {
        if (message == null) {
            return "no detail";
        }
        return password == null || password.isEmpty() ? message : message.replace(password, "****");
    }

    private static void tune(ActiveMQConnectionFactory factory) {
        // a send returns only once the broker has the message on disk: that is what "accepted" promises
        factory.setBlockOnDurableSend(true);
        // each consumer takes one message at a time, so a stopped consumer never sits on messages others could send
        factory.setConsumerWindowSize(0);
    }

    private static AddressSettings addressSettings() {
        return new AddressSettings()
                // mails only reach the dead-letter queue by mailbridge's decision, with the reason; nothing expires
                .setDeadLetterAddress(SimpleString.of(OutboundQueue.DEAD))
                .setExpiryAddress(SimpleString.of(OutboundQueue.DEAD))
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setMaxSizeBytes(8L * 1024 * 1024)
                // redelivery after an unexpected error (the store unreachable): backed off, and never dead-lettered,
                // since it says nothing about the mail; mailbridge's own retries reschedule instead
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(300_000)
                .setMaxDeliveryAttempts(-1)
                .setAutoCreateQueues(false)
                .setAutoCreateAddresses(false)
                // duplicate detection remembers this many message ids, so a batch resent after a lost answer cannot
                // queue an item twice
                .setIDCacheSize(100_000);
    }

    /**
     * Opens and closes a connection to the broker.
     *
     * @return what answered
     */
    public String check() throws JMSException {
        if (embedded != null && (embedded.getActiveMQServer() == null || !embedded.getActiveMQServer().isActive())) {
            throw new IllegalStateException("the embedded broker is not running");
        }
        try (Connection connection = connectionFactory.createConnection()) {
            return description;
        }
    }

    public ActiveMQConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        connectionFactory.close();
        if (embedded != null) {
            try {
                embedded.stop();
            } catch (Exception e) {
                LOG.warn("stopping the embedded broker failed: {}", e.toString());
            }
        }
    }
}
