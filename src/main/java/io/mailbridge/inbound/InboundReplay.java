package io.mailbridge.inbound;

import io.mailbridge.mailbox.MailProperties;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.oauth.TokenService;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Replays a quarantined message: moves it from the quarantine folder back to the folder it came from, where the
 * route reads it again as a new message (a new UID, so a new ledger record and a fresh count of attempts). For when
 * the cause is fixed, say the ERP now accepts the document.
 */
public final class InboundReplay {

    private static final Logger LOG = LoggerFactory.getLogger(InboundReplay.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Why a replay cannot be done; nothing was changed. */
    public static final class ReplayRefusedException extends Exception {
        public ReplayRefusedException(String message) {
            super(message, null, false, false);
        }
    }

    private final MailboxRegistry registry;
    private final TokenService tokens;
    private final InboundLedger ledger;
    private final String quarantineFolder;

    public InboundReplay(MailboxRegistry registry, TokenService tokens, InboundLedger ledger, String quarantineFolder) {
        this.registry = registry;
        this.tokens = tokens;
        this.ledger = ledger;
        this.quarantineFolder = quarantineFolder;
    }

    /**
     * @return where the message went
     * @throws java.util.NoSuchElementException when there is no such ledger record
     */
    public String replay(String id) throws ReplayRefusedException, MessagingException {
        InboundLedger.Entry entry = ledger.find(id).orElseThrow();
        if (entry.state() != InboundLedger.State.QUARANTINED) {
            throw new ReplayRefusedException("message " + id + " is " + entry.state().name().toLowerCase(Locale.ROOT)
                    + ", not quarantined");
        }
        if (entry.messageId() == null) {
            throw new ReplayRefusedException("message " + id + " has no Message-ID to find it by in " + quarantineFolder
                    + "; move it back to " + entry.folder() + " with a mail client");
        }
        Mailbox mailbox = registry.mailbox(entry.mailbox()).filter(m -> m.imap() != null).orElseThrow(() ->
                new ReplayRefusedException("mailbox '" + entry.mailbox() + "' is no longer configured with an IMAP server"));
        Store store = MailProperties.session(mailbox.imap(), mailbox.grant().isOAuth(), TIMEOUT).getStore(mailbox.imap().protocol());
        store.connect(mailbox.imap().host(), mailbox.imap().port(), mailbox.login(), tokens.credential(mailbox.id()));
        try {
            Folder quarantine = store.getFolder(quarantineFolder);
            if (!quarantine.exists()) {
                throw new ReplayRefusedException("there is no folder " + quarantineFolder + " in mailbox '" + mailbox.id() + "'");
            }
            quarantine.open(Folder.READ_WRITE);
            try {
                List<Message> found = MailProperties.withMessageId(quarantine, entry.messageId());
                if (found.isEmpty()) {
                    throw new ReplayRefusedException("message " + id + " (" + entry.messageId() + ") is no longer in "
                            + quarantineFolder + "; someone moved or deleted it");
                }
                // one copy back: should a sender have reused the Message-ID, the newest is the quarantined one
                Message message = found.get(found.size() - 1);
                quarantine.copyMessages(new Message[] {message}, store.getFolder(entry.folder()));
                message.setFlag(Flags.Flag.DELETED, true);
            } finally {
                quarantine.close(true);
            }
        } finally {
            store.close();
        }
        ledger.replayed(id, "replayed to " + entry.folder() + "; it comes in again as a new message");
        LOG.info("Quarantined message {} ({}) moved back to {} for another try", id, LogText.of(entry.subject()), entry.folder());
        return entry.folder();
    }
}
