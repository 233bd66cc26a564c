package io.mailbridge.outbound;

import io.mailbridge.mailbox.ConfigurationException;
import io.mailbridge.support.ArtemisServer;
import io.mailbridge.support.LogCapture;
import io.mailbridge.support.RunningApp;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * mailbridge on an external Artemis (a standalone broker in its own process) checks at start what it needs there and
 * names what is wrong and the fix: a broker that cannot be reached, a refused user (without ever showing the
 * password), each missing queue. Once the broker holds the queues it starts, with the connection TTL that lets another
 * instance take over a silent one's mail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalBrokerTest {

    private static final String USER = "mailbridge";
    private static final String PASSWORD = "Ext3rnal-Broker-Pw";
    private static final Duration TTL = Duration.ofSeconds(30);

    private ArtemisServer broker;

    @BeforeAll
    void start() throws Exception {
        // an operator's broker before the fragment of broker/mailbridge-broker.xml is added
        broker = ArtemisServer.start(Path.of("target/external-broker-test").toAbsolutePath().resolve("artemis-" + System.nanoTime()),
                USER, PASSWORD, false);
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aBrokerThatCannotBeReachedIsNamedWithTheSettingToCheck() throws Exception {
        String url = "tcp://127.0.0.1:" + RunningApp.freePort();
        assertThatThrownBy(() -> OutboundBroker.external(url, USER, PASSWORD, TTL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the broker " + url + " cannot be reached")
                .hasMessageContaining("Check mailbridge.outbound.broker-url")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aRefusedUserIsNamedAndThePasswordIsShownNowhere() {
        String wrong = "Wr0ng-Pw-" + System.nanoTime();
        try (LogCapture logs = new LogCapture()) {
            assertThatThrownBy(() -> OutboundBroker.external(broker.url() + "?password=" + wrong, USER, wrong, TTL))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("refused user '" + USER + "'")
                    .hasMessageContaining("mailbridge.outbound.broker-user and mailbridge.outbound.broker-password")
                    .hasMessageContaining("password=****")
                    .hasMessageNotContaining(wrong);
            assertThat(logs.lines()).noneMatch(line -> line.contains(wrong));
        }
    }

    @Test
    void eachMissingQueueIsNamedWithTheFixAndOnceAllAreThereMailbridgeStarts() throws Exception {
        assertThatThrownBy(() -> OutboundBroker.external(broker.url(), USER, PASSWORD, TTL))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).hasSize(4)
                        .allMatch(p -> p.contains("broker/mailbridge-broker.xml")))
                .hasMessageContaining("has no queue mailbridge.outbound:")
                .hasMessageContaining("has no queue mailbridge.outbound.dead:")
                .hasMessageContaining("has no queue mailbridge.outbound.requests:")
                .hasMessageContaining("has no queue mailbridge.outbound.refused:");

        try (ServerLocator locator = ActiveMQClient.createServerLocator(broker.url());
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession(USER, PASSWORD, false, true, true, false, 0)) {
            for (String name : OutboundBroker.QUEUES) {
                if (!name.equals(OutboundQueue.DEAD)) {
                    createQueue(session, name);
                }
            }
            assertThatThrownBy(() -> OutboundBroker.external(broker.url(), USER, PASSWORD, TTL))
                    .isInstanceOf(ConfigurationException.class)
                    .satisfies(e -> assertThat(((ConfigurationException) e).problems()).singleElement().asString()
                            .contains("has no queue mailbridge.outbound.dead:"));
            createQueue(session, OutboundQueue.DEAD);
        }
        try (OutboundBroker started = OutboundBroker.external(broker.url(), USER, PASSWORD, TTL)) {
            assertThat(started.check()).isEqualTo("external broker " + broker.url());
            // a silent instance loses its connection, and its mailboxes' mail, after the TTL; it checks every third of it
            assertThat(started.connectionFactory().getConnectionTTL()).isEqualTo(30_000);
            assertThat(started.connectionFactory().getClientFailureCheckPeriod()).isEqualTo(10_000);
        }
    }

    /** An anycast queue on its own address, as the fragment declares it (the broker creates nothing by itself). */
    private static void createQueue(ClientSession session, String name) throws Exception {
        session.createAddress(SimpleString.of(name), RoutingType.ANYCAST, false);
        session.createQueue(QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST));
    }
}
