package io.mailbridge.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.mailbridge.sandbox.Sandbox;
import io.mailbridge.support.LogCapture;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.StompClient;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A producer signed in through {@code mailbridge.outbound.acceptor} trying, over Artemis' own protocol, AMQP and
 * STOMP, to read the mails mailbridge queues, to make mailbridge write into its own queues, and to exhaust the broker;
 * each attack performed against the running application.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerProducerAttacksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "erp";
    private static final String PASSWORD = "producer-pass-4e7a";
    private static final int MAX_REQUEST_BYTES = 65_536;
    /** Addresses that would let a producer see mailbridge's traffic, by wildcard routing or by name. */
    private static final List<String> FORBIDDEN = List.of("#", "*", "mailbridge.#", "*.outbound", "mailbridge.*",
            "*.*.dead", "mailbridge.outbound", "mailbridge.outbound.dead", "mailbridge.outbound.requests",
            "mailbridge.outbound.refused", "reply.#", "reply.*", "reply..x", "reply.");

    private Path home;
    private RunningApp app;
    private GreenMail greenMail;
    private int brokerPort;
    private final LogCapture log = new LogCapture();

    @BeforeAll
    void start() throws Exception {
        home = RunningApp.newHome("mailbridge-producer-attacks", "outbound-sandbox.camel.yaml");
        int port = RunningApp.freePort();
        brokerPort = RunningApp.freePort();
        Map<String, String> settings = BrokerProducersTest.acceptorSettings(home, port, brokerPort, "CORE,AMQP,STOMP", USER,
                PASSWORD);
        settings.put("mailbridge.outbound.max-request-bytes", String.valueOf(MAX_REQUEST_BYTES));
        app = RunningApp.start(home, settings, port);
        greenMail = app.camel().getRegistry().lookupByNameAndType("sandbox", Sandbox.class).mailServer().greenMail();
    }

    @AfterAll
    void stop() throws Exception {
        log.close();
        app.close();
        RunningApp.deleteRecursively(home);
    }

    /** What the broker let the attacker subscribe to, and how many messages each subscription got. */
    private final Map<String, AtomicInteger> spied = new ConcurrentHashMap<>();
    private final List<StompClient> stompSpies = Collections.synchronizedList(new ArrayList<>());

    @Test
    void aProducerSubscribingToWildcardsOrMailbridgesQueuesSeesNoMail() throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + brokerPort);
             ClientSessionFactory core = locator.createSessionFactory();
             Connection amqp = new JmsConnectionFactory("amqp://127.0.0.1:" + brokerPort).createConnection(USER, PASSWORD)) {
            amqp.start();
            int n = 0;
            for (String name : FORBIDDEN) {
                for (RoutingType type : RoutingType.values()) {
                    spyOverCore(core, name, type, "reply.spy-" + n++);
                    spyOverAmqp(amqp, name, type);
                    spyOverStomp(name, type);
                }
                spyOverCore(core, name, null, name);
            }

            // a real mail through the API, a request and a refused one through the broker
            HttpResponse<String> accepted = app.postJson("/api/outbound", """
                    {"mailbox": "sandbox-ap", "to": ["anna@customer.test"], "bcc": ["audit@contoso.test"],
                     "subject": "Confidential invoice", "text": "secret terms"}""");
            assertThat(accepted.statusCode()).isEqualTo(202);
            Session session = amqp.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer requests = session.createProducer(session.createQueue(BrokerRequestIntake.QUEUE));
            requests.send(session.createTextMessage("""
                    {"mailbox": "sandbox-ap", "to": ["bob@customer.test"], "subject": "Over the broker", "text": "x"}"""));
            requests.send(session.createTextMessage("""
                    {"mailbox": "nowhere", "to": ["bob@customer.test"], "subject": "Refused", "text": "x"}"""));

            String id = JSON.readTree(accepted.body()).get("id").asText();
            JsonNode status = awaitSent(id);
            assertThat(greenMail.getReceivedMessages()).anySatisfy(m ->
                    assertThat(m.getMessageID()).isEqualTo(status.get("messageId").asText()));
            await().atMost(Duration.ofSeconds(20)).until(() -> recorded("Over the broker") == 1);

            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(received()).as("messages the attacker's subscriptions received").isEmpty());
            assertThat(spied.keySet()).as("subscriptions the broker allowed").isEmpty();
        } finally {
            for (StompClient stomp : stompSpies) {
                stomp.close();
            }
        }
    }

    @Test
    void aCoreJmsClientIsAnsweredOnItsTemporaryQueue() throws Exception {
        try (Connection c = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort).createConnection(USER, PASSWORD)) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            TextMessage request = session.createTextMessage("""
                    {"mailbox": "sandbox-ap", "to": ["core@customer.test"], "subject": "Over core", "text": "hello"}""");
            request.setJMSReplyTo(replies);
            session.createProducer(session.createQueue(BrokerRequestIntake.QUEUE)).send(request);
            JsonNode answer = JSON.readTree(((TextMessage) session.createConsumer(replies).receive(20_000)).getText());
            assertThat(answer.get("status").asText()).isEqualTo("queued");
            awaitSent(answer.get("id").asText());
        }
    }

    @Test
    void aProducerCannotPileUpQueuesOrMessages() throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + brokerPort);
             ClientSessionFactory core = locator.createSessionFactory();
             ClientSession session = core.createSession(USER, PASSWORD, false, true, true, false, 0)) {
            List<String> created = new ArrayList<>();
            try {
                assertThatThrownBy(() -> {
                    for (int i = 0; i <= OutboundBroker.PRODUCER_MAX_QUEUES; i++) {
                        String name = "reply.pile-" + i;
                        session.createQueue(QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST).setDurable(true));
                        created.add(name);
                    }
                }).isInstanceOf(ActiveMQException.class).hasMessageContaining("Too many queues");
                assertThat(created).hasSizeLessThanOrEqualTo(OutboundBroker.PRODUCER_MAX_QUEUES);

                // nobody reads the queue: it fills up, and then the broker refuses more rather than keep it all
                ClientProducer producer = session.createProducer(created.get(0));
                byte[] chunk = new byte[64 * 1024];
                int sent = 0;
                try {
                    while (sent < 1000) {
                        ClientMessage m = session.createMessage(true);
                        m.getBodyBuffer().writeBytes(chunk);
                        producer.send(m);
                        sent++;
                    }
                } catch (ActiveMQException e) {
                    assertThat(e.getType()).isEqualTo(ActiveMQExceptionType.ADDRESS_FULL);
                }
                assertThat((long) sent * chunk.length).isLessThanOrEqualTo(OutboundBroker.PRODUCER_ADDRESS_BYTES + chunk.length);
            } finally {
                for (String name : created) {
                    session.deleteQueue(name);
                }
            }
        }
    }

    @Test
    void aReplyToAddressOutsideTheProducersOwnGetsNoAnswerAndTheRequestIsStillTaken() throws Exception {
        List<String> protectedNames = List.of(OutboundQueue.QUEUE, OutboundQueue.DEAD, BrokerRequestIntake.QUEUE, "#");
        try (StompClient stomp = StompClient.connect(brokerPort, USER, PASSWORD);
             Connection c = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort).createConnection(USER, PASSWORD)) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer requests = session.createProducer(session.createQueue(BrokerRequestIntake.QUEUE));
            for (int i = 0; i < protectedNames.size(); i++) {
                String name = protectedNames.get(i);
                stomp.frame("SEND", Map.of("destination", BrokerRequestIntake.QUEUE, "destination-type", "ANYCAST",
                        "reply-to", name, "receipt", "r" + i), request("Stomp reply-to " + i));
                stomp.read("RECEIPT");
                TextMessage request = session.createTextMessage(request("Core reply-to " + i));
                request.setJMSReplyTo(session.createQueue(name));
                requests.send(request);
            }
            for (int i = 0; i < protectedNames.size(); i++) {
                for (String subject : List.of("Stomp reply-to " + i, "Core reply-to " + i)) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> status(subject).equals("sent"));
                }
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.lines().stream()
                .filter(l -> l.contains("is not an address of the producer's own")).count()).isEqualTo(2L * protectedNames.size()));
        // nothing reached the send queue: no delivery failed, nothing foreign was dead-lettered
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                log.lines().stream().noneMatch(l -> l.contains("Failed delivery"))
                        && deadLetters("mailbridgeError IS NOT NULL AND testMark IS NULL").isEmpty());
    }

    @Test
    void aMessageOnTheSendQueueThatMailbridgeDidNotPutThereIsDeadLetteredOnce() throws Exception {
        ConnectionFactory internal = app.camel().getRegistry().lookupByNameAndType("outboundConnectionFactory", ConnectionFactory.class);
        try (Connection c = internal.createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(OutboundQueue.QUEUE));
            TextMessage text = session.createTextMessage("{\"id\": \"x\", \"status\": \"queued\"}");
            text.setStringProperty("testMark", "foreign-text");
            producer.send(text);
            BytesMessage bytes = session.createBytesMessage();
            bytes.writeBytes("From: x@sandbox.test\r\n\r\nbody".getBytes(StandardCharsets.UTF_8));
            bytes.setStringProperty("testMark", "foreign-bytes");
            bytes.setStringProperty(OutboundQueue.ID, "made-up");
            producer.send(bytes);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters("testMark LIKE 'foreign-%'").size() == 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                deadLetters("testMark LIKE 'foreign-%'").size() == 2
                        && log.lines().stream().filter(l -> l.contains(OutboundQueue.NOT_A_QUEUED_MAIL)).count() == 2);
        for (Message dead : deadLetters("testMark LIKE 'foreign-%'")) {
            assertThat(dead.getStringProperty(BrokerRequestIntake.ERROR)).isEqualTo(OutboundQueue.NOT_A_QUEUED_MAIL);
            assertThat(dead.getStringProperty(OutboundQueue.FAILURE)).contains("mailbridge did not put it there");
        }
        assertThat(log.text()).doesNotContain("Failed delivery");
    }

    @Test
    void aRequestOverTheSizeLimitIsRefusedNamingTheLimit() throws Exception {
        String text = "x".repeat(200 * 1024);
        String body = "{\"mailbox\": \"sandbox-ap\", \"to\": [\"big@customer.test\"], \"subject\": \"Too big\", \"text\": \"" + text + "\"}";
        try (StompClient stomp = StompClient.connect(brokerPort, USER, PASSWORD)) {
            stomp.frame("SUBSCRIBE", Map.of("destination", "reply.big", "subscription-type", "ANYCAST", "id", "1"), "");
            // as text, and with a content-length as bytes; either way larger than the broker's large-message threshold
            stomp.frame("SEND", Map.of("destination", BrokerRequestIntake.QUEUE, "destination-type", "ANYCAST",
                    "reply-to", "reply.big"), body);
            stomp.frame("SEND", Map.of("destination", BrokerRequestIntake.QUEUE, "destination-type", "ANYCAST",
                    "reply-to", "reply.big", "content-length", String.valueOf(body.length())), body);
            for (int i = 0; i < 2; i++) {
                JsonNode answer = JSON.readTree(stomp.read("MESSAGE").body());
                assertThat(answer.get("error").asText()).isEqualTo("request-too-large");
                assertThat(answer.get("message").asText()).contains(String.valueOf(MAX_REQUEST_BYTES))
                        .contains("mailbridge.outbound.max-request-bytes");
            }
        }
        assertThat(recorded("Too big")).isZero();
    }

    private static String request(String subject) {
        return "{\"mailbox\": \"sandbox-ap\", \"to\": [\"c@customer.test\"], \"subject\": \"" + subject + "\", \"text\": \"x\"}";
    }

    private void spyOverCore(ClientSessionFactory factory, String address, RoutingType type, String queue) throws Exception {
        ClientSession session = factory.createSession(USER, PASSWORD, false, true, true, false, 0);
        String what = "core " + (type == null ? "queue" : type) + " " + address;
        try {
            if (type != null) {
                session.createQueue(QueueConfiguration.of(queue).setAddress(address).setRoutingType(type).setDurable(false));
            }
            ClientConsumer consumer = session.createConsumer(queue);
            AtomicInteger count = spied.computeIfAbsent(what, k -> new AtomicInteger());
            consumer.setMessageHandler(m -> count.incrementAndGet());
            session.start();
        } catch (ActiveMQException refused) {
            session.close();
        }
    }

    private void spyOverAmqp(Connection connection, String address, RoutingType type) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        try {
            MessageConsumer consumer = session.createConsumer(type == RoutingType.MULTICAST
                    ? session.createTopic(address) : session.createQueue(address));
            AtomicInteger count = spied.computeIfAbsent("amqp " + type + " " + address, k -> new AtomicInteger());
            consumer.setMessageListener(m -> count.incrementAndGet());
        } catch (JMSException refused) {
            session.close();
        }
    }

    private void spyOverStomp(String address, RoutingType type) throws Exception {
        StompClient stomp = StompClient.connect(brokerPort, USER, PASSWORD);
        stomp.frame("SUBSCRIBE", Map.of("destination", address, "subscription-type", type.name(), "id", "1",
                "receipt", "subscribed"), "");
        if (stomp.read().command().equals("RECEIPT")) {
            spied.put("stomp " + type + " " + address, new AtomicInteger());
            stompSpies.add(stomp);
        } else {
            stomp.close();
        }
    }

    /** The attacker's subscriptions that received anything, with the count (STOMP's: bytes not yet read). */
    private Map<String, Integer> received() throws Exception {
        Map<String, Integer> got = new TreeMap<>();
        spied.forEach((what, count) -> {
            if (count.get() > 0) {
                got.put(what, count.get());
            }
        });
        synchronized (stompSpies) {
            for (int i = 0; i < stompSpies.size(); i++) {
                if (stompSpies.get(i).unread() > 0) {
                    got.put("stomp subscription " + i + " (bytes)", stompSpies.get(i).unread());
                }
            }
        }
        return got;
    }

    private List<Message> deadLetters(String selector) throws Exception {
        ConnectionFactory internal = app.camel().getRegistry().lookupByNameAndType("outboundConnectionFactory", ConnectionFactory.class);
        try (Connection c = internal.createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            List<Message> found = new ArrayList<>();
            var browser = session.createBrowser(session.createQueue(OutboundQueue.DEAD), selector).getEnumeration();
            while (browser.hasMoreElements()) {
                found.add((Message) browser.nextElement());
            }
            return found;
        }
    }

    /** The status of the request with this subject, "" while there is none. */
    private String status(String subject) throws Exception {
        for (JsonNode r : JSON.readTree(app.get("/api/outbound", RunningApp.ADMIN_TOKEN).body())) {
            if (subject.equals(r.path("subject").asText())) {
                return r.path("status").asText();
            }
        }
        return "";
    }

    private long recorded(String subject) throws Exception {
        long n = 0;
        for (JsonNode r : JSON.readTree(app.get("/api/outbound", RunningApp.ADMIN_TOKEN).body())) {
            n += subject.equals(r.path("subject").asText()) ? 1 : 0;
        }
        return n;
    }

    private JsonNode awaitSent(String id) {
        JsonNode[] status = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            status[0] = JSON.readTree(app.get("/api/outbound/" + id, RunningApp.ADMIN_TOKEN).body());
            return "sent".equals(status[0].path("status").asText());
        });
        return status[0];
    }
}
