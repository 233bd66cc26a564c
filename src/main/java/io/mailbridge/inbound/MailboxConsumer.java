package io.mailbridge.inbound;

import io.mailbridge.mailbox.Mailbox;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailConstants;
import org.apache.camel.component.mail.MailMessage;
import org.apache.camel.support.ScheduledPollConsumer;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls one folder of a configured mailbox and hands each due message to the route, many at a time:
 * <ul>
 *   <li>the connection is kept between polls, and the folder selected anew at each;</li>
 *   <li>one FETCH lists UIDs, flags and sizes of a window of messages, and one ledger query says which are due;</li>
 *   <li>the bytes of small messages are fetched many per command into the work folder, the next batch while the
 *       route works on the last; a large message is streamed by the route itself, in pieces;</li>
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
    /** Messages up to this size are fetched many per command; larger ones are streamed one at a time. */
    static final long SMALL_MESSAGE_BYTES = 256 * 1024;
    /** The most bytes one FETCH of small messages brings into memory. */
    static final long FETCH_BATCH_BYTES = 4 * 1024 * 1024;
    static final String FILE_PREFIX = RawMessage.FILE_PREFIX;

    private final MailboxEndpoint endpoint;
    private final Mailbox mailbox;
    private final MailConfiguration config;
    private final InboundSettings settings;
    private ExecutorService workers;
    private Store store;
    private IMAPFolder folder;
    private UidCommands commands;
    private final Set<String> knownFolders = ConcurrentHashMap.newKeySet();
    /** The folder was closed cleanly by {@link #reselect()}: the connection can select it again. */
    private boolean reselectable;
    MailboxConsumer(MailboxEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.mailbox = endpoint.mailbox();
        this.config = endpoint.configuration();
        this.settings = endpoint.settings();
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
        disconnect();
    }

    @Override
    protected int poll() throws Exception {
        reselect();
        int count;
        try {
            count = openFolder().getMessageCount();
        } catch (MessagingException e) {
            // the kept connection may have timed out between polls: one new connection, then failures are reported
            LOG.debug("Mailbox {}: reconnecting after {}", mailbox.id(), e.toString());
            disconnect();
            count = openFolder().getMessageCount();
        }
        long t0 = System.nanoTime();
        List<InboundMail> due = count > 0 ? dueMessages(count) : List.of();
        long t1 = System.nanoTime();
        int completed = due.isEmpty() ? 0 : deliver(due);
        LOG.debug("Mailbox {}: {} of {} messages taken in {} ms, delivered and acknowledged in {} ms", mailbox.id(),
                due.size(), count, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        endpoint.polled();
        // the next poll follows at once only after progress: messages that failed are not taken again at once
        return completed;
    }

    /**
     * Closes the folder left open by the last poll (without expunging), so that the next is selected anew on the same
     * connection: Jakarta Mail keeps its own list of the folder's messages while it is open, and that list drifts
     * from the server's when a server reports other clients' changes late or not at all. A fresh SELECT costs one
     * round trip and makes every poll start from the server's own list.
     */
    private void reselect() {
        if (folder == null || !folder.isOpen()) {
            return;
        }
        try {
            folder.close(false);
            reselectable = true;
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("Mailbox {}: closing the folder failed; connecting again", mailbox.id(), e);
            disconnect();
        }
    }

    /**
     * The folder, selected for reading and writing on a connection of its own. A folder found closed (the server or
     * the network ended the connection) is opened on a new connection. The store is not asked whether it is still
     * connected: Jakarta Mail would open a second connection to find out.
     */
    private IMAPFolder openFolder() throws MessagingException {
        if (folder != null && folder.isOpen()) {
            return folder;
        }
        if (!reselectable) {
            // the connection is new, or was lost
            disconnect();
            Store connected = session().getStore(config.getProtocol());
            PasswordAuthentication credential = config.getPasswordAuthentication();
            connected.connect(config.getHost(), config.getPort(), credential.getUserName(), credential.getPassword());
            store = connected;
        }
        Folder named = store.getFolder(config.getFolderName());
        if (!(named instanceof IMAPFolder imap)) {
            throw new MessagingException("folder " + config.getFolderName() + " is not an IMAP folder");
        }
        reselectable = false;
        imap.open(Folder.READ_WRITE);
        folder = imap;
        commands = new UidCommands(imap, knownFolders);
        return folder;
    }

    /** The endpoint's Jakarta Mail settings (sign-in and TLS as mailbridge set them), with the route's timeouts. */
    private Session session() {
        Properties props = new Properties();
        props.putAll(config.getAdditionalJavaMailProperties());
        String prefix = "mail." + config.getProtocol() + ".";
        props.putIfAbsent(prefix + "connectiontimeout", String.valueOf(config.getConnectionTimeout()));
        props.putIfAbsent(prefix + "timeout", String.valueOf(config.getConnectionTimeout()));
        return Session.getInstance(props);
    }

    private void disconnect() {
        try {
            if (folder != null && folder.isOpen()) {
                folder.close(false);
            }
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("Mailbox {}: closing the folder failed", mailbox.id(), e);
        }
        try {
            if (store != null) {
                store.close();
            }
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("Mailbox {}: closing the connection failed", mailbox.id(), e);
        }
        folder = null;
        store = null;
        commands = null;
        reselectable = false;
    }

    /**
     * The messages to take in this poll, in folder order: not deleted (nor seen, with {@code unseen}), not a
     * connection test's own mail, and due by the ledger (new, past their retry time, or decided and waiting for their
     * acknowledgement). Listed a window at a time, so a large backlog costs no more per poll than a small one.
     */
    private List<InboundMail> dueMessages(int count) throws MessagingException {
        int limit = endpoint.maxMessagesPerPoll();
        int window = Math.max(limit, 50);
        long uidValidity = folder.getUIDValidity();
        FetchProfile listing = new FetchProfile();
        listing.add(UIDFolder.FetchProfileItem.UID);
        listing.add(FetchProfile.Item.FLAGS);
        listing.add(FetchProfile.Item.SIZE);
        for (String header : endpoint.leaveAlone().headers()) {
            listing.add(header);
        }
        List<InboundMail> due = new ArrayList<>();
        for (int start = 1; start <= count && due.size() < limit; start += window) {
            Message[] messages = folder.getMessages(start, Math.min(count, start + window - 1));
            folder.fetch(messages, listing);
            Map<String, InboundMail> candidates = new LinkedHashMap<>();
            for (Message message : messages) {
                if (message.isExpunged() || message.getFlags().contains(Flags.Flag.DELETED)
                        || config.isUnseen() && message.getFlags().contains(Flags.Flag.SEEN)
                        || endpoint.leaveAlone().test().test(message)) {
                    continue;
                }
                // reading the message must never flag it seen: only its acknowledgement changes the server
                ((IMAPMessage) message).setPeek(true);
                MailOrigin origin = new MailOrigin(mailbox.id(), folder.getFullName(), uidValidity, folder.getUID(message));
                candidates.put(origin.id(), new InboundMail(origin, null, message));
            }
            Set<String> waiting = endpoint.ledger().waiting(candidates.keySet());
            for (InboundMail mail : candidates.values()) {
                if (due.size() < limit && !waiting.contains(mail.origin().id())) {
                    due.add(mail);
                }
            }
        }
        return due;
    }

    /**
     * Fetches and hands over the due messages batch by batch, and acknowledges the completed ones after each fetch
     * and while the last exchanges run.
     */
    private int deliver(List<InboundMail> due) throws MessagingException {
        Outcomes outcomes = new Outcomes();
        int dispatched = 0;
        try {
            for (List<InboundMail> batch : batches(due)) {
                if (!isRunAllowed()) {
                    break;
                }
                Map<Long, Path> files = fetch(batch);
                for (InboundMail mail : batch) {
                    InboundMail handed = new InboundMail(mail.origin(), files.remove(mail.origin().uid()), mail.stored());
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
                    keepAlive();
                } else {
                    acknowledge(done);
                }
            }
        }
        return outcomes.completed();
    }

    /** Consecutive runs of small messages up to {@link #FETCH_BATCH_BYTES}; a large message is a run of its own. */
    private List<List<InboundMail>> batches(List<InboundMail> due) throws MessagingException {
        List<List<InboundMail>> batches = new ArrayList<>();
        List<InboundMail> current = new ArrayList<>();
        long bytes = 0;
        for (InboundMail mail : due) {
            long size = Math.max(0, mail.stored().getSize());
            boolean small = size <= SMALL_MESSAGE_BYTES;
            if (!current.isEmpty() && (!small || bytes + size > FETCH_BATCH_BYTES)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(mail);
            bytes += size;
            if (!small) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    /**
     * The bytes of a batch of small messages, fetched in one command. Should that fail, each message is read by the
     * route itself after its attempt is recorded, so that a message the server cannot give is retried and, in the
     * end, quarantined under its own key.
     */
    private Map<Long, Path> fetch(List<InboundMail> batch) throws MessagingException {
        if (batch.size() == 1 && batch.get(0).stored().getSize() > SMALL_MESSAGE_BYTES) {
            return new HashMap<>();
        }
        try {
            return commands.fetchBytes(Set.copyOf(UidCommands.uids(batch)), settings.workDirectory(), FILE_PREFIX);
        } catch (MessagingException | RuntimeException e) {
            if (!folder.isOpen()) {
                throw e;
            }
            LOG.debug("Mailbox {}: fetching {} messages at once failed; each is read on its own", mailbox.id(), batch.size(), e);
            return new HashMap<>();
        }
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
            WorkFiles.deleteQuietly(mail.bytes());
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
                IMAPFolder open = openFolder();
                if (open.getUIDValidity() != uidValidity) {
                    // the folder was recreated: these UIDs now name other messages, or none
                    LOG.warn("Mailbox {}: folder {} changed its UIDVALIDITY during the poll; {} delivered messages are not "
                            + "acknowledged and are read again under new keys", mailbox.id(), config.getFolderName(), entry.getValue().size());
                    continue;
                }
                entry.getKey().apply(commands, entry.getValue(), config.getCopyTo());
            } catch (MessagingException | RuntimeException e) {
                LOG.warn("Mailbox {}: {} processed messages could not be {} ({}); they stay in {} and are acknowledged at a "
                                + "later poll, without being delivered again", mailbox.id(), entry.getValue().size(),
                        entry.getKey(), LogText.of(e.getMessage()), config.getFolderName());
                if (folder != null && !folder.isOpen()) {
                    disconnect();
                }
            }
        }
    }

    /** A command while the route is busy, so that neither the server nor a firewall drops an idle connection. */
    private void keepAlive() {
        try {
            openFolder().doCommand(p -> {
                p.noop();
                return null;
            });
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("Mailbox {}: keep-alive failed", mailbox.id(), e);
            disconnect();
        }
    }

    /** What the server is asked to do with a message its route completed. */
    record Acknowledgement(String moveTo, boolean delete) {

        static Acknowledgement moveTo(String folder) {
            return new Acknowledgement(folder, false);
        }

        static Acknowledgement of(MailConfiguration config) {
            return new Acknowledgement(config.getMoveTo(), config.getMoveTo() == null && config.isDelete());
        }

        void apply(UidCommands commands, List<Long> uids, String copyTo) throws MessagingException {
            if (copyTo != null) {
                commands.copy(uids, copyTo);
            }
            if (moveTo != null) {
                commands.move(uids, moveTo);
            } else if (delete) {
                commands.delete(uids);
            } else {
                commands.markSeen(uids);
            }
        }

        @Override
        public String toString() {
            return moveTo != null ? "moved to " + moveTo : delete ? "deleted" : "flagged seen";
        }
    }

    private record Outcome(InboundMail mail, Acknowledgement acknowledgement) {
    }

    /** Completed exchanges, handed from the route's threads to the polling thread. */
    private static final class Outcomes {
        private final LinkedBlockingQueue<Outcome> queue = new LinkedBlockingQueue<>();
        private final AtomicInteger completed = new AtomicInteger();
        private int finished;

        void add(InboundMail mail, Acknowledgement acknowledgement) {
            if (acknowledgement != null) {
                completed.incrementAndGet();
            }
            queue.add(new Outcome(mail, acknowledgement));
        }

        /** Exchanges that completed, whose messages are (to be) acknowledged. */
        int completed() {
            return completed.get();
        }

        List<Outcome> drain() {
            List<Outcome> done = new ArrayList<>();
            queue.drainTo(done);
            finished += done.size();
            return done;
        }

        /** Waits up to {@code millis} for at least one more outcome, then takes all there are. */
        List<Outcome> await(int dispatched, long millis) {
            List<Outcome> done = new ArrayList<>();
            try {
                Outcome first = queue.poll(millis, TimeUnit.MILLISECONDS);
                if (first != null) {
                    done.add(first);
                    // a short pause gathers the exchanges finishing together into one acknowledgement
                    long deadline = System.nanoTime() + Duration.ofMillis(20).toNanos();
                    while (finished + done.size() < dispatched && System.nanoTime() < deadline) {
                        Outcome next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                        if (next != null) {
                            done.add(next);
                        }
                    }
                    queue.drainTo(done);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished += done.size();
            return done;
        }

        int finished() {
            return finished;
        }
    }
}
