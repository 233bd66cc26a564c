package io.mailbridge.outbound;

import io.mailbridge.store.Sql;
import io.mailbridge.store.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.mailbridge.store.Sql.instant;
import static io.mailbridge.store.Sql.truncate;

/**
 * The status record of every send request and batch, in the store. A queued mail is sent only while its record
 * exists and is not final, so a message delivered twice by the queue (after a crash) is sent at most once more.
 */
public final class OutboundRequests {

    /** Where a request stands. */
    public enum Status {
        QUEUED, SENDING, SENT, RETRYING, FAILED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean isFinal() {
            return this == SENT || this == FAILED;
        }
    }

    /** A request's record, as the API shows it. */
    public record Entry(String id, String mailbox, String requestId, String requestHash, String batchId, Integer itemIndex,
                        String messageId, String subject, int recipients, Status status, int attempts, int uncertain,
                        String lastReply, Instant nextAttemptAt, Instant createdAt, Instant updatedAt, Instant sentAt) {
    }

    /** A batch's record. */
    public record Batch(String batchId, String mailbox, String requestId, String requestHash, String template, String source,
                        int itemCount, boolean accepted, Instant createdAt, Instant completedAt) {
    }

    /** A new record, written when the request is accepted. */
    public record NewRequest(String id, String mailbox, String requestId, String requestHash, String batchId, Integer itemIndex,
                             String messageId, String subject, int recipients) {
    }

    private static final String COLUMNS = "id, mailbox, request_id, request_hash, batch_id, item_index, message_id, subject, "
            + "recipients, status, attempts, uncertain, last_reply, next_attempt_at, created_at, updated_at, sent_at";

    private static final String BATCH_COLUMNS = "batch_id, mailbox, request_id, request_hash, template, source, item_count, "
            + "accepted, created_at, completed_at";

    private final DataSource dataSource;
    private final Clock clock;

