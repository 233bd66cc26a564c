package io.mailbridge.inbound;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import org.apache.camel.component.mail.MailConfiguration;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Lists the messages of a poll's folder that are due, and fetches the bytes of small ones many per command. */
final class FolderListing {

    private static final Logger LOG = LoggerFactory.getLogger(FolderListing.class);
    /** Messages up to this size are fetched many per command; larger ones are streamed one at a time. */
    static final long SMALL_MESSAGE_BYTES = 256 * 1024;
    /** The most bytes one FETCH of small messages brings into memory. */
    static final long FETCH_BATCH_BYTES = 4 * 1024 * 1024;
    /**
     * The most bytes of fetched messages waiting for the route in memory; the rest of a poll waits in work files. Two
     * thousand small notices fit, or a dozen messages with a PDF.
     */
    static final long IN_MEMORY_BYTES = 2 * 1024 * 1024;

    private final MailboxEndpoint endpoint;
    private final MailConfiguration config;
    private final MailboxConnection connection;
    private final FetchedBytes.Allowance memory = new FetchedBytes.Allowance(IN_MEMORY_BYTES);

    FolderListing(MailboxEndpoint endpoint, MailboxConnection connection) {
        this.endpoint = endpoint;
        this.config = endpoint.configuration();
        this.connection = connection;
    }

    /**
     * The messages to take in this poll, in folder order: not deleted (nor seen, with {@code unseen}), not a
     * connection test's own mail, and due by the ledger (new, past their retry time, or decided and waiting for their
     * acknowledgement). Listed a window at a time, so a large backlog costs no more per poll than a small one.
     */
    List<InboundMail> due(int count) throws MessagingException {
        IMAPFolder folder = connection.folder();
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
                MailOrigin origin = new MailOrigin(endpoint.mailbox().id(), folder.getFullName(), uidValidity,
                        folder.getUID(message));
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

    /** Consecutive runs of small messages up to {@link #FETCH_BATCH_BYTES}; a large message is a run of its own. */
    static List<List<InboundMail>> batches(List<InboundMail> due) throws MessagingException {
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
    Map<Long, FetchedBytes> fetch(List<InboundMail> batch) throws MessagingException {
        if (batch.size() == 1 && batch.get(0).stored().getSize() > SMALL_MESSAGE_BYTES) {
            return new HashMap<>();
        }
        try {
            return connection.commands().fetchBytes(Set.copyOf(UidCommands.uids(batch)),
                    endpoint.settings().workDirectory(), memory);
        } catch (MessagingException | RuntimeException e) {
            if (!connection.isOpen()) {
                throw e;
            }
            LOG.debug("Mailbox {}: fetching {} messages at once failed; each is read on its own", endpoint.mailbox().id(),
                    batch.size(), e);
            return new HashMap<>();
        }
    }
}
