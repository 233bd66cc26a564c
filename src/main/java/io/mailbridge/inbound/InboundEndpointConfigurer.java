package io.mailbridge.inbound;

import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.spi.EndpointStrategy;

import java.util.Locale;

/**
 * Makes every IMAP consumer endpoint of a configured mailbox safe for delivery: messages are read without being
 * flagged (peek), keyed by UIDVALIDITY + UID, and fetched only when due; a poll cut short by an unreachable store is
 * reported in one line.
 */
public final class InboundEndpointConfigurer implements EndpointStrategy {

    private final MailboxRegistry registry;
    private final InboundLedger ledger;
    private final java.util.Map<String, java.time.Instant> lastPoll = new java.util.concurrent.ConcurrentHashMap<>();

    public InboundEndpointConfigurer(MailboxRegistry registry, InboundLedger ledger) {
        this.registry = registry;
        this.ledger = ledger;
    }

    /** When a route last read the mailbox's server without error; empty before the first poll. */
    public java.util.Optional<java.time.Instant> lastPoll(String mailboxId) {
        return java.util.Optional.ofNullable(lastPoll.get(mailboxId));
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
        LedgerKeys keys = new LedgerKeys(mailbox.id(), ledger);
        mail.setMailUidGenerator(keys);
        mail.setIdempotentRepository(keys);
        // reading a message must not flag it: only an accepted delivery (or a quarantine) changes the server
        config.setPeek(true);
        // large attachments arrive in fewer round trips than the default 16 KB pieces
        config.getAdditionalJavaMailProperties().putIfAbsent("mail." + protocol + ".fetchsize", "1048576");
        String mailboxId = mailbox.id();
        mail.setExceptionHandler(new InboundPollExceptionHandler(mail.getCamelContext(), mailboxId, config.getFolderName()));
        mail.setPollStrategy(new org.apache.camel.support.DefaultPollingConsumerPollStrategy() {
            @Override
            public void commit(org.apache.camel.Consumer consumer, Endpoint polled, int polledMessages) {
                lastPoll.put(mailboxId, java.time.Instant.now());
            }
        });
        return endpoint;
    }
}
