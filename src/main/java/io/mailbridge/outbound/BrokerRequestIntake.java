package io.mailbridge.outbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailbridge.common.Json;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQDestination;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Send requests that producers put straight on the broker (over AMQP, STOMP or Artemis' own protocol): the same JSON
 * as {@code POST /api/outbound}, checked and accepted the same way, inside the consumer's transaction. The answer
 * goes to the message's reply-to address when it names one of the producer's own ({@link ProducerAddresses}); a
 * refused request is also kept on {@link #REFUSED} with the reason, and nothing of it is queued.
 *
 * <p>A request without a {@code requestId} is given the broker's message id as one, so that a message handed over
 * again after a crash (accepted, but not yet acknowledged) is not accepted twice.
 */
public final class BrokerRequestIntake {

    public static final String QUEUE = "mailbridge.outbound.requests";
    public static final String REFUSED = "mailbridge.outbound.refused";
    /** Properties of a refused request's copy: the error code, the field at fault and the message. */
    public static final String ERROR = "mailbridgeError";
    public static final String FIELD = "mailbridgeField";
    public static final String MESSAGE = "mailbridgeMessage";

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRequestIntake.class);

    /** The setting that caps a request's size. */
    public static final String MAX_REQUEST_BYTES = "mailbridge.outbound.max-request-bytes";

    private final OutboundIntake intake;
    private final ConnectionFactory replies;
    private final long maxRequestBytes;

    /**
     * @param replies         where answers are sent from, outside the consumer's transaction
     * @param maxRequestBytes larger requests are refused before they are parsed
     */
    public BrokerRequestIntake(OutboundIntake intake, ConnectionFactory replies, long maxRequestBytes) {
        this.intake = intake;
        this.replies = replies;
        this.maxRequestBytes = maxRequestBytes;
    }

    /**
     * @param session the consumer's transacted session; the caller commits it when this returns normally
     * @throws Exception when the request could not be taken for a reason that is not the request's (the store or the
     *                   queue unavailable): the transaction is rolled back and the broker hands it over again later
     */
    public void accept(Session session, Message message) throws Exception {
        Map<String, Object> answer = new LinkedHashMap<>();
        long size = size(message);
        if (size > maxRequestBytes) {
            // neither parsed nor kept: the refused copy goes without its body
            refuse(session, message, answer, SendRefusal.tooLarge("the request is " + size + " bytes, more than the "
                    + maxRequestBytes + " bytes " + MAX_REQUEST_BYTES + " allows; send fewer or smaller attachments, "
                    + "or raise the setting"), false);
            reply(message, answer);
            return;
        }
        try {
            JsonNode request = request(message);
            OutboundIntake.Accepted accepted = intake.accept(request);
            answer.put("id", accepted.id());
            answer.put("status", accepted.status().label());
            if (!accepted.created()) {
                answer.put("duplicate", true);
            }
            answer.put("requestId", request.path("requestId").asText(null));
        } catch (SendRefusedException e) {
            refuse(session, message, answer, e.refusal(), true);
        }
        reply(message, answer);
    }

    /**
     * The size of the message's body in bytes, taken before it is copied or parsed (a request's JSON tree takes many
     * times its size): a text message's as UTF-8, a bytes message's as the broker gives it; other kinds are refused
     * when read.
     */
    private static long size(Message message) throws JMSException {
        if (message instanceof BytesMessage b) {
            return b.getBodyLength();
        }
        if (message instanceof TextMessage t && t.getText() != null) {
            String text = t.getText();
            long bytes = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                // a surrogate pair, four bytes in UTF-8, counts two for each half
                bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
            }
            return bytes;
        }
        return 0;
    }

    /** The request as JSON, with the broker's message id as its requestId unless it names one. */
    private static JsonNode request(Message message) throws JMSException, InvalidSendRequestException {
        String text;
        if (message instanceof TextMessage t) {
            text = t.getText();
        } else if (message instanceof BytesMessage b) {
            text = new String(OutboundQueue.bytes(b), StandardCharsets.UTF_8);
        } else {
            throw new InvalidSendRequestException(null, "the message must carry the request as JSON text (a text or "
                    + "bytes message), not a " + message.getClass().getSimpleName());
        }
        JsonNode request;
        try {
            request = text == null || text.isBlank() ? null : Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidSendRequestException(null, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            throw new InvalidSendRequestException(null, "the body must be a JSON object: the same send request as for "
                    + "POST /api/outbound");
        }
        if (!request.hasNonNull("requestId")) {
            ((ObjectNode) request).put("requestId", "broker:" + brokerId(message));
        }
        return request;
    }

    /** The message's id, the same each time the broker hands it over; STOMP messages have no JMS message id. */
    private static String brokerId(Message message) throws JMSException {
        if (message.getJMSMessageID() != null) {
            return message.getJMSMessageID();
        }
        if (message instanceof ActiveMQMessage m) {
            return "core:" + m.getCoreMessage().getMessageID();
        }
        throw new IllegalStateException("a message without an id cannot be taken exactly once; give the request a requestId");
    }

    private void refuse(Session session, Message message, Map<String, Object> answer, SendRefusal refusal, boolean keepBody)
            throws JMSException {
        answer.putAll(refusal.json());
        // a broker answer names a field only when there is one
        answer.remove("field", null);
        // the refused request is kept as it came, with the reason, in the same transaction that takes it off the queue
        Message copy = keepBody ? copy(session, message) : session.createBytesMessage();
        copy.setStringProperty(ERROR, refusal.code());
        if (refusal.field() != null) {
            copy.setStringProperty(FIELD, refusal.field());
        }
        copy.setStringProperty(MESSAGE, refusal.message());
        send(session, session.createQueue(REFUSED), copy);
        LOG.warn("Send request {} from the broker refused, nothing queued: {}", brokerId(message), refusal.message());
    }

    private static Message copy(Session session, Message message) throws JMSException {
        if (message instanceof TextMessage t) {
            return session.createTextMessage(t.getText());
        }
        BytesMessage copy = session.createBytesMessage();
        if (message instanceof BytesMessage b) {
            copy.writeBytes(OutboundQueue.bytes(b));
        }
        return copy;
    }

    /**
     * The answer, to the reply-to address if the producer gave one, correlated to its message. It is sent on its own,
     * outside the consumer's transaction: a reply-to address that cannot take it (a typo, a topic-only address) must
     * not undo the request, which was taken and whose status is in the API. Should the transaction fail after all,
     * the request comes again and is answered once more, as a duplicate.
     */
    private void reply(Message message, Map<String, Object> answer) throws JMSException {
        Destination replyTo = message.getJMSReplyTo();
        if (replyTo == null) {
            return;
        }
        // mailbridge's own connection may write anywhere: it answers only where the producer itself may read
        String address = replyTo instanceof ActiveMQDestination d ? d.getAddress() : null;
        if (!ProducerAddresses.isOwn(address)) {
            LOG.warn("The answer to send request {} was not sent: its reply-to address '{}' is not an address of the "
                    + "producer's own; use {}", answer.getOrDefault("requestId", brokerId(message)),
                    address != null ? address : replyTo, ProducerAddresses.RULE);
            return;
        }
        String correlation = message.getJMSCorrelationID() != null ? message.getJMSCorrelationID() : message.getJMSMessageID();
        try (JMSContext context = replies.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            // a bare address name (as STOMP producers give it) names the producer's reply queue
            Destination to = ((ActiveMQDestination) replyTo).getType() == ActiveMQDestination.TYPE.DESTINATION
                    ? context.createQueue(address) : replyTo;
            context.createProducer().setJMSCorrelationID(correlation).send(to, Json.MAPPER.writeValueAsString(answer));
        } catch (JMSRuntimeException | JsonProcessingException e) {
            LOG.warn("The answer to send request {} could not go to its reply-to address {}: {}", answer.get("requestId"),
                    replyTo, e.getMessage());
        }
    }

    private static void send(Session session, Destination to, Message message) throws JMSException {
        try (MessageProducer producer = session.createProducer(to)) {
            producer.send(message);
        }
    }
}
