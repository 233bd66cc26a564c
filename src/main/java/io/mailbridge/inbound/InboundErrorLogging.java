package io.mailbridge.inbound;

import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * A refused or failed delivery is an expected event that the pipeline logs in one line with its cause and next
 * attempt; Camel's own report of it (message history and stack trace) would only bury that line. The exchange
 * still fails, so the message stays untouched on the server.
 */
public final class InboundErrorLogging extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration().onException(InboundDeliveryException.class)
                .handled(false)
                .logExhausted(false)
                .logStackTrace(false);
    }
}
