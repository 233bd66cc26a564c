package io.mailbridge;

import io.mailbridge.inbound.InboundDeliveryException;
import io.mailbridge.outbound.OutboundDelivery;
import io.mailbridge.outbound.OutboundDropFolder;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * A refused or failed inbound delivery, a refused batch file, or a queued mail waiting for an unreachable store, is an
 * expected event that mailbridge logs in one line with its cause and what happens next; Camel's own report of it
 * (message history and stack trace) would only bury that line. The exchange still fails, so the message stays
 * untouched on the server, the batch file moves to {@code failed/}, and the queued mail is rolled back onto the queue.
 */
final class ExpectedFailureLogging extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration().onException(InboundDeliveryException.class, OutboundDropFolder.RefusedBatchFileException.class,
                        OutboundDelivery.StoreUnreachableException.class)
                .handled(false)
                .logExhausted(false)
                .logStackTrace(false);
    }
}
