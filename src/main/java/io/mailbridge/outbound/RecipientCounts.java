package io.mailbridge.outbound;

import io.mailbridge.store.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/** Recipients sent per mailbox and day, kept in the store. */
public final class RecipientCounts {

    private final DataSource dataSource;

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

    /** Adds to the day's count, committed before it returns. */
    public void add(String mailbox, LocalDate day, int recipients) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement u = c.prepareStatement("UPDATE outbound_recipient_counts SET recipients = recipients + ? "
                        + "WHERE mailbox = ? AND send_day = ?")) {
                    u.setInt(1, recipients);
                    u.setString(2, mailbox);
                    u.setDate(3, Date.valueOf(day));
                    updated = u.executeUpdate();
                }
                if (updated == 0) {
                    try (PreparedStatement i = c.prepareStatement("INSERT INTO outbound_recipient_counts (mailbox, send_day, recipients) "
                            + "VALUES (?, ?, ?)")) {
                        i.setString(1, mailbox);
                        i.setDate(2, Date.valueOf(day));
                        i.setInt(3, recipients);
                        i.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count the recipients of " + mailbox + ": " + e.getMessage(), e);
        }
    }
}
