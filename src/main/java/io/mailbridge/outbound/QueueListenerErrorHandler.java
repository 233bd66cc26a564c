package io.mailbridge.outbound;

import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.jms.DefaultSpringErrorHandler;
import org.apache.camel.component.jms.EndpointMessageListener;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ErrorHandler;

/**
 * Reports a failed queue listener as Camel does (the route's exception, thrown back to the listener container so that
 * the transaction rolls back), except a mail waiting for the store: the delivery step has logged that in one line,
 * and Camel's report would repeat it with a stack trace at every redelivery of an outage.
 */
public final class QueueListenerErrorHandler implements ErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(QueueListenerErrorHandler.class);

    private final ErrorHandler camelDefault;

    /** {@code level} and {@code logStackTrace}: the jms component's settings for every other failure. */
    public QueueListenerErrorHandler(CamelContext context, LoggingLevel level, boolean logStackTrace) {
        this.camelDefault = new DefaultSpringErrorHandler(context, EndpointMessageListener.class, level, logStackTrace);
    }

    @Override
    public void handleError(Throwable failure) {
        if (ObjectHelper.getException(OutboundDelivery.StoreUnreachableException.class, failure) != null) {
            LOG.debug("Queue listener rolled back: {}", failure.getMessage(), failure);
            return;
        }
        camelDefault.handleError(failure);
    }
}
