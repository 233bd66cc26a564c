package io.mailbridge.inbound;

import io.mailbridge.store.StoreException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.LoggingExceptionHandler;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a failed poll of an inbox as Camel does, except one the store being unreachable cut short: a poll asks the
 * ledger which messages are due before it takes any, so an outage fails every poll until the store is back, and each
 * gets one line with the cause instead of a stack trace. The poll took nothing, so every message stays on the server.
 */
final class InboundPollExceptionHandler implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InboundPollExceptionHandler.class);

    private final String mailboxId;
    private final String folder;
    private final ExceptionHandler camelDefault;

    InboundPollExceptionHandler(CamelContext context, String mailboxId, String folder) {
        this.mailboxId = mailboxId;
        this.folder = folder;
        this.camelDefault = new LoggingExceptionHandler(context, MailboxConsumer.class);
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        StoreException store = ObjectHelper.getException(StoreException.class, exception);
        if (exchange == null && store != null && store.unreachable()) {
            LOG.warn("Mailbox {}: poll of {} skipped: {}; its messages stay on the server and are read at the next poll. {}",
                    mailboxId, folder, store.outage(), StoreException.CHECK);
            return;
        }
        camelDefault.handleException(message, exchange, exception);
    }
}
