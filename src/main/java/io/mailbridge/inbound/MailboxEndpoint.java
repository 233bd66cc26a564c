package io.mailbridge.inbound;

import io.mailbridge.mailbox.Mailbox;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * An inbound route's {@code imap:}/{@code imaps:} endpoint for a configured mailbox: the route's options are read by
 * camel-mail as usual (server, folder, {@code moveTo}, {@code delay}...), but the messages are polled by
 * {@link MailboxConsumer}, which fetches and acknowledges many messages per round trip.
 */
public final class MailboxEndpoint extends ScheduledPollEndpoint {

    /** camel-mail's own default, kept for routes that do not set {@code delay}. */
    private static final long DEFAULT_DELAY_MS = 60_000;
    /** For routes that set neither {@code maxMessagesPerPoll} nor {@code fetchSize}. */
    private static final int DEFAULT_MAX_MESSAGES_PER_POLL = 100;

    private final MailEndpoint mail;
    private final Mailbox mailbox;
    private final InboundLedger ledger;
    private final InboundSettings settings;
    private final InboundEndpointConfigurer.LeaveAlone leaveAlone;
    private final Runnable polled;

    MailboxEndpoint(MailEndpoint mail, Mailbox mailbox, InboundLedger ledger, InboundSettings settings,
                    InboundEndpointConfigurer.LeaveAlone leaveAlone, Runnable polled) {
        super(mail.getEndpointUri(), mail.getComponent());
        this.mail = mail;
        this.mailbox = mailbox;
        this.ledger = ledger;
        this.settings = settings;
        this.leaveAlone = leaveAlone;
        this.polled = polled;
        refuseUnsupported(mail);
        setCamelContext(mail.getCamelContext());
        setDelay(mail.getDelay() > 0 ? mail.getDelay() : DEFAULT_DELAY_MS);
        setInitialDelay(mail.getInitialDelay());
        setTimeUnit(mail.getTimeUnit());
        setUseFixedDelay(mail.isUseFixedDelay());
        setBackoffMultiplier(mail.getBackoffMultiplier());
        setBackoffIdleThreshold(mail.getBackoffIdleThreshold());
        setBackoffErrorThreshold(mail.getBackoffErrorThreshold());
        setRunLoggingLevel(mail.getRunLoggingLevel());
        setStartScheduler(mail.isStartScheduler());
        setRepeatCount(mail.getRepeatCount());
        setScheduler(mail.getScheduler());
        setSchedulerProperties(mail.getSchedulerProperties());
        setBridgeErrorHandler(mail.isBridgeErrorHandler());
        // a poll that took messages is followed at once by the next, so a backlog does not wait a delay per poll
        setGreedy(true);
    }

    /** Options camel-mail offers that this consumer cannot honour; refused rather than silently ignored. */
    private static void refuseUnsupported(MailEndpoint mail) {
        String option = mail.getSearchTerm() != null ? "searchTerm"
                : mail.getSortTerm() != null ? "sortTerm"
                : mail.getPostProcessAction() != null ? "postProcessAction" : null;
        if (option != null) {
            throw new IllegalArgumentException("Endpoint " + mail.getConfiguration().getProtocol() + "://"
                    + mail.getConfiguration().getHost() + " of an inbound route sets '" + option + "', which mailbridge's "
                    + "inbound consumer does not support: it reads every message of the folder in UID order (unseen: true "
                    + "skips those flagged seen). Remove '" + option + "' from the route.");
        }
    }

    MailConfiguration configuration() {
        return mail.getConfiguration();
    }

    /** The camel-mail endpoint whose options this endpoint follows. */
    /** The configured mailbox this endpoint reads. */
    public String mailboxId() {
        return mailbox.id();
    }

    public MailEndpoint mailEndpoint() {
        return mail;
    }

    Mailbox mailbox() {
        return mailbox;
    }

    InboundLedger ledger() {
        return ledger;
    }

    InboundSettings settings() {
        return settings;
    }

    InboundEndpointConfigurer.LeaveAlone leaveAlone() {
        return leaveAlone;
    }

    int maxMessagesPerPoll() {
        int fetchSize = mail.getConfiguration().getFetchSize();
        if (fetchSize >= 0) {
            return fetchSize;
        }
        return mail.getMaxMessagesPerPoll() > 0 ? mail.getMaxMessagesPerPoll() : DEFAULT_MAX_MESSAGES_PER_POLL;
    }

    void polled() {
        polled.run();
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        MailboxConsumer consumer = new MailboxConsumer(this, processor);
        configureConsumer(consumer);
        consumer.setExceptionHandler(new InboundPollExceptionHandler(getCamelContext(), mailbox.id(),
                mail.getConfiguration().getFolderName()));
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("an inbound mailbox endpoint only reads; send mail with smtp: or smtps:");
    }

    @Override
    protected String createEndpointUri() {
        return mail.getEndpointUri();
    }
}
