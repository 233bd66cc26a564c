package io.mailbridge.inbound;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailUidGenerator;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

import java.lang.ref.WeakReference;

/**
 * Gives camel-mail the ledger's key for each message (mailbox + folder + UIDVALIDITY + UID) and lets it fetch only
 * messages that are due: one waiting for its retry time is not even turned into an exchange. Nothing is stored here;
 * the ledger is written by the pipeline itself, so a crash cannot mark a message as done before it was.
 */
final class LedgerKeys extends ServiceSupport implements MailUidGenerator, IdempotentRepository {

    private final String mailboxId;
    private final InboundLedger ledger;
    private static final int PREFETCH_MESSAGES = 100;
    private WeakReference<Message> prefetchedFirst = new WeakReference<>(null);
    private int prefetchedCount = -1;

    LedgerKeys(String mailboxId, InboundLedger ledger) {
        this.mailboxId = mailboxId;
        this.ledger = ledger;
    }

    static MailOrigin origin(String mailboxId, Message message) throws MessagingException {
        if (!(message.getFolder() instanceof UIDFolder folder)) {
            throw new MessagingException("folder " + message.getFolder() + " has no UIDs; inbound delivery needs IMAP");
        }
        return new MailOrigin(mailboxId, message.getFolder().getFullName(), folder.getUIDValidity(), folder.getUID(message));
    }

    @Override
    public String generateUuid(MailEndpoint endpoint, Message message) {
        try {
            prefetch(message.getFolder());
            return origin(mailboxId, message).id();
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot read the UID of a message in " + message.getFolder() + ": " + e.getMessage(), e);
        }
    }

    /**
     * camel-mail asks for one key at a time, and each UID would cost a round trip to the server; one FETCH at the
     * start of a poll brings the UIDs of the whole folder instead.
     */
    private void prefetch(Folder folder) throws MessagingException {
        int count = folder.getMessageCount();
        if (count == 0) {
            return;
        }
        Message first = folder.getMessage(1);
        // a reopened folder has new message objects with empty caches, so the first message tells a new poll
        if (first == prefetchedFirst.get() && count == prefetchedCount) {
            return;
        }
        Message[] all = folder.getMessages();
        FetchProfile keys = new FetchProfile();
        keys.add(UIDFolder.FetchProfileItem.UID);
        keys.add(FetchProfile.Item.FLAGS);
        folder.fetch(all, keys);
        // sizes and headers only for as many as one poll can take, so a backlog is not loaded whole each time; the
        // server's ENVELOPE and BODYSTRUCTURE are not asked for: the pipeline reads each message from its own bytes
        Message[] head = java.util.Arrays.copyOf(all, Math.min(all.length, PREFETCH_MESSAGES));
        FetchProfile details = new FetchProfile();
        details.add(FetchProfile.Item.SIZE);
        // the connection test's mark is a header; camel-mail itself reads none while mapMailMessage is off
        details.add(IMAPFolder.FetchProfileItem.HEADERS);
        folder.fetch(head, details);
        prefetchedFirst = new WeakReference<>(first);
        prefetchedCount = count;
    }

    @Override
    public boolean add(String key) {
        return ledger.isDue(key);
    }

    @Override
    public boolean contains(String key) {
        return !ledger.isDue(key);
    }

    @Override
    public boolean remove(String key) {
        return true;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        // the ledger is the record; there is nothing of its own to clear
    }
}
