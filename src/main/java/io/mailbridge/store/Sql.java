package io.mailbridge.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    /** Takes one row of a query's result. */
    public interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs a query and hands each row to {@code reader}; at most 10,000 rows, so a query without a limit of its own
     * cannot fill the memory.
     *
     * @param what what the query reads, for the error
     * @param failure the table's wording of a failure, e.g. "the inbound ledger could not "
     */
    public static void query(DataSource dataSource, String failure, String what, String sql, RowReader reader,
                             Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setMaxRows(10_000);
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
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
