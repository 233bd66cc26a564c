package io.mailbridge.inbound;

import io.mailbridge.common.Causes;
import io.mailbridge.metrics.MailbridgeMetrics;
import io.mailbridge.store.StoreException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailConstants;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Set;

/**
 * The two steps around the ERP call of an inbound route. {@link #receive} keys the message in the ledger, strips
 * every mail header and writes the document; {@link #acknowledge} reads the ERP's answer and decides: delivered
 * (the message is then acknowledged on the server by its consumer), retried later (untouched on the server) or quarantined.
 */
public final class InboundPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(InboundPipeline.class);
    static final String ORIGIN = "mailbridge.inbound.origin";
    static final String ATTEMPTS = "mailbridge.inbound.attempts";
    static final String MESSAGE_ID = "mailbridge.inbound.messageId";
    static final String SUBJECT = "mailbridge.inbound.subject";
    private static final String FAILURE_RECORDED = "mailbridge.inbound.failureRecorded";
    /** Documents are written to files named so; those a killed process left behind are removed at startup. */
    private static final String DOCUMENT_PREFIX = "document-";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Answers that say nothing about the document: credentials, timeouts, locks. Never grounds for quarantine. */
    private static final Set<Integer> RETRYABLE_4XX = Set.of(401, 403, 407, 408, 423, 425);

    private final MailbridgeMetrics metrics;
    private final InboundLedger ledger;
    private final InboundSettings settings;
    private final MailDocumentWriter writer;
    private final Clock clock;
    private final ErpAuthorization erpAuthorization;

    public InboundPipeline(InboundLedger ledger, InboundSettings settings, ErpAuthorization erpAuthorization,
                           MailbridgeMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.ledger = ledger;
        this.settings = settings;
        this.erpAuthorization = erpAuthorization;
        this.writer = new MailDocumentWriter(settings.limits());
        this.clock = clock;
    }

    /**
     * Creates the work folder once, at startup, and removes the documents and message copies a process killed mid-send
     * left in it; none is in use at startup.
     */
    public void prepareWorkDirectory() throws IOException {
        Path dir = Files.createDirectories(settings.workDirectory());
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(DOCUMENT_PREFIX)
                    || f.getFileName().toString().startsWith(FetchedBytes.FILE_PREFIX)).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * First step after the mail consumer. Nothing is read from the message before its attempt is recorded except its
     * UID, so whatever fails while reading it (the server, its headers, its MIME) is recorded under its key, retried
     * with backoff and quarantined after the last attempt, instead of failing every poll unseen.
     */
    public void receive(Exchange exchange) throws Exception {
        InboundMail mail = exchange.getProperty(InboundMail.PROPERTY, InboundMail.class);
        if (mail == null) {
            throw new IllegalStateException("the inbound document step must follow the IMAP endpoint of a configured "
                    + "mailbox (from: imap/imaps with the mailbox's address as username)");
        }
        // nothing a sender wrote may steer what follows: no Camel header, no acknowledgement of its choosing
        exchange.getIn().setHeaders(new HashMap<>());
        MailOrigin origin = mail.origin();
        exchange.setProperty(ORIGIN, origin);
        if (mail.bytes() == null && !mail.stored().getFolder().isOpen()) {
            // another message of this poll broke the connection: this one was not attempted, so nothing is counted
            throw new InboundDeliveryException("the connection to the server was lost during this poll; message "
                    + origin.id() + " is read again at the next one");
        }

        InboundLedger.Entry entry;
        try {
            entry = ledger.startAttempt(origin.id(), origin.mailbox(), origin.folder(), origin.uidValidity(), origin.uid(),
                    settings.attemptLease());
        } catch (StoreException e) {
            if (!e.unreachable()) {
                throw e;
            }
            // nothing was recorded and nothing sent: the message is simply read again at a later poll; an outage lasts
            // many polls, and its cause is all an admin needs each time, not a stack trace
            LOG.warn("Message {} waits: {}; it stays on the server and is tried again at the next poll. {}", origin.id(),
                    e.outage(), StoreException.CHECK);
            throw new InboundDeliveryException(e.outage());
        }
        exchange.setProperty(ATTEMPTS, entry.attempts());
        exchange.setProperty(MESSAGE_ID, entry.messageId());
        exchange.setProperty(SUBJECT, entry.subject());
        if (entry.state() == InboundLedger.State.RECEIVED && !entry.leased()) {
            // another instance sharing the store is attempting this message right now: leave it to that one
            LOG.debug("Message {} is being attempted elsewhere; left alone", origin.id());
            throw new InboundDeliveryException("message " + origin.id() + " is being attempted by another instance");
        }
        // registered before anything can fail, so that every failure is recorded with its retry time
        Cleanup cleanup = new Cleanup();
        exchange.getExchangeExtension().addOnCompletion(cleanup);
        switch (entry.state()) {
            case DELIVERED -> {
                // delivered before a crash or a failed acknowledgement: acknowledge now, never post again; should the
                // acknowledgement fail again, the message waits before the next try instead of taking every poll
                LOG.info("Message {} was delivered already; acknowledging it on the server", origin.id());
                ledger.acknowledgementPending(origin.id(), clock.instant().plus(settings.retryDelay()));
                exchange.setRouteStop(true);
                return;
            }
            case QUARANTINED -> {
                ledger.acknowledgementPending(origin.id(), clock.instant().plus(settings.retryDelay()));
                moveToQuarantine(exchange);
                return;
            }
            default -> {
                // an attempt follows
            }
        }
        if (entry.unfinishedAttempts() >= settings.maxAttempts()) {
            quarantine(exchange, "the last " + entry.unfinishedAttempts() + " attempts never finished: mailbridge stopped "
                    + "during each of them (this message may be what stops it)");
            return;
        }
        // the raw copy is gone once the document is written; the document lives until the exchange is over
        long maxBytes = 2 * settings.limits().maxTotalBytes();
        try (RawMessage raw = mail.bytes() != null ? RawMessage.open(mail.bytes(), maxBytes)
                : RawMessage.fetch(mail.stored(), settings.workDirectory(), maxBytes)) {
            MimeMessage message = raw.message();
            exchange.setProperty(MESSAGE_ID, HeaderText.decode(message.getHeader("Message-ID", null)));
            exchange.setProperty(SUBJECT, subject(message));
            DocumentBuffer document = new DocumentBuffer(settings.workDirectory(), DOCUMENT_PREFIX);
            try (document) {
                writer.write(message, origin, document);
            } finally {
                cleanup.document = document.file();
            }
            exchange.getIn().setBody(document.body());
        } catch (UnreadableMailException e) {
            if (e.limitExceeded() || entry.attempts() >= settings.maxAttempts()) {
                quarantine(exchange, "unreadable mail: " + e.getMessage());
                return;
            }
            throw new InboundDeliveryException("the message cannot be read (attempt " + entry.attempts() + " of "
                    + settings.maxAttempts() + "): " + e.getMessage());
        } catch (MessagingException | IOException e) {
            // the server could not give the message, or the connection went away: tried again later, and quarantined
            // after the last attempt, since a message the server can never give is as unreadable as broken MIME
            if (!PartContent.isConnectionLoss(e) && entry.attempts() >= settings.maxAttempts()) {
                quarantine(exchange, "the message cannot be fetched from the server: " + describe(e));
                return;
            }
            throw new InboundDeliveryException("the message cannot be fetched from the server (attempt " + entry.attempts()
                    + " of " + settings.maxAttempts() + "): " + describe(e));
        } catch (OutOfMemoryError e) {
            // what this message made mailbridge hold is garbage now; trying it again could only end the same way, or
            // take the process down with it, so it is set aside at once
            quarantine(exchange, "reading it needed more memory than the JVM has; raise -Xmx or lower "
                    + MimeLimits.MAX_TOTAL_BYTES_PROPERTY + " and replay it");
            return;
        } catch (RuntimeException e) {
            // a fault of mailbridge's own reading, which one message can set off: that message is set aside like an
            // unreadable one, and the trace is kept at debug level for a report instead of at every attempt
            LOG.debug("Reading message {} failed", origin.id(), e);
            String what = "mailbridge could not read this message (" + describe(e) + "; please report it with the message)";
            if (entry.attempts() >= settings.maxAttempts()) {
                quarantine(exchange, what);
                return;
            }
            throw new InboundDeliveryException(what + " (attempt " + entry.attempts() + " of " + settings.maxAttempts() + ")");
        }
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getIn().setHeader(IDEMPOTENCY_KEY, origin.id());
    }

    /** The step after the ERP endpoint. */
    public void acknowledge(Exchange exchange) throws Exception {
        MailOrigin origin = exchange.getProperty(ORIGIN, MailOrigin.class);
        if (origin == null) {
            throw new IllegalStateException("the inbound outcome step needs the inbound document step earlier in the route");
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String reply = status == null ? "" : excerpt(exchange);
        // the ERP's response headers must not steer the acknowledgement either
        exchange.getMessage().removeHeaders("*");
        int attempts = exchange.getProperty(ATTEMPTS, 1, Integer.class);
        if (status == null || status / 100 == 2 || status == 409) {
            ledger.delivered(origin.id(), exchange.getProperty(MESSAGE_ID, String.class), exchange.getProperty(SUBJECT, String.class));
            metrics.inbound(origin.mailbox(), "delivered");
            LOG.info("Message {} ({}) delivered to the ERP{}", origin.id(), LogText.of(exchange.getProperty(SUBJECT, String.class)),
                    status == null ? "" : " (" + status + ")");
            return;
        }
        String what = "the ERP answered " + status + (reply.isEmpty() ? "" : ": " + reply);
        if (status == 429 || status >= 500 || RETRYABLE_4XX.contains(status)) {
            if (status == 401) {
                // the ERP may have revoked the token it issued; ask for a new one next time
                erpAuthorization.forget();
            }
            throw new InboundDeliveryException(what + (status == 401 || status == 403
                    ? "; the ERP refuses mailbridge's credentials (mailbridge.erp.*); retried later, nothing is quarantined for it"
                    : "; retried later"));
        }
        if (attempts >= settings.maxAttempts()) {
            quarantine(exchange, what);
            return;
        }
        throw new InboundDeliveryException(what + " (attempt " + attempts + " of " + settings.maxAttempts() + ")");
    }

    private void quarantine(Exchange exchange, String reason) {
        MailOrigin origin = exchange.getProperty(ORIGIN, MailOrigin.class);
        ledger.quarantined(origin.id(), reason, exchange.getProperty(MESSAGE_ID, String.class), exchange.getProperty(SUBJECT, String.class));
        metrics.inbound(origin.mailbox(), "quarantined");
        LOG.warn("Message {} ({}) moved to quarantine folder '{}': {}", origin.id(),
                LogText.of(exchange.getProperty(SUBJECT, String.class)), settings.quarantineFolder(), LogText.of(reason));
        moveToQuarantine(exchange);
    }

    private void moveToQuarantine(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(MailConstants.MAIL_MOVE_TO, settings.quarantineFolder());
        exchange.setRouteStop(true);
    }

    private static String subject(MimeMessage message) throws MessagingException {
        return HeaderText.decode(message.getHeader("Subject", null));
    }

    private static String excerpt(Exchange exchange) {
        try {
            Object body = exchange.getMessage().getBody();
            String text;
            if (body instanceof InputStream in) {
                text = new String(in.readNBytes(300), StandardCharsets.UTF_8);
            } else {
                text = exchange.getMessage().getBody(String.class);
            }
            text = text == null ? "" : text.replaceAll("\\s+", " ").strip();
            return text.length() > 300 ? text.substring(0, 300) + "…" : text;
        } catch (Exception e) {
            return "";
        }
    }

    /** Removes the document file once the exchange is over, and records a failed attempt with its retry time. */
    private final class Cleanup extends SynchronizationAdapter {
        private Path document;

        @Override
        public void onComplete(Exchange exchange) {
            WorkFiles.deleteQuietly(document);
        }

        @Override
        public void onFailure(Exchange exchange) {
            WorkFiles.deleteQuietly(document);
            MailOrigin origin = exchange.getProperty(ORIGIN, MailOrigin.class);
            if (origin == null || exchange.getProperty(FAILURE_RECORDED, false, Boolean.class)) {
                return;
            }
            exchange.setProperty(FAILURE_RECORDED, true);
            int attempts = exchange.getProperty(ATTEMPTS, 1, Integer.class);
            Instant next = clock.instant().plus(settings.delayAfter(attempts));
            Exception error = exchange.getException();
            String reason = error == null ? "rolled back" : describe(error);
            ledger.failed(origin.id(), reason, next);
            metrics.inbound(origin.mailbox(), "retried");
            LOG.warn("Message {} not delivered (attempt {}): {}; next attempt after {}", origin.id(), attempts,
                    LogText.of(reason), next);
        }
    }

    private static String describe(Throwable error) {
        if (error instanceof InboundDeliveryException) {
            return error.getMessage();
        }
        Throwable root = Causes.root(error);
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
