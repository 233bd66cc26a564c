package io.mailbridge.inbound;

import io.mailbridge.store.Sql;
import io.mailbridge.store.StoreException;

import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.mailbridge.store.Sql.instant;
import static io.mailbridge.store.Sql.truncate;

/**
 * What happened to each inbound message, keyed by mailbox + folder + UIDVALIDITY + UID. Every change is committed
 * before the step that depends on it (the ERP call, the acknowledgement on the mail server) goes ahead, so a crash
 * anywhere leaves a state from which a restart neither skips nor repeats a delivery.
 */
public final class InboundLedger {

    /** The life of an inbound message. */
    public enum State {
        RECEIVED, DELIVERED, QUARANTINED,
        /** A quarantined message an admin moved back to its folder; it comes in again under a new UID (a new record). */
        REPLAYED
    }

    /** One message's record. */
    public record Entry(String id, String mailbox, String folder, long uidValidity, long uid, State state, int attempts,
                        String lastError, Instant nextAttemptAt, Instant firstSeenAt, Instant updatedAt,
                        String messageId, String subject, int unfinishedAttempts, boolean leased) {
    }

    private static final String COLUMNS = "id, mailbox, folder, uid_validity, uid, state, attempts, last_error, "
            + "next_attempt_at, first_seen_at, updated_at, message_id, subject, unfinished_attempts";

    private final DataSource dataSource;
    private final Clock clock;

    public InboundLedger(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Records that an attempt at this message starts: creates the record on first sight, and, while the message is
     * undelivered and not leased by another attempt, counts the attempt and leases the message for {@code lease}.
     * Returns the record after the change; {@link Entry#leased()} says whether this caller holds the lease.
     */
    public Entry startAttempt(String id, String mailbox, String folder, long uidValidity, long uid, Duration lease) {
        Entry first = firstAttempt(id, mailbox, folder, uidValidity, uid, lease);
        return first != null ? first : nextAttempt(id, lease);
    }

    /**
     * A message seen for the first time (nearly every message) gets its record and its first attempt's lease in one
     * statement; null when the record exists already (also when another instance sharing the store inserted it
     * first). The retry time is set before the attempt, as a lease: if the process dies during the attempt (a message
     * that crashes it, a kill), the message waits like any failed one instead of looping at once, and a second
     * instance sharing the store leaves it alone meanwhile.
     */
    private Entry firstAttempt(String id, String mailbox, String folder, long uidValidity, long uid, Duration lease) {
        // the record answered is the one stored, whose times the databases keep to the microsecond
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO inbound_ledger (id, mailbox, folder, uid_validity, "
                     + "uid, state, attempts, unfinished_attempts, in_progress, next_attempt_at, first_seen_at, updated_at) "
                     + "VALUES (?, ?, ?, ?, ?, ?, 1, 0, TRUE, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, mailbox);
            insert.setString(3, folder);
            insert.setLong(4, uidValidity);
            insert.setLong(5, uid);
            insert.setString(6, State.RECEIVED.name());
            insert.setTimestamp(7, Timestamp.from(now.plus(lease)));
            insert.setTimestamp(8, Timestamp.from(now));
            insert.setTimestamp(9, Timestamp.from(now));
            insert.executeUpdate();
            return new Entry(id, mailbox, folder, uidValidity, uid, State.RECEIVED, 1, null, now.plus(lease), now, now,
                    null, null, 0, true);
        } catch (SQLException e) {
            if (Sql.isDuplicateKey(e)) {
                return null;
            }
            throw failure("record the attempt at " + id, e);
        }
    }

    /** A further attempt at a message with a record: counted and leased unless it is decided, or leased already. */
    private Entry nextAttempt(String id, Duration lease) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int leased;
                try (PreparedStatement update = c.prepareStatement("UPDATE inbound_ledger SET attempts = attempts + 1, "
                        + "unfinished_attempts = CASE WHEN in_progress THEN unfinished_attempts + 1 ELSE 0 END, in_progress = TRUE, "
                        + "next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = ? "
                        + "AND (next_attempt_at IS NULL OR next_attempt_at <= ?)")) {
                    update.setTimestamp(1, Timestamp.from(now.plus(lease)));
                    update.setTimestamp(2, Timestamp.from(now));
                    update.setString(3, id);
                    update.setString(4, State.RECEIVED.name());
                    update.setTimestamp(5, Timestamp.from(now));
                    leased = update.executeUpdate();
                }
                Entry entry = select(c, id, false, leased == 1).orElseThrow();
                c.commit();
                return entry;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("record the attempt at " + id, e);
        }
    }

    /** The attempt failed; the message stays where it is on the server and is tried again from {@code nextAttemptAt}. */
    public void failed(String id, String error, Instant nextAttemptAt) {
        update("UPDATE inbound_ledger SET last_error = ?, next_attempt_at = ?, updated_at = ?, in_progress = FALSE "
                        + "WHERE id = ? AND state = ?",
                "record the failure of " + id, truncate(error), Timestamp.from(nextAttemptAt), Timestamp.from(clock.instant()),
                id, State.RECEIVED.name());
    }

