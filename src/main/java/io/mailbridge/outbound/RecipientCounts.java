package io.mailbridge.outbound;

import io.mailbridge.store.Sql;
import io.mailbridge.store.StoreException;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Recipients sent per mailbox and day, kept in the store, and the mails each mailbox sent lately. */
public final class RecipientCounts {

    /** A mail the server accepted, and when. */
    public record Sent(String id, Instant at) {
    }

    private final DataSource dataSource;
    /** Rows known to exist: the row of a day is made once, not looked for before every message. */
    private final Set<String> rows = ConcurrentHashMap.newKeySet();

    public RecipientCounts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public int get(String mailbox, LocalDate day) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT recipients FROM outbound_recipient_counts WHERE mailbox = ? AND send_day = ?")) {
            q.setString(1, mailbox);
            q.setDate(2, Date.valueOf(day));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the recipient count of " + mailbox + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds to the day's count if the total stays within {@code limit}, in one statement, so that instances sharing
     * the store cannot overspend the budget between them. Committed before it returns.
     *
     * @return whether the recipients fit and were counted
     */
    public boolean tryAdd(String mailbox, LocalDate day, int recipients, int limit) {
        try (Connection c = dataSource.getConnection()) {
            String row = mailbox + "/" + day;
            if (!rows.contains(row)) {
                // remembered only once it exists: a concurrent caller makes it too, harmlessly
                ensureRow(c, mailbox, day);
                rows.add(row);
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE outbound_recipient_counts SET recipients = recipients + ? "
                    + "WHERE mailbox = ? AND send_day = ? AND recipients + ? <= ?")) {
                u.setInt(1, recipients);
                u.setString(2, mailbox);
                u.setDate(3, Date.valueOf(day));
                u.setInt(4, recipients);
                u.setInt(5, limit);
                return u.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count the recipients of " + mailbox + ": " + e.getMessage(), e);
        }
    }

    /** Gives back recipients counted for a message that was then not sent. */
    public void refund(String mailbox, LocalDate day, int recipients) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement u = c.prepareStatement("UPDATE outbound_recipient_counts SET recipients = recipients - ? "
                     + "WHERE mailbox = ? AND send_day = ? AND recipients >= ?")) {
            u.setInt(1, recipients);
            u.setString(2, mailbox);
            u.setDate(3, Date.valueOf(day));
            u.setInt(4, recipients);
            u.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot refund the recipients of " + mailbox + ": " + e.getMessage(), e);
        }
    }

    /**
     * When the mails of a mailbox sent since {@code since} were accepted by the server, oldest first, whichever instance
     * sent them: what an instance taking over a mailbox's sending counts in its per-minute window.
     */
    public List<Sent> sentSince(String mailbox, Instant since) {
        List<Sent> sent = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT id, sent_at FROM outbound_requests WHERE mailbox = ? "
                     + "AND sent_at > ? ORDER BY sent_at")) {
            q.setString(1, mailbox);
            q.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    sent.add(new Sent(rs.getString(1), rs.getTimestamp(2).toInstant()));
                }
            }
            return sent;
        } catch (SQLException e) {
            throw new StoreException("cannot read the mails " + mailbox + " sent in the last minute: " + e.getMessage(), e);
        }
    }

    private static void ensureRow(Connection c, String mailbox, LocalDate day) throws SQLException {
        try (PreparedStatement i = c.prepareStatement("INSERT INTO outbound_recipient_counts (mailbox, send_day, recipients) "
                + "SELECT ?, ?, 0 WHERE NOT EXISTS (SELECT 1 FROM outbound_recipient_counts WHERE mailbox = ? AND send_day = ?)")) {
            i.setString(1, mailbox);
            i.setDate(2, Date.valueOf(day));
            i.setString(3, mailbox);
            i.setDate(4, Date.valueOf(day));
            i.executeUpdate();
        } catch (SQLException e) {
            if (!Sql.isDuplicateKey(e)) {
                throw e;
            }
            // another instance created the row first
        }
    }
}
