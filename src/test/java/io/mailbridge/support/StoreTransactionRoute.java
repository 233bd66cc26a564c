package io.mailbridge.support;

import io.mailbridge.outbound.OutboundRequests;
import org.apache.camel.builder.RouteBuilder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * A route holding a store transaction open for three seconds, as a send records its outcome, for shutdown tests: loaded
 * with {@code camel.main.routes-builder-classes}.
 */
public final class StoreTransactionRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:store-transaction?repeatCount=1").routeId("store-transaction").process(exchange -> {
            OutboundRequests requests = getContext().getRegistry().lookupByNameAndType("outboundRequests", OutboundRequests.class);
            try (Connection c = requests.dataSource().getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO outbound_recipient_counts (mailbox, send_day, recipients) VALUES ('shutdown-test', CURRENT_DATE, 1)")) {
                    insert.executeUpdate();
                }
                log.info("store transaction started");
                Thread.sleep(3000);
                try (PreparedStatement count = c.prepareStatement(
                        "SELECT recipients FROM outbound_recipient_counts WHERE mailbox = 'shutdown-test'");
                     ResultSet rows = count.executeQuery()) {
                    rows.next();
                    c.commit();
                    log.info("store transaction committed: {} recipient", rows.getInt(1));
                }
            }
        });
    }
}