    /** The ERP accepted the document: from now on the message is only acknowledged, never posted again. */
    public void delivered(String id, String messageId, String subject) {
        Instant now = clock.instant();
        update("UPDATE inbound_ledger SET state = ?, last_error = NULL, next_attempt_at = NULL, delivered_at = ?, updated_at = ?, "
                        + "message_id = ?, subject = ?, in_progress = FALSE WHERE id = ?", "record the delivery of " + id,
                State.DELIVERED.name(), Timestamp.from(now), Timestamp.from(now), truncate(messageId), truncate(subject), id);
    }

    /** The message will not be delivered; it goes to the quarantine folder with this reason. */
    public void quarantined(String id, String reason, String messageId, String subject) {
        update("UPDATE inbound_ledger SET state = ?, last_error = ?, next_attempt_at = NULL, updated_at = ?, message_id = ?, "
                        + "subject = ?, in_progress = FALSE WHERE id = ?", "record the quarantine of " + id,
                State.QUARANTINED.name(), truncate(reason), Timestamp.from(clock.instant()), truncate(messageId), truncate(subject), id);
    }

    /** @return false when the record is not (any more) quarantined */
    public boolean replayed(String id, String note) {
        return Sql.update(dataSource, "the inbound ledger could not ", "record the replay of " + id,
                "UPDATE inbound_ledger SET state = ?, last_error = ?, updated_at = ? WHERE id = ? AND state = ?",
                State.REPLAYED.name(), truncate(note), Timestamp.from(clock.instant()), id, State.QUARANTINED.name()) == 1;
    }

    /** The newest records in one state, across mailboxes, newest first. */
    public List<Entry> inState(State state, int limit) {
        return list("state", state.name(), limit);
    }

    public Optional<Entry> find(String id) {
        try (Connection c = dataSource.getConnection()) {
            return select(c, id, false, false);
        } catch (SQLException e) {
            throw failure("read " + id, e);
        }
    }

    /**
     * Those of these messages that must not be attempted now: waiting for their retry time, or leased by an attempt
     * under way. One query for a poll's whole listing.
     */
    public Set<String> waiting(Collection<String> ids) {
        Set<String> waiting = new HashSet<>();
        if (ids.isEmpty()) {
            return waiting;
        }
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT id FROM inbound_ledger WHERE next_attempt_at > ? AND id IN ("
                     + marks + ")")) {
            q.setTimestamp(1, Timestamp.from(clock.instant()));
            int i = 2;
            for (String id : ids) {
                q.setString(i++, id);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    waiting.add(rs.getString(1));
                }
            }
            return waiting;
        } catch (SQLException e) {
            throw failure("read which messages are due", e);
        }
    }

    /**
     * A delivered or quarantined message is still in the folder: its acknowledgement failed (the server refused the
     * move, or the process died during it). It is acknowledged again, but not before {@code retryAt}, so that a
     * folder the server refuses cannot take every poll's turn from new mail.
     */
    public void acknowledgementPending(String id, Instant retryAt) {
        update("UPDATE inbound_ledger SET next_attempt_at = ?, updated_at = ? WHERE id = ? AND state <> ?",
                "record the acknowledgement of " + id, Timestamp.from(retryAt), Timestamp.from(clock.instant()), id,
                State.RECEIVED.name());
    }

    /** The newest records of a mailbox, newest first. */
    public List<Entry> recent(String mailbox, int limit) {
        return list("mailbox", mailbox, limit);
    }

    private List<Entry> list(String column, String value, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM inbound_ledger WHERE " + column + " = ? "
                     + "ORDER BY updated_at DESC")) {
            q.setString(1, value);
            q.setMaxRows(limit);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    entries.add(entry(rs, false));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw failure("list the records with " + column + " " + value, e);
        }
    }

    private Optional<Entry> select(Connection c, String id, boolean lock, boolean leased) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM inbound_ledger WHERE id = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs, leased)) : Optional.empty();
            }
        }
    }

    private static Entry entry(ResultSet rs, boolean leased) throws SQLException {
        return new Entry(rs.getString("id"), rs.getString("mailbox"), rs.getString("folder"), rs.getLong("uid_validity"),
                rs.getLong("uid"), State.valueOf(rs.getString("state")), rs.getInt("attempts"), rs.getString("last_error"),
                instant(rs.getTimestamp("next_attempt_at")), instant(rs.getTimestamp("first_seen_at")),
                instant(rs.getTimestamp("updated_at")), rs.getString("message_id"), rs.getString("subject"),
                rs.getInt("unfinished_attempts"), leased);
    }

    private void update(String sql, String what, Object... args) {
        Sql.update(dataSource, "the inbound ledger could not ", what, sql, args);
    }

    private static StoreException failure(String what, SQLException e) {
        return new StoreException("the inbound ledger could not " + what + ": " + e.getMessage(), e);
    }
}
