package io.mailbridge.inbound;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailUidGenerator;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Gives camel-mail the ledger's key for each message (mailbox + folder + UIDVALIDITY + UID) and lets it fetch only
 * messages that are due: one waiting for its retry time is not even turned into an exchange. Nothing is stored here;
 * the ledger is written by the pipeline itself, so a crash cannot mark a message as done before it was.
 */
final class LedgerKeys extends ServiceSupport implements MailUidGenerator, IdempotentRepository {

    private final String mailboxId;
    private final InboundLedger ledger;

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
            return origin(mailboxId, message).id();
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot read the UID of a message in " + message.getFolder() + ": " + e.getMessage(), e);
        }
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
