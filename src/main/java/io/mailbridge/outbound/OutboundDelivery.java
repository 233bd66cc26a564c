package io.mailbridge.outbound;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import io.mailbridge.metrics.MailbridgeMetrics;
import io.mailbridge.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * Sends one queued mail, inside the queue consumer's transaction, and decides what follows from the outcome: sent;
 * a temporary failure rescheduled with backoff; a permanent one recorded as failed and moved to the dead-letter
 * queue; a refused sign-in pausing the whole mailbox without spending the mail's attempts. A rescheduled or
 * dead-lettered copy is written in the same transaction that acknowledges the original, so a crash leaves exactly
 * one of them.
 */
public final class OutboundDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundDelivery.class);
    private static final jakarta.mail.Session MAIL = jakarta.mail.Session.getInstance(new Properties());
    private static final Duration MAX_INLINE_WAIT = Duration.ofSeconds(3);

    private final OutboundMailboxes mailboxes;
    private final OutboundRequests requests;
    private final OutboundSettings settings;
    private final StatusWebhook webhook;
    private final BatchCompletion batches;
    private final MailbridgeMetrics metrics;
    private final Clock clock;

    public OutboundDelivery(OutboundMailboxes mailboxes, OutboundRequests requests, OutboundSettings settings,
                            StatusWebhook webhook, BatchCompletion batches, MailbridgeMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.mailboxes = mailboxes;
        this.requests = requests;
        this.settings = settings;
        this.webhook = webhook;
        this.batches = batches;
        this.clock = clock;
    }

    /**
     * @param session the consumer's transacted session; the caller commits it when this returns normally
     * @throws StoreUnreachableException when the store cannot be reached, after logging it in one line: the
     *                   transaction is rolled back and the broker delivers the mail again with backoff
     * @throws Exception for other trouble that says nothing about the mail, rolled back the same way
     */
    public void deliver(Session session, Message message) throws Exception {
        if (!OutboundQueue.isQueuedMail(message)) {
            // only mailbridge writes to the send queue; anything else cannot be sent and would fail at every redelivery
            String reason = "a " + message.getClass().getSimpleName().replace("ActiveMQ", "") + " without the properties "
                    + "of a queued mail: mailbridge did not put it there";
            OutboundQueue.deadLetterForeign(session, message, reason);
            LOG.warn("Message {} on {} moved to {} ({}): {}", message.getJMSMessageID(), OutboundQueue.QUEUE,
                    OutboundQueue.DEAD, OutboundQueue.NOT_A_QUEUED_MAIL, reason);
            return;
        }
        String id = message.getStringProperty(OutboundQueue.ID);
        try {
            attempt(session, message, id);
        } catch (StoreException e) {
            if (!e.unreachable()) {
                throw e;
            }
            // an outage lasts many tries; its cause is all an admin needs, once per try, not a stack trace each time
            LOG.warn("Mail {} waits: {}; it stays on the queue and is tried again with backoff. {}", id, e.outage(),
                    StoreException.CHECK);
            throw new StoreUnreachableException(id, e);
        }
    }

    private void attempt(Session session, Message message, String id) throws Exception {
        String mailboxId = message.getStringProperty(OutboundQueue.MAILBOX);
        int recipients = message.getIntProperty(OutboundQueue.RECIPIENTS);
        byte[] mime = OutboundQueue.bytes((BytesMessage) message);
        Optional<OutboundMailboxes.Sender> found = mailboxes.sender(mailboxId);
        if (found.isEmpty()) {
            String reason = "mailbox '" + mailboxId + "' is no longer configured with an SMTP server";
            requests.failed(id, reason, 0);
            OutboundQueue.deadLetter(session, message, mime, reason);
            LOG.warn("Mail {} failed: {}", id, reason);
            return;
        }
        OutboundMailboxes.Sender sender = found.get();
        // the share of the per-minute limit of the slot (message group) this consumer sends for
        MailboxThrottle throttle = sender.throttle(OutboundQueue.slotOf(message));
        Instant now = clock.instant();
        MailboxPause pause = sender.pause();
        if (pause != null && now.isBefore(pause.retryAt())) {
            requests.waiting(id, pause.describe(), pause.retryAt());
            OutboundQueue.reschedule(session, message, mime, pause.retryAt());
            return;
        }
        Optional<OutboundRequests.Entry> begun = requests.beginAttempt(id);
        if (begun.isEmpty() || begun.get().status().isFinal()) {
            skip(id, session, message, mime, begun);
            return;
        }
        OutboundRequests.Entry before = begun.get();
        int attempt = before.attempts() + 1;
        // an attempt still marked as sending was cut off by a stop of the process: it may have reached the server
        int interrupted = before.status() == OutboundRequests.Status.SENDING ? 1 : 0;
        OutboundRequests.Status waitingStatus = before.status() == OutboundRequests.Status.RETRYING
                ? OutboundRequests.Status.RETRYING : OutboundRequests.Status.QUEUED;
        Instant taken;
        try {
            Slot slot = slot(throttle, sender.mailbox().id(), recipients);
            taken = slot.takenAt();
            Instant later = slot.retryAt();
            if (later != null) {
                String reason = "waiting for the per-minute limit of mailbox '" + mailboxId + "' ("
                        + settings.limitsOf(mailboxId).messagesPerMinute() + " messages a minute)";
                requests.attemptNotMade(id, waitingStatus, reason, later);
                OutboundQueue.reschedule(session, message, mime, later);
                return;
            }
        } catch (MailboxThrottle.DailyLimitReachedException e) {
            requests.attemptNotMade(id, waitingStatus, e.getMessage(), e.resumeAt());
            OutboundQueue.reschedule(session, message, mime, e.resumeAt());
            LOG.info("Mail {} waits: {}", id, e.getMessage());
            return;
        }
        SendOutcome outcome;
        try {
            outcome = sender.sender().send(parse(mime));
        } catch (MessagingException e) {
            throttle.refund(recipients);
            fail(session, message, mime, id, "the queued message cannot be read: " + e.getMessage(), interrupted);
            return;
        }
        switch (outcome.kind()) {
            case SENT -> {
                requests.sent(id, outcome.reply(), interrupted);
                Instant accepted = clock.instant();
                throttle.sent(taken, accepted);
                sender.sent(accepted);
                metrics.outbound(mailboxId, "sent");
                if (sender.pause() != null) {
                    LOG.info("Mailbox {} sends again; its pause ({}) is over", mailboxId, sender.pause().cause());
                    sender.resume();
                }
                finished(id, message.getStringProperty(OutboundQueue.BATCH));
            }
            case FAILED -> {
                throttle.refund(recipients);
                fail(session, message, mime, id, outcome.reply(), interrupted);
            }
            case AUTH_FAILED -> {
                throttle.refund(recipients);
                MailboxPause paused = MailboxPause.of(outcome.reply(), sender.mailbox().grant(), now, clock.instant().plus(settings.pauseRecheck()));
                if (sender.pause() == null) {
                    LOG.error("Mailbox {} paused until {}: {}", mailboxId, paused.retryAt(), paused.describe());
                }
                sender.pause(paused);
                metrics.outbound(mailboxId, "paused");
                requests.attemptNotMade(id, waitingStatus, paused.describe(), paused.retryAt());
                OutboundQueue.reschedule(session, message, mime, paused.retryAt());
            }
            case RETRY, UNKNOWN -> {
                boolean unknown = outcome.kind() == SendOutcome.Kind.UNKNOWN;
                if (!unknown) {
                    throttle.refund(recipients);
                }
                int uncertain = interrupted + (unknown ? 1 : 0);
                metrics.outbound(mailboxId, unknown ? "uncertain" : "retrying");
                String reply = outcome.reply();
                if (attempt >= settings.maxAttempts()) {
                    fail(session, message, mime, id, "gave up after " + attempt + " attempts; last: " + reply, uncertain);
                    return;
                }
                Instant next = clock.instant().plus(settings.retryDelayAfter(attempt));
                requests.retrying(id, reply, next, uncertain);
                OutboundQueue.reschedule(session, message, mime, next);
                LOG.info("Mail {} attempt {} failed for now ({}); next attempt at {}", id, attempt, reply, next);
            }
        }
    }

    /**
     * A sending slot asked for at {@code takenAt}: taken when {@code retryAt} is null; otherwise when to try again, for a
     * mail that would wait long: it goes back on the queue rather than hold a consumer (and a stop of mailbridge) for up
     * to a minute.
     */
    private record Slot(Instant takenAt, Instant retryAt) {
    }

    /** Takes a sending slot, waiting for it here if it comes soon. */
    private Slot slot(MailboxThrottle throttle, String mailboxId, int recipients)
            throws MailboxThrottle.DailyLimitReachedException, InterruptedException {
        while (true) {
            Instant asked = clock.instant();
            Duration wait = throttle.tryAcquire(recipients);
            if (wait.isZero()) {
                return new Slot(asked, null);
            }
            if (wait.compareTo(MAX_INLINE_WAIT) > 0) {
                return new Slot(asked, clock.instant().plus(wait));
            }
            Thread.sleep(Math.max(1, wait.toMillis()));
            metrics.throttleWait(mailboxId, wait);
        }
    }

    private void fail(Session session, Message message, byte[] mime, String id, String reason, int uncertain) throws JMSException {
        requests.failed(id, reason, uncertain);
        metrics.outbound(message.getStringProperty(OutboundQueue.MAILBOX), "failed");
        OutboundQueue.deadLetter(session, message, mime, reason);
        LOG.warn("Mail {} failed: {}", id, reason);
        finished(id, message.getStringProperty(OutboundQueue.BATCH));
    }

    /** A mail without a record, or one already final (the queue delivered it again after a crash): not sent again. */
    private void skip(String id, Session session, Message message, byte[] mime, Optional<OutboundRequests.Entry> record)
            throws JMSException {
        if (record.isPresent()) {
            LOG.debug("Mail {} is already {}; the queue's copy is dropped", id, record.get().status().label());
            return;
        }
        if (requests.find(id).isEmpty()) {
            String reason = "no status record for mail " + id + " (the store was reset, or the mail was put on the queue "
                    + "by something other than mailbridge)";
            OutboundQueue.deadLetter(session, message, mime, reason);
            LOG.warn("Mail {} not sent: {}", id, reason);
        }
    }

    /** A request reached its final status: tell the ERP, and close its batch if it was the last one. */
    private void finished(String id, String batchId) {
        if (webhook.enabled()) {
            requests.find(id).ifPresent(webhook::requestFinished);
        }
        if (batchId != null) {
            batches.completeIfDone(batchId);
        }
    }

    private static MimeMessage parse(byte[] mime) throws MessagingException {
        return new MimeMessage(MAIL, new ByteArrayInputStream(mime));
    }

    /**
     * A mail that waits for the store, already logged in one line. Thrown so that the queue consumer's transaction
     * rolls back and the broker delivers the mail again; nothing else needs to report it.
     */
    public static final class StoreUnreachableException extends Exception {

        StoreUnreachableException(String id, StoreException cause) {
            super("mail " + id + " waits for the store: " + cause.getMessage(), cause, false, false);
        }
    }
}
