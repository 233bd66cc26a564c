package io.mailbridge.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.mailbridge.sandbox.Sandbox;
import io.mailbridge.support.LogCapture;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.StompClient;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Producers outside the process putting send requests straight on the embedded broker, over STOMP and AMQP, through
 * the acceptor opened by {@code mailbridge.outbound.acceptor}; the shipped route takes them in and the sandbox sends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerProducersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "erp";
    private static final String PASSWORD = "producer-pass-8c1f";

    private Path home;
    private RunningApp app;
    private GreenMail greenMail;
    private int brokerPort;
    private final LogCapture log = new LogCapture();

    /** The sandbox with the broker open to producers on {@code brokerPort} over these protocols. */
    static Map<String, String> acceptorSettings(Path home, int port, int brokerPort, String protocols, String user,
                                                String password) {
        Map<String, String> settings = new HashMap<>(RunningApp.sandboxSettings(home, port));
        settings.put("mailbridge.outbound.messages-per-minute", "100000");
        settings.put("mailbridge.outbound.drop-folder", home.resolve("drop").toString());
        settings.put("mailbridge.outbound.acceptor", "tcp://127.0.0.1:" + brokerPort + "?protocols=" + protocols);
        settings.put("mailbridge.outbound.acceptor-user", user);
        settings.put("mailbridge.outbound.acceptor-password", password);
        return settings;
    }

    @BeforeAll
    void start() throws Exception {
        home = RunningApp.newHome("mailbridge-producers", "outbound-sandbox.camel.yaml");
        int port = RunningApp.freePort();
        brokerPort = RunningApp.freePort();
        app = RunningApp.start(home, acceptorSettings(home, port, brokerPort, "AMQP,STOMP", USER, PASSWORD), port);
        greenMail = app.camel().getRegistry().lookupByNameAndType("sandbox", Sandbox.class).mailServer().greenMail();
    }

    @AfterAll
    void stop() throws Exception {
        log.close();
        app.close();
        RunningApp.deleteRecursively(home);
    }

    @Test
    void aRequestSentOverStompIsAnsweredOnItsReplyQueueAndSent() throws Exception {
        try (StompClient stomp = StompClient.connect(brokerPort, USER, PASSWORD)) {
            stomp.frame("SUBSCRIBE", Map.of("destination", "reply.erp", "subscription-type", "ANYCAST", "id", "1"), "");
            stomp.frame("SEND", Map.of("destination", BrokerRequestIntake.QUEUE, "destination-type", "ANYCAST",
                    "reply-to", "reply.erp", "correlation-id", "order-17", "content-type", "application/json"), """
                    {"mailbox": "sandbox-ap", "to": ["stomp@customer.test"], "subject": "Over STOMP", "text": "hello"}""");
            StompClient.Frame reply = stomp.read("MESSAGE");
            assertThat(reply.headers().get("correlation-id")).isEqualTo("order-17");
            JsonNode answer = JSON.readTree(reply.body());
            assertThat(answer.get("status").asText()).isEqualTo("queued");
            assertThat(answer.get("requestId").asText()).startsWith("broker:");
            String id = answer.get("id").asText();

            JsonNode status = awaitSent(id);
            assertThat(received(status.get("messageId").asText())).hasSize(1);
            assertThat(received(status.get("messageId").asText()).get(0).getSubject()).isEqualTo("Over STOMP");
        }
    }

    @Test
    void aBadRequestIsRefusedWithItsFieldAndKeptOnTheRefusedQueueAndNothingIsQueued() throws Exception {
        try (StompClient stomp = StompClient.connect(brokerPort, USER, PASSWORD)) {
            stomp.frame("SUBSCRIBE", Map.of("destination", "reply.erp-refusals", "subscription-type", "ANYCAST", "id", "1"), "");
            // with a content-length the broker hands the body over as bytes; it is read as UTF-8 JSON all the same
            String body = """
                    {"mailbox": "nowhere", "to": ["x@customer.test"], "subject": "Bad", "text": "x"}""";
            stomp.frame("SEND", Map.of("destination", BrokerRequestIntake.QUEUE, "destination-type", "ANYCAST",
                    "reply-to", "reply.erp-refusals", "content-length", String.valueOf(body.getBytes(StandardCharsets.UTF_8).length)), body);
            JsonNode answer = JSON.readTree(stomp.read("MESSAGE").body());
            assertThat(answer.get("error").asText()).isEqualTo("invalid-request");
            assertThat(answer.get("field").asText()).isEqualTo("mailbox");
            assertThat(answer.get("message").asText()).contains("'nowhere' is not a configured mailbox");
        }
        ConnectionFactory internal = app.camel().getRegistry().lookupByNameAndType("outboundConnectionFactory", ConnectionFactory.class);
        try (Connection c = internal.createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer refused = session.createConsumer(session.createQueue(BrokerRequestIntake.REFUSED));
            Message copy = refused.receive(10_000);
            assertThat(copy).isNotNull();
            assertThat(copy.getStringProperty(BrokerRequestIntake.ERROR)).isEqualTo("invalid-request");
            assertThat(copy.getStringProperty(BrokerRequestIntake.FIELD)).isEqualTo("mailbox");
            assertThat(copy.getBody(byte[].class)).isNotEmpty();
        }
        assertThat(recorded("Bad")).isZero();
    }

    @Test
    void aRequestSentOverAmqpWithItsOwnRequestIdIsAcceptedOnce() throws Exception {
        try (Connection c = new JmsConnectionFactory("amqp://127.0.0.1:" + brokerPort).createConnection(USER, PASSWORD)) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer answers = session.createConsumer(replies);
            MessageProducer producer = session.createProducer(session.createQueue(BrokerRequestIntake.QUEUE));
            String request = """
                    {"mailbox": "sandbox-ap", "to": ["amqp@customer.test"], "subject": "Over AMQP", "text": "hello",
                     "requestId": "erp-amqp-1"}""";
            TextMessage first = session.createTextMessage(request);
            first.setJMSReplyTo(replies);
            producer.send(first);
            JsonNode accepted = JSON.readTree(((TextMessage) answers.receive(20_000)).getText());
            assertThat(accepted.get("status").asText()).isEqualTo("queued");
            assertThat(accepted.has("duplicate")).isFalse();
            String id = accepted.get("id").asText();

            TextMessage again = session.createTextMessage(request);
            again.setJMSReplyTo(replies);
            producer.send(again);
            Message second = answers.receive(20_000);
            assertThat(second).as("answer %s", second).isInstanceOf(TextMessage.class);
            JsonNode repeated = JSON.readTree(((TextMessage) second).getText());
            assertThat(repeated.get("id").asText()).isEqualTo(id);
            assertThat(repeated.get("duplicate").asBoolean()).isTrue();

            JsonNode status = awaitSent(id);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(received(status.get("messageId").asText())).hasSize(1));
        }
    }

    @Test
    void aProducerMustSignInAndCannotReachTheSendQueueItself() throws Exception {
        try (StompClient stomp = StompClient.open(brokerPort)) {
            stomp.frame("CONNECT", Map.of("accept-version", "1.2", "host", "localhost", "login", USER, "passcode", "wrong"), "");
            StompClient.Frame refused = stomp.read("ERROR");
            assertThat(refused.headers().get("message") + refused.body()).containsIgnoringCase("security");
        }
        try (StompClient stomp = StompClient.connect(brokerPort, USER, PASSWORD)) {
            // straight onto the queue of checked mails, which would skip every check
            stomp.frame("SEND", Map.of("destination", OutboundQueue.QUEUE, "destination-type", "ANYCAST", "receipt", "r1"),
                    "From: x@sandbox.test\r\nTo: y@customer.test\r\nSubject: sneaked\r\n\r\nbody");
            StompClient.Frame error = stomp.read("ERROR");
            assertThat(error.headers().get("message") + error.body()).contains("Error sending message");
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(recorded("sneaked")).isZero();
            assertThat(Arrays.stream(greenMail.getReceivedMessages()).filter(m -> subject(m).equals("sneaked"))).isEmpty();
        });
        // neither the producers' password nor the admin token reaches the log, start-up included
        assertThat(log.text()).doesNotContain(PASSWORD).doesNotContain(RunningApp.ADMIN_TOKEN);
    }

    /** Requests recorded with this subject. */
    private long recorded(String subject) throws Exception {
        HttpResponse<String> recent = app.get("/api/outbound", RunningApp.ADMIN_TOKEN);
        long n = 0;
        for (JsonNode r : JSON.readTree(recent.body())) {
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

    private List<MimeMessage> received(String messageId) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return messageId.equals(m.getMessageID());
            } catch (MessagingException e) {
                return false;
            }
        }).toList();
    }

    private static String subject(MimeMessage m) {
        try {
            return String.valueOf(m.getSubject());
        } catch (MessagingException e) {
            return "";
        }
    }
}
