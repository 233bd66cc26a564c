package io.mailbridge.inbound;

import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import jakarta.mail.Message;
import org.apache.camel.Endpoint;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.spi.EndpointStrategy;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Gives every IMAP endpoint of a configured mailbox mailbridge's own consumer ({@link MailboxEndpoint}): messages are
 * read without being flagged, keyed by UIDVALIDITY + UID, taken only when the ledger says they are due, and
 * acknowledged only once their route completed. Endpoints of other mailboxes stay camel-mail's.
 */
public final class InboundEndpointConfigurer implements EndpointStrategy {

    /**
     * Mail that stays where it is and never reaches a route (a connection test's own mail, which the test finds and
     * deletes), told by headers fetched with the folder's listing.
     */
    public record LeaveAlone(List<String> headers, Predicate<Message> test) {
    }

    private final MailboxRegistry registry;
    private final InboundLedger ledger;
    private final InboundSettings settings;
    private final LeaveAlone leaveAlone;
    private final Map<String, Instant> lastPoll = new ConcurrentHashMap<>();

    public InboundEndpointConfigurer(MailboxRegistry registry, InboundLedger ledger, InboundSettings settings,
                                     LeaveAlone leaveAlone) {
        this.registry = registry;
        this.ledger = ledger;
        this.settings = settings;
        this.leaveAlone = leaveAlone;
    }

    /** When a route last read the mailbox's server without error; empty before the first poll. */
    public Optional<Instant> lastPoll(String mailboxId) {
        return Optional.ofNullable(lastPoll.get(mailboxId));
    }

    @Override
    public Endpoint registerEndpoint(String uri, Endpoint endpoint) {
        if (!(endpoint instanceof MailEndpoint mail)) {
            return endpoint;
        }
        MailConfiguration config = mail.getConfiguration();
        String protocol = config.getProtocol().toLowerCase(Locale.ROOT);
        if (!protocol.startsWith("imap")) {
            return endpoint;
        }
        Mailbox mailbox = registry.serving(config.getUsername(), protocol, config.getHost(), config.getPort()).orElse(null);
        if (mailbox == null) {
            return endpoint;
        }
        // large messages are streamed in pieces; 1 MB pieces take fewer round trips than the default 16 KB
        config.getAdditionalJavaMailProperties().putIfAbsent("mail." + protocol + ".fetchsize", "1048576");
        String mailboxId = mailbox.id();
        return new MailboxEndpoint(mail, mailbox, ledger, settings, leaveAlone, () -> lastPoll.put(mailboxId, Instant.now()));
    }
}