    public OutboundRequests(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The requestId of a new record is recorded already: another request with it was accepted first. */
    public static final class RequestIdTakenException extends Exception {
        RequestIdTakenException(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** Records an accepted request; {@link RequestIdTakenException} when one with its requestId was recorded first. */
    public void insert(NewRequest request) throws RequestIdTakenException {
        insertAlone("the send request", request.requestId(), c -> insert(c, List.of(request)));
    }

    /** Records a batch about to be queued; {@link RequestIdTakenException} when one with its requestId was recorded first. */
    public void insertBatch(Batch batch) throws RequestIdTakenException {
        insertAlone("the batch", batch.requestId(), c -> insertBatch(c, batch));
    }

    /** Records a chunk of a batch's items in one transaction. */
    public void insertItems(List<NewRequest> items) {
        try (Connection c = dataSource.getConnection()) {
            insert(c, items);
        } catch (SQLException e) {
            throw new StoreException("cannot record batch items: " + e.getMessage(), e);
        }
    }

    private interface Insert {
        void run(Connection c) throws SQLException;
    }

    /** An insert in a transaction of its own: with a requestId, a broken unique key means another took it first. */
    private void insertAlone(String what, String requestId, Insert insert) throws RequestIdTakenException {
        try (Connection c = dataSource.getConnection()) {
            insert.run(c);
        } catch (SQLException e) {
            if (requestId != null && Sql.isDuplicateKey(e)) {
                throw new RequestIdTakenException(e);
            }
            throw new StoreException("cannot record " + what + ": " + e.getMessage(), e);
        }
    }

    /** Inserts records on the caller's connection, so that a whole chunk of a batch commits at once. */
    public void insert(Connection c, List<NewRequest> requests) throws SQLException {
        Timestamp now = Timestamp.from(clock.instant());
        try (PreparedStatement i = c.prepareStatement("INSERT INTO outbound_requests (id, mailbox, request_id, request_hash, "
                + "batch_id, item_index, message_id, subject, recipients, status, attempts, uncertain, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)")) {
            for (NewRequest r : requests) {
                i.setString(1, r.id());
                i.setString(2, r.mailbox());
                i.setString(3, r.requestId());
                i.setString(4, r.requestHash());
                i.setString(5, r.batchId());
                i.setObject(6, r.itemIndex());
                i.setString(7, r.messageId());
                i.setString(8, truncate(r.subject()));
                i.setInt(9, r.recipients());
                i.setString(10, Status.QUEUED.name());
                i.setTimestamp(11, now);
                i.setTimestamp(12, now);
                i.addBatch();
            }
            i.executeBatch();
        }
    }

    public void insertBatch(Connection c, Batch batch) throws SQLException {
        try (PreparedStatement i = c.prepareStatement("INSERT INTO outbound_batches (batch_id, mailbox, request_id, request_hash, "
                + "template, source, item_count, accepted, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, FALSE, ?)")) {
            i.setString(1, batch.batchId());
            i.setString(2, batch.mailbox());
            i.setString(3, batch.requestId());
            i.setString(4, batch.requestHash());
            i.setString(5, batch.template());
            i.setString(6, truncate(batch.source()));
            i.setInt(7, batch.itemCount());
            i.setTimestamp(8, Timestamp.from(batch.createdAt()));
            i.executeUpdate();
        }
    }

    /** Every item of the batch is on the queue: the batch was accepted. */
    public void batchAccepted(String batchId) {
        update("UPDATE outbound_batches SET accepted = TRUE WHERE batch_id = ?", "record batch " + batchId + " as accepted", batchId);
    }

    public Optional<Entry> find(String id) {
        return one("SELECT " + COLUMNS + " FROM outbound_requests WHERE id = ?", id);
    }

    public Optional<Entry> findByRequestId(String requestId) {
        return one("SELECT " + COLUMNS + " FROM outbound_requests WHERE request_id = ?", requestId);
    }

    /** Ids of a batch's items that have a record, in item order (a batch resumed after a lost answer skips them). */
    public List<String> itemIds(String batchId) {
        List<String> ids = new ArrayList<>();
        query("SELECT id FROM outbound_requests WHERE batch_id = ? ORDER BY item_index", rs -> ids.add(rs.getString(1)), batchId);
        return ids;
    }

    /**
     * Marks an attempt as begun, unless the request is already final.
     *
     * @return the record as it was before this attempt; empty when there is no record or it is final
     */
    public Optional<Entry> beginAttempt(String id) {
        try (Connection c = dataSource.getConnection()) {
            Optional<Entry> before = one(c, "SELECT " + COLUMNS + " FROM outbound_requests WHERE id = ?", id);
            if (before.isEmpty() || before.get().status().isFinal()) {
                return before;
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE outbound_requests SET status = ?, attempts = attempts + 1, "
                    + "updated_at = ? WHERE id = ? AND status NOT IN (?, ?)")) {
                u.setString(1, Status.SENDING.name());
                u.setTimestamp(2, Timestamp.from(clock.instant()));
                u.setString(3, id);
                u.setString(4, Status.SENT.name());
                u.setString(5, Status.FAILED.name());
                if (u.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return before;
        } catch (SQLException e) {
            throw failure("begin an attempt of " + id, e);
        }
    }

    public void sent(String id, String reply, int uncertain) {
        Instant now = clock.instant();
        update("UPDATE outbound_requests SET status = ?, last_reply = ?, next_attempt_at = NULL, sent_at = ?, updated_at = ?, "
                + "uncertain = uncertain + ? WHERE id = ?", "record " + id + " as sent", Status.SENT.name(), truncate(reply),
                Timestamp.from(now), Timestamp.from(now), uncertain, id);
    }

    public void retrying(String id, String reply, Instant nextAttemptAt, int uncertain) {
        update("UPDATE outbound_requests SET status = ?, last_reply = ?, next_attempt_at = ?, updated_at = ?, "
                + "uncertain = uncertain + ? WHERE id = ?", "record the retry of " + id, Status.RETRYING.name(), truncate(reply),
                Timestamp.from(nextAttemptAt), Timestamp.from(clock.instant()), uncertain, id);
    }

    public void failed(String id, String reply, int uncertain) {
        update("UPDATE outbound_requests SET status = ?, last_reply = ?, next_attempt_at = NULL, updated_at = ?, "
                + "uncertain = uncertain + ? WHERE id = ?", "record " + id + " as failed", Status.FAILED.name(), truncate(reply),
                Timestamp.from(clock.instant()), uncertain, id);
    }

    /** Records why a request waits (its mailbox paused or out of budget) without counting an attempt. */
    public void waiting(String id, String reply, Instant nextAttemptAt) {
        update("UPDATE outbound_requests SET last_reply = ?, next_attempt_at = ?, updated_at = ? WHERE id = ? "
                + "AND status IN (?, ?)", "record why " + id + " waits", truncate(reply), Timestamp.from(nextAttemptAt),
                Timestamp.from(clock.instant()), id, Status.QUEUED.name(), Status.RETRYING.name());
    }

    /** Gives an attempt back that was begun but did not reach the server (its mailbox turned out to be paused). */
    public void attemptNotMade(String id, Status restore, String reply, Instant nextAttemptAt) {
        update("UPDATE outbound_requests SET status = ?, attempts = attempts - 1, last_reply = ?, next_attempt_at = ?, "
                + "updated_at = ? WHERE id = ? AND status = ?", "record why " + id + " waits", restore.name(), truncate(reply),
                Timestamp.from(nextAttemptAt), Timestamp.from(clock.instant()), id, Status.SENDING.name());
    }

    /**
     * A failed request goes back to {@code queued} with its attempts counted afresh.
     *
     * @return false when it is not failed (any more)
     */
    public boolean requeue(String id, String note) {
        return Sql.update(dataSource, "the outbound status could not ", "requeue " + id, "UPDATE outbound_requests SET "
                        + "status = ?, attempts = 0, last_reply = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ? AND status = ?",
                Status.QUEUED.name(), truncate(note), Timestamp.from(clock.instant()), id, Status.FAILED.name()) == 1;
    }

    /** Undoes {@link #requeue} when the mail could not be put back on the queue. */
    public void unqueue(String id, String reply) {
        update("UPDATE outbound_requests SET status = ?, last_reply = ?, updated_at = ? WHERE id = ? AND status = ? "
                + "AND attempts = 0", "record " + id + " as failed again", Status.FAILED.name(), truncate(reply),
                Timestamp.from(clock.instant()), id, Status.QUEUED.name());
    }

    public Optional<Batch> findBatch(String batchId) {
        return batch("SELECT " + BATCH_COLUMNS + " FROM outbound_batches WHERE batch_id = ?", batchId);
    }

    public Optional<Batch> findBatchByRequestId(String requestId) {
        return batch("SELECT " + BATCH_COLUMNS + " FROM outbound_batches WHERE request_id = ?", requestId);
    }

    /** The batches most recently created, newest first. */
    public List<Batch> recentBatches(int limit) {
        List<Batch> found = new ArrayList<>();
        query("SELECT " + BATCH_COLUMNS + " FROM outbound_batches ORDER BY created_at DESC", rs -> {
            if (found.size() < limit) {
                found.add(batch(rs));
            }
        });
        return found;
    }

    /** How many of a batch's items stand at each status. */
    public Map<Status, Integer> batchCounts(String batchId) {
        Map<Status, Integer> counts = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            counts.put(s, 0);
        }
        query("SELECT status, COUNT(*) FROM outbound_requests WHERE batch_id = ? GROUP BY status",
                rs -> counts.put(Status.valueOf(rs.getString(1)), rs.getInt(2)), batchId);
        return counts;
    }

    /** The attempts of a batch's items that were cut off after the server may have had the whole mail, all together. */
    public int batchUncertainAttempts(String batchId) {
        int[] sum = {0};
        query("SELECT COALESCE(SUM(uncertain), 0) FROM outbound_requests WHERE batch_id = ?", rs -> sum[0] = rs.getInt(1), batchId);
        return sum[0];
    }

    public List<Entry> failedItems(String batchId, int limit) {
        List<Entry> items = new ArrayList<>();
        query("SELECT " + COLUMNS + " FROM outbound_requests WHERE batch_id = ? AND status = ? ORDER BY item_index",
                rs -> {
                    if (items.size() < limit) {
                        items.add(entry(rs));
                    }
                }, batchId, Status.FAILED.name());
        return items;
    }

    /**
     * Marks a batch complete once every item is final.
     *
     * @return true for the one caller that completed it (so its webhook is sent once)
     */
    public boolean completeBatchIfDone(String batchId) {
        // only once every item is recorded (accepted), and then a look for one unfinished item on the index, not a count
        // of all of them: the check runs after every item
        try (Connection c = dataSource.getConnection();
             PreparedStatement u = c.prepareStatement("UPDATE outbound_batches SET completed_at = ? WHERE batch_id = ? "
                     + "AND completed_at IS NULL AND accepted = TRUE AND NOT EXISTS (SELECT 1 FROM outbound_requests "
                     + "WHERE batch_id = ? AND status IN (?, ?, ?))")) {
            u.setTimestamp(1, Timestamp.from(clock.instant()));
            u.setString(2, batchId);
            u.setString(3, batchId);
            u.setString(4, Status.QUEUED.name());
            u.setString(5, Status.SENDING.name());
            u.setString(6, Status.RETRYING.name());
            return u.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("complete batch " + batchId, e);
        }
    }

    /** Requests queued, being sent or waiting for a retry. */
    public long countActive() {
        long[] count = new long[1];
        query("SELECT COUNT(*) FROM outbound_requests WHERE status IN (?, ?, ?)", rs -> count[0] = rs.getLong(1),
                Status.QUEUED.name(), Status.SENDING.name(), Status.RETRYING.name());
        return count[0];
    }

    /** Requests most recently changed, newest first. */
    public List<Entry> recent(int limit) {
        List<Entry> entries = new ArrayList<>();
        query("SELECT " + COLUMNS + " FROM outbound_requests ORDER BY updated_at DESC", rs -> {
            if (entries.size() < limit) {
                entries.add(entry(rs));
            }
        });
        return entries;
    }

    private Optional<Entry> one(String sql, String key) {
        try (Connection c = dataSource.getConnection()) {
            return one(c, sql, key);
        } catch (SQLException e) {
            throw failure("read the send request " + key, e);
        }
    }

    private static Optional<Entry> one(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, key);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            }
        }
    }

    private Optional<Batch> batch(String sql, String key) {
        List<Batch> found = new ArrayList<>();
        query(sql, rs -> found.add(batch(rs)), key);
        return found.stream().findFirst();
    }

    private void query(String sql, Sql.RowReader reader, Object... args) {
        Sql.query(dataSource, "the outbound status could not ", "read send requests", sql, reader, args);
    }

    private static Batch batch(ResultSet rs) throws SQLException {
        return new Batch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getInt(7), rs.getBoolean(8), instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)));
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                (Integer) rs.getObject(6), rs.getString(7), rs.getString(8), rs.getInt(9), Status.valueOf(rs.getString(10)),
                rs.getInt(11), rs.getInt(12), rs.getString(13), instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15)),
                instant(rs.getTimestamp(16)), instant(rs.getTimestamp(17)));
    }

    private void update(String sql, String what, Object... args) {
        Sql.update(dataSource, "the outbound status could not ", what, sql, args);
    }

    private static StoreException failure(String what, SQLException e) {
        return new StoreException("the outbound status could not " + what + ": " + e.getMessage(), e);
    }
}
