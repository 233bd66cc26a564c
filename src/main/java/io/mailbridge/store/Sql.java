package io.mailbridge.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Small JDBC steps shared by the tables of the store. */
public final class Sql {

    /** Text columns for server replies, errors and subjects hold this many characters. */
    private static final int TEXT_LIMIT = 1000;

    private Sql() {
    }

    /**
     * Runs one statement in its own transaction.
     *
     * @param what what the statement does, for the error ("record 42 as sent")
     * @param failure the table's wording of a failure, e.g. "the inbound ledger could not "
     * @return the number of rows changed
     */
    public static int update(DataSource dataSource, String failure, String what, String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement u = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                u.setObject(i + 1, args[i]);
            }
            return u.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(failure + what + ": " + e.getMessage(), e);
        }
    }

    /** Whether the database refused a statement for breaking a unique or primary key (SQLSTATE class 23). */
    public static boolean isDuplicateKey(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    public static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** Cut to fit a text column. */
    public static String truncate(String s) {
        return s == null || s.length() <= TEXT_LIMIT ? s : s.substring(0, TEXT_LIMIT - 1) + "…";
    }
}
