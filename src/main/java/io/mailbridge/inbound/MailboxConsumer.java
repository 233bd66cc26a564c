package io.mailbridge.inbound;

import io.mailbridge.inbound.ExchangeOutcomes.Outcome;
import io.mailbridge.mailbox.Mailbox;
import jakarta.mail.MessagingException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailConstants;
import org.apache.camel.component.mail.MailMessage;
import org.apache.camel.support.ScheduledPollConsumer;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Polls one folder of a configured mailbox and hands each due message to the route, many at a time:
 * <ul>
 *   <li>the connection is kept between polls, and the folder selected anew at each;</li>
 *   <li>one FETCH lists UIDs, flags and sizes of a window of messages, and one ledger query says which are due;</li>
 *   <li>the bytes of small messages are fetched many per command, the next batch while the route works on the last,
 *       and wait in memory (up to {@link FolderListing#IN_MEMORY_BYTES}) or in the work folder; a large message is
 *       streamed by the route itself, in pieces;</li>
 *   <li>up to {@code mailbridge.inbound.concurrency} messages go through the route at once;</li>
 *   <li>every message whose exchange completed (the ERP accepted it and the ledger recorded it, or it was
 *       quarantined) is acknowledged by UID, all of them in one command per destination (UID MOVE, or UID COPY and
 *       UID EXPUNGE where the server cannot move), as soon as the fetching allows and at least every
 *       {@code keepalive}, so that a slow ERP never leaves the connection idle.</li>
 * </ul>
 * A failed exchange leaves its message untouched on the server; the route's steps have recorded why.
 */
final class MailboxConsumer extends ScheduledPollConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxConsumer.class);

    private final MailboxEndpoint endpoint;
    private final Mailbox mailbox;
    private final MailConfiguration config;
    private final InboundSettings settings;
    private final MailboxConnection connection;
    private final FolderListing listing;
    private ExecutorService workers;

    MailboxConsumer(MailboxEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.mailbox = endpoint.mailbox();
        this.config = endpoint.configuration();
        this.settings = endpoint.settings();
        this.connection = new MailboxConnection(mailbox.id(), config);
        this.listing = new FolderListing(endpoint, connection);
    }

    @Override
    protected void doStart() throws Exception {
        workers = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "Inbound " + mailbox.id(), settings.concurrency());
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (workers != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(workers);
            workers = null;
        }
        connection.disconnect();
    }

    @Override
    protected int poll() throws Exception {
        connection.reselect();
        int count;
        try {
            count = connection.folder().getMessageCount();
        } catch (MessagingException e) {
            // the kept connection may have timed out between polls: one new connection, then failures are reported
            LOG.debug("Mailbox {}: reconnecting after {}", mailbox.id(), e.toString());
            connection.disconnect();
            count = connection.folder().getMessageCount();
        }
        long t0 = System.nanoTime();
        List<InboundMail> due = count > 0 ? listing.due(count) : List.of();
        long t1 = System.nanoTime();
        int completed = due.isEmpty() ? 0 : deliver(due);
        LOG.debug("Mailbox {}: {} of {} messages taken in {} ms, delivered and acknowledged in {} ms", mailbox.id(),
                due.size(), count, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        endpoint.polled();
        // the next poll follows at once only after progress: messages that failed are not taken again at once
        return completed;
    }

    /**
     * Fetches and hands over the due messages batch by batch, and acknowledges the completed ones after each fetch
     * and while the last exchanges run.
     */
    private int deliver(List<InboundMail> due) throws MessagingException {
        ExchangeOutcomes outcomes = new ExchangeOutcomes();
        int dispatched = 0;
        try {
            for (List<InboundMail> batch : FolderListing.batches(due)) {
                if (!isRunAllowed()) {
                    break;
                }
                Map<Long, FetchedBytes> fetched = listing.fetch(batch);
                for (InboundMail mail : batch) {
                    InboundMail handed = new InboundMail(mail.origin(), fetched.remove(mail.origin().uid()), mail.stored());
                    workers.execute(() -> {
                        Acknowledgement acknowledgement = null;
                        try {
                            acknowledgement = process(handed);
                        } finally {
                            outcomes.add(handed, acknowledgement);
                        }
                    });
                    dispatched++;
                }
                acknowledge(outcomes.drain());
            }
        } finally {
            // whatever was handed over completes; the connection is kept alive while it does
            long keepalive = settings.keepalive().toMillis();
            while (outcomes.finished() < dispatched && !Thread.currentThread().isInterrupted()) {
                List<Outcome> done = outcomes.await(dispatched, keepalive);
                if (done.isEmpty()) {
                    connection.keepAlive();
                } else {
                    acknowledge(done);
                }
            }
        }
        return outcomes.completed();
    }

    /** Runs one message through the route; the acknowledgement it asks for, or null when it failed. */
    private Acknowledgement process(InboundMail mail) {
        Exchange exchange = createExchange(false);
        try {
            exchange.setProperty(InboundMail.PROPERTY, mail);
            // the message as camel-mail hands it over, for routes of their own; mapped (headers, body, attachments
            // read from the server) unless the route sets mapMailMessage: false, as the shipped one does
            exchange.setProperty(Exchange.BINDING, endpoint.mailEndpoint().getBinding());
            // camel-mail's binding, and route authors, know the endpoint as camel-mail's
            exchange.getExchangeExtension().setFromEndpoint(endpoint.mailEndpoint());
            MailMessage in = new MailMessage(exchange, mail.stored(), config.isMapMailMessage());
            exchange.setIn(in);
            if (config.isMapMailMessage()) {
                try {
                    in.getBody();
                    in.getHeaders();
                } catch (RuntimeException e) {
                    getExceptionHandler().handleException("Message " + mail.origin().id() + " could not be mapped into "
                            + "Camel headers and body; it stays on the server", exchange, e);
                    return null;
                }
            }
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.isFailed()) {
                // the route's error handler and the pipeline have logged and recorded why
                LOG.debug("Message {} not acknowledged: its exchange failed", mail.origin().id());
                return null;
            }
            String moveTo = exchange.getMessage().getHeader(MailConstants.MAIL_MOVE_TO, String.class);
            return moveTo != null ? Acknowledgement.moveTo(moveTo) : Acknowledgement.of(config);
        } catch (RuntimeException e) {
            getExceptionHandler().handleException("Inbound route failed for message " + mail.origin().id(), exchange, e);
            return null;
        } finally {
            if (mail.bytes() != null) {
                mail.bytes().release();
            }
            releaseExchange(exchange, false);
        }
    }

    /**
     * Acknowledges completed messages on the server, one command per destination. A failure leaves them in the
     * folder; the ledger has them as delivered or quarantined, so the next poll acknowledges them without posting.
     */
    private void acknowledge(List<Outcome> done) {
        Map<Acknowledgement, List<Long>> byDestination = new LinkedHashMap<>();
        for (Outcome outcome : done) {
            if (outcome.acknowledgement() != null) {
                byDestination.computeIfAbsent(outcome.acknowledgement(), a -> new ArrayList<>()).add(outcome.mail().origin().uid());
            }
        }
        if (byDestination.isEmpty()) {
            return;
        }
        long uidValidity = done.get(0).mail().origin().uidValidity();
        for (Map.Entry<Acknowledgement, List<Long>> entry : byDestination.entrySet()) {
            try {
                IMAPFolder open = connection.folder();
                if (open.getUIDValidity() != uidValidity) {
                    // the folder was recreated: these UIDs now name other messages, or none
                    LOG.warn("Mailbox {}: folder {} changed its UIDVALIDITY during the poll; {} delivered messages are not "
                            + "acknowledged and are read again under new keys", mailbox.id(), config.getFolderName(), entry.getValue().size());
                    continue;
                }
                entry.getKey().apply(connection.commands(), entry.getValue(), config.getCopyTo());
            } catch (MessagingException | RuntimeException e) {
                LOG.warn("Mailbox {}: {} processed messages could not be {} ({}); they stay in {} and are acknowledged at a "
                                + "later poll, without being delivered again", mailbox.id(), entry.getValue().size(),
                        entry.getKey(), LogText.of(e.getMessage()), config.getFolderName());
                if (connection.lost()) {
                    connection.disconnect();
                }
            }
        }
    }
}
