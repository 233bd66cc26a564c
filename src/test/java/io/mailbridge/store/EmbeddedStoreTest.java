package io.mailbridge.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedStoreTest {

    /**
     * Camel interrupts a consumer's threads when it stops a route (a reloaded route file, a cluster lock lost), and a
     * thread may be inside the store then. With H2's default file channel, that one interrupted write closed the
     * file and the store with it, for every thread, until a restart.
     */
    @Test
    void aThreadInterruptedWhileWritingLeavesTheStoreOpenForEveryOtherThread(@TempDir Path dataDir) throws Exception {
        try (Database database = Database.open(Database.embeddedUrl(dataDir), null, null)) {
            AtomicReference<Throwable> interruptedWrite = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try (Connection c = database.dataSource().getConnection()) {
                    // interrupted once it holds its connection, as when Camel stops a route in the middle of a write
                    Thread.currentThread().interrupt();
                    insert(c, "written while interrupted");
                } catch (Throwable e) {
                    interruptedWrite.set(e);
                }
            });
            writer.start();
            writer.join();

            assertThat(interruptedWrite.get()).isNull();
            try (Connection c = database.dataSource().getConnection()) {
                insert(c, "written afterwards");
            }
            try (Connection c = database.dataSource().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM cluster_route_owners")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    private static void insert(Connection c, String route) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO cluster_route_owners (route_id, mailbox, instance_id, since) "
                     + "VALUES (?, 'ap', 'test', CURRENT_TIMESTAMP)")) {
            insert.setString(1, route);
            insert.executeUpdate();
        }
    }
}
