package io.mailbridge.outbound;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.ToIntFunction;

/**
 * The JMS side of the send queue. A queued mail is a bytes message holding the complete MIME message (its Message-ID
 * fixed) with the request id, mailbox and recipient count as properties, so a consumer needs nothing else to send it,
 * on a shared broker in one of its mailbox's message groups.
 */
public final class OutboundQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundQueue.class);

    public static final String QUEUE = "mailbridge.outbound";
    public static final String DEAD = "mailbridge.outbound.dead";
    static final String ID = "mailbridgeId";
    static final String MAILBOX = "mailbridgeMailbox";
    static final String RECIPIENTS = "mailbridgeRecipients";
    static final String BATCH = "mailbridgeBatch";
    static final String FAILURE = "mailbridgeFailure";
    /** The error of a message on the send queue that mailbridge did not put there. */
    static final String NOT_A_QUEUED_MAIL = "not-a-queued-mail";
    /** Artemis: a message with the same value is dropped as a duplicate. */
    private static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /**
     * JMS message groups, on a broker that several instances share: every mail carries its mailbox id and slot here
     * ({@code ap#0}, {@code ap#1}, ...; as many slots as the mailbox may have connections), so that the broker hands each
     * slot's mails to one consumer at a time among all instances. A slot's consumer keeps the slot's order and its share
     * of the per-minute limit in one process, and uses one connection at a time: the mailbox's connections stay within
     * its cap.
     */
    static final String GROUP = "JMSXGroupID";
    private static final char SLOT_MARK = '#';
    /** Artemis: the message is delivered no earlier than this (epoch milliseconds). */
    private static final String SCHEDULED_AT = "_AMQ_SCHED_DELIVERY";

    /**
     * One mail to put on the queue.
     *
     * @param batchId the batch the mail belongs to, null for a single request
     */
    public record QueuedMail(String id, String mailbox, String batchId, int recipients, byte[] mime) {
    }

    private static final int MAX_IDLE_SESSIONS = 16;

    private final Connection connection;
    private final Queue<Sending> sessions = new ConcurrentLinkedQueue<>();
    private final ToIntFunction<String> groups;

    /**
     * @param groups how many slots (message groups) each mailbox's mail is spread over; 0 for none, when one process
     *               alone consumes the queue (the embedded broker)
     */
    public OutboundQueue(ConnectionFactory factory, ToIntFunction<String> groups) throws JMSException {
        this.groups = groups;
        this.connection = factory.createConnection();
        connection.start();
    }

    /** The slot of a mail: its id's hash, so that every copy of it (retries, a send again) stays in the same slot. */
    static int slotOf(String id, int slots) {
        return Math.floorMod(id.hashCode(), slots);
    }

    /** The slot a queued mail's group names; 0 for a mail queued without one (on the embedded broker, or by an older version). */
    static int slotOf(Message message) throws JMSException {
        String group = message.getStringProperty(GROUP);
        int mark = group == null ? -1 : group.lastIndexOf(SLOT_MARK);
        try {
            return mark < 0 ? 0 : Integer.parseInt(group.substring(mark + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The message group of a mail; null for none. */
    private String groupOf(String mailbox, String id) {
        int slots = groups.applyAsInt(mailbox);
        return slots < 1 ? null : mailbox + SLOT_MARK + slotOf(id, slots);
    }

    /**
     * A transacted session for putting mails on the queue; nothing is visible to consumers before {@link Sending#commit}.
     * Sessions are kept for reuse: opening one is a round trip to the broker.
     */
    public Sending begin() throws JMSException {
        Sending idle = sessions.poll();
        return idle != null ? idle : new Sending(connection.createSession(true, Session.SESSION_TRANSACTED));
    }

    /** Puts mails on the queue in one or more transactions. */
    public final class Sending implements AutoCloseable {
        private final Session session;
        private final MessageProducer producer;
        private boolean broken;

        private Sending(Session session) throws JMSException {
            this.session = session;
            this.producer = session.createProducer(session.createQueue(QUEUE));
        }

        public void send(QueuedMail mail) throws JMSException {
            BytesMessage message = message(session, mail.id(), mail.mailbox(), mail.batchId(), mail.recipients(), mail.mime(),
                    groupOf(mail.mailbox(), mail.id()));
            // the same mail queued again (a request or batch resumed after a lost answer) is refused by the broker
            message.setStringProperty(DUPLICATE_ID, mail.id());
            producer.send(message);
        }

        public void commit() throws JMSException {
            session.commit();
        }

        public void rollback() {
            // a session that had trouble is not lent again
            broken = true;
            try {
                session.rollback();
            } catch (JMSException e) {
                // the session is closed next; an uncommitted transaction dies with it
            }
        }

        @Override
        public void close() throws JMSException {
            if (broken || sessions.size() >= MAX_IDLE_SESSIONS) {
                session.close();
            } else {
                sessions.offer(this);
            }
        }
    }

    /**
     * Puts mails on the queue in one transaction. Some may be there already (a request or batch sent again after a
     * lost answer, or the same request twice at once): the broker then refuses the whole transaction, and the mails
     * go again one per transaction, each one queued before being left out. A resumed batch may cut its chunks at
     * other items than the first attempt (they end by bytes, and a mail's size varies with its date), so a refused
     * chunk says nothing about which of its mails were queued.
     */
    public void enqueue(List<QueuedMail> mails) throws JMSException {
        if (!enqueueOrFindDuplicate(mails) || mails.size() == 1) {
            return;
        }
        int before = 0;
        for (QueuedMail mail : mails) {
            before += enqueueOrFindDuplicate(List.of(mail)) ? 1 : 0;
        }
        LOG.debug("{} of {} mail(s) from {} on were queued before", before, mails.size(), mails.get(0).id());
    }

    /** @return whether the broker refused the transaction because a mail in it was queued before */
    private boolean enqueueOrFindDuplicate(List<QueuedMail> mails) throws JMSException {
        try (Sending sending = begin()) {
            try {
                for (QueuedMail mail : mails) {
                    sending.send(mail);
                }
                sending.commit();
                return false;
            } catch (JMSException e) {
                sending.rollback();
                if (!isDuplicate(e)) {
                    throw e;
                }
                return true;
            } catch (RuntimeException e) {
                sending.rollback();
                throw e;
            }
        }
    }

    /**
     * Whether the broker refused a transaction because a mail in it was queued before (same id). Artemis drops such a
     * copy silently only outside a transaction; inside one it refuses the whole commit.
     */
    static boolean isDuplicate(JMSException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++) {
            if (t instanceof ActiveMQDuplicateIdException) {
                return true;
            }
            t = t instanceof JMSException j && j.getLinkedException() != null ? j.getLinkedException() : t.getCause();
        }
        return false;
    }

    /**
     * Puts a copy of a consumed message back on the queue to be delivered at {@code at}, in the consumer's transaction:
     * the copy appears exactly when the original is acknowledged.
     */
    static void reschedule(Session session, Message original, byte[] mime, Instant at) throws JMSException {
        BytesMessage copy = copy(session, original, mime);
        copy.setLongProperty(SCHEDULED_AT, at.toEpochMilli());
        try (MessageProducer producer = session.createProducer(session.createQueue(QUEUE))) {
            producer.send(copy);
        }
    }

    /** Moves a consumed message to the dead-letter queue with the reason, in the consumer's transaction. */
    static void deadLetter(Session session, Message original, byte[] mime, String reason) throws JMSException {
        BytesMessage copy = copy(session, original, mime);
        copy.setStringProperty(FAILURE, reason.length() > 2000 ? reason.substring(0, 2000) : reason);
        try (MessageProducer producer = session.createProducer(session.createQueue(DEAD))) {
            producer.send(copy);
        }
    }

    /** Whether the message has the shape {@link Sending#send} gives a queued mail: MIME bytes, id, mailbox, recipients. */
    static boolean isQueuedMail(Message message) throws JMSException {
        return message instanceof BytesMessage && message.getStringProperty(ID) != null
                && message.getStringProperty(MAILBOX) != null && message.getObjectProperty(RECIPIENTS) instanceof Integer;
    }

    /**
     * Moves a message that is not a queued mail to the dead-letter queue, in the consumer's transaction, its body as
     * bytes and the cause in {@link BrokerRequestIntake#ERROR} and {@link #FAILURE}: taken off once, never redelivered.
     */
    static void deadLetterForeign(Session session, Message original, String reason) throws JMSException {
        BytesMessage copy = session.createBytesMessage();
        if (original instanceof BytesMessage b) {
            copy.writeBytes(bytes(b));
        } else if (original instanceof TextMessage t && t.getText() != null) {
            copy.writeBytes(t.getText().getBytes(StandardCharsets.UTF_8));
        }
        for (var names = original.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            // mailbridge's own properties stay behind, so that the copy can never pass for a failed mail and be retried
            if (!name.startsWith("mailbridge") && !name.startsWith("JMS") && !name.startsWith("_")) {
                copy.setObjectProperty(name, original.getObjectProperty(name));
            }
        }
        copy.setStringProperty(BrokerRequestIntake.ERROR, NOT_A_QUEUED_MAIL);
        copy.setStringProperty(FAILURE, reason);
        try (MessageProducer producer = session.createProducer(session.createQueue(DEAD))) {
            producer.send(copy);
        }
    }

    /** A copy in the original's group: a rescheduled, dead-lettered or requeued mail stays in its slot. */
    private static BytesMessage copy(Session session, Message original, byte[] mime) throws JMSException {
        return message(session, original.getStringProperty(ID), original.getStringProperty(MAILBOX),
                original.getStringProperty(BATCH), original.getIntProperty(RECIPIENTS), mime, original.getStringProperty(GROUP));
    }

    private static BytesMessage message(Session session, String id, String mailbox, String batchId, int recipients, byte[] mime,
                                        String group) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(mime);
        message.setStringProperty(ID, id);
        message.setStringProperty(MAILBOX, mailbox);
        if (group != null) {
            message.setStringProperty(GROUP, group);
        }
        if (batchId != null) {
            message.setStringProperty(BATCH, batchId);
        }
        message.setIntProperty(RECIPIENTS, recipients);
        return message;
    }

    /**
     * Moves a mail's copy from the dead-letter queue back onto the send queue, in one transaction.
     *
     * @return false when the dead-letter queue holds no copy of it
     */
    public boolean requeueFromDeadLetters(String id) throws JMSException {
        try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(session.createQueue(DEAD),
                     ID + " = '" + id.replace("'", "''") + "'")) {
            Message dead = consumer.receive(2000);
            if (dead == null) {
                return false;
            }
            byte[] mime = bytes((BytesMessage) dead);
            try (MessageProducer producer = session.createProducer(session.createQueue(QUEUE))) {
                producer.send(copy(session, dead, mime));
            }
            session.commit();
            return true;
        }
    }

    /** A bytes message's whole body, read from the start even if something (Camel) has looked at it already. */
    static byte[] bytes(BytesMessage message) throws JMSException {
        message.reset();
        byte[] body = new byte[(int) message.getBodyLength()];
        message.readBytes(body);
        return body;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
