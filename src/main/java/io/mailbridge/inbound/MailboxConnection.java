package io.mailbridge.inbound;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.apache.camel.component.mail.MailConfiguration;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The IMAP connection a consumer keeps between polls, with its folder selected anew at each. */
final class MailboxConnection {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxConnection.class);

    private final String mailboxId;
    private final MailConfiguration config;
    private final Set<String> knownFolders = ConcurrentHashMap.newKeySet();
    private Store store;
    private IMAPFolder folder;
    private UidCommands commands;
    /** The folder was closed cleanly by {@link #reselect()}: the connection can select it again. */
    private boolean reselectable;

    MailboxConnection(String mailboxId, MailConfiguration config) {
        this.mailboxId = mailboxId;
        this.config = config;
    }

    /**
     * Closes the folder left open by the last poll (without expunging), so that the next is selected anew on the same
     * connection: Jakarta Mail keeps its own list of the folder's messages while it is open, and that list drifts
     * from the server's when a server reports other clients' changes late or not at all. A fresh SELECT costs one
     * round trip and makes every poll start from the server's own list.
     */
    void reselect() {
        if (folder == null || !folder.isOpen()) {
            return;
        }
        try {
            folder.close(false);
            reselectable = true;
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("Mailbox {}: closing the folder failed; connecting again", mailboxId, e);
            disconnect();
        }
    }

    /**
     * The folder, selected for reading and writing on a connection of its own. A folder found closed (the server or
     * the network ended the connection) is opened on a new connection. The store is not asked whether it is still
     * connected: Jakarta Mail would open a second connection to find out.
     */
    IMAPFolder folder() throws MessagingException {
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

    /** The UID commands on the folder last opened by {@link #folder()}. */
    UidCommands commands() {
        return commands;
    }

    /** Whether the folder is selected: opened by {@link #folder()} and not closed since. */
    boolean isOpen() {
        return folder != null && folder.isOpen();
    }

    /** Whether the folder was opened and has since been closed by the server or the network. */
    boolean lost() {
        return folder != null && !folder.isOpen();
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

    /** A command while the route is busy, so that neither the server nor a firewall drops an idle connection. */
    void keepAlive() {
        try {
            folder().doCommand(p -> {
                p.noop();
                return null;
            });
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("Mailbox {}: keep-alive failed", mailboxId, e);
            disconnect();
        }
    }

    void disconnect() {
        try {
            if (folder != null && folder.isOpen()) {
                folder.close(false);
            }
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("Mailbox {}: closing the folder failed", mailboxId, e);
        }
        try {
            if (store != null) {
                store.close();
            }
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("Mailbox {}: closing the connection failed", mailboxId, e);
        }
        folder = null;
        store = null;
        commands = null;
        reselectable = false;
    }
}
