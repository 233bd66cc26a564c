package io.mailbridge.oauth;

import io.mailbridge.store.Sql;
import io.mailbridge.store.StoreException;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The token cache in a store several instances share: a row per mailbox with its refresh and access token, both
 * encrypted with the token key, a version that every change of the tokens bumps, and the renewal lease (its owner and
 * until when it holds).
 */
public final class DatabaseTokenStore implements TokenStore {

    /**
     * How long a lease outlives an instance that stopped renewing (killed, cut off from the store); the instance that
     * holds it extends it while its call to the authority runs, which may take up to a minute.
     */
    public static final Duration LEASE = Duration.ofSeconds(30);

    private static final String FAILURE = "the token cache in the store could not ";
    private static final String TOKENS = "refresh_token = ?, refresh_obtained_at = ?, access_token = ?, access_expires_at = ?, "
            + "access_obtained_at = ?";
    private static final String TAKE_LEASE = "UPDATE token_cache SET lease_owner = ?, lease_until = ? WHERE mailbox_id = ? "
            + "AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)";

    private final DataSource dataSource;
    private final TokenCipher cipher;
    private final Clock clock;
    private final Duration leaseLength;
    private final String owner;

    public DatabaseTokenStore(DataSource dataSource, TokenCipher cipher, Clock clock) {
        this(dataSource, cipher, clock, LEASE);
    }

    public DatabaseTokenStore(DataSource dataSource, TokenCipher cipher, Clock clock, Duration leaseLength) {
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.clock = clock;
        this.leaseLength = leaseLength;
        this.owner = ownerName();
    }

    /** This instance as a lease names it: process, host and a random part, so two stores in one process differ. */
    public String owner() {
        return owner;
    }

    @Override
    public CachedTokens read(String mailboxId) {
        CachedTokens[] found = {CachedTokens.NONE};
        Sql.query(dataSource, FAILURE, "read the tokens of mailbox '" + mailboxId + "'", "SELECT version, refresh_token, "
                + "refresh_obtained_at, access_token, access_expires_at, access_obtained_at FROM token_cache WHERE mailbox_id = ?",
                rs -> {
                    byte[] refresh = rs.getBytes(2);
                    byte[] access = rs.getBytes(4);
                    found[0] = new CachedTokens(
                            refresh == null ? null : new StoredToken(decrypt(refresh, mailboxId, "refresh"),
                                    Sql.instant(rs.getTimestamp(3))),
                            access == null ? null : decrypt(access, mailboxId, "access"),
                            Sql.instant(rs.getTimestamp(5)), Sql.instant(rs.getTimestamp(6)), rs.getLong(1));
                }, mailboxId);
        return found[0];
    }

    @Override
    public void save(String mailboxId, CachedTokens tokens) {
        String what = "store the tokens of mailbox '" + mailboxId + "'";
        // a row that appears between the update and the insert (another instance's lease) is updated the second time
        for (int attempt = 0; attempt < 2; attempt++) {
            if (execute(what, "UPDATE token_cache SET version = version + 1, " + TOKENS + ", updated_at = ? WHERE mailbox_id = ?",
                    tokenValues(mailboxId, tokens, mailboxId)) == 1 || insert(mailboxId, tokens)) {
                return;
            }
        }
        throw new StoreException(FAILURE + what + ": the row kept changing under it", null);
    }

    @Override
    public boolean replace(String mailboxId, CachedTokens seen, CachedTokens renewed) {
        if (seen.version() < 0) {
            // nothing was stored when the renewal read: it is stored only if nothing came since
            return insert(mailboxId, renewed);
        }
        return execute("store the renewed tokens of mailbox '" + mailboxId + "'", "UPDATE token_cache SET version = version + 1, "
                        + TOKENS + ", updated_at = ?, lease_until = CASE WHEN lease_owner = ? THEN NULL ELSE lease_until END, "
                        + "lease_owner = CASE WHEN lease_owner = ? THEN NULL ELSE lease_owner END "
                        + "WHERE mailbox_id = ? AND version = ?",
                tokenValues(mailboxId, renewed, owner, owner, mailboxId, seen.version())) == 1;
    }

    @Override
    public boolean lease(String mailboxId) {
        Instant now = now();
        String what = "take the renewal lease of mailbox '" + mailboxId + "'";
        Object[] take = {owner, Timestamp.from(now.plus(leaseLength)), mailboxId, owner, Timestamp.from(now)};
        if (execute(what, TAKE_LEASE, take) == 1) {
            return true;
        }
        if (exists(mailboxId)) {
            return false;
        }
        // the first renewal of the mailbox on any instance makes its row, holding the lease
        try {
            execute(what, "INSERT INTO token_cache (mailbox_id, version, lease_owner, lease_until, updated_at) VALUES (?, 0, ?, ?, ?)",
                    mailboxId, owner, Timestamp.from(now.plus(leaseLength)), Timestamp.from(now));
            return true;
        } catch (StoreException e) {
            if (duplicate(e)) {
                return execute(what, TAKE_LEASE, take) == 1;
            }
            throw e;
        }
    }

    @Override
    public void extendLease(String mailboxId) {
        execute("extend the renewal lease of mailbox '" + mailboxId + "'",
                "UPDATE token_cache SET lease_until = ? WHERE mailbox_id = ? AND lease_owner = ?",
                Timestamp.from(now().plus(leaseLength)), mailboxId, owner);
    }

    @Override
    public void release(String mailboxId) {
        execute("give up the renewal lease of mailbox '" + mailboxId + "'",
                "UPDATE token_cache SET lease_owner = NULL, lease_until = NULL WHERE mailbox_id = ? AND lease_owner = ?",
                mailboxId, owner);
    }

    @Override
    public Duration leaseLength() {
        return leaseLength;
    }

    @Override
    public void delete(String mailboxId) {
        execute("delete the tokens of mailbox '" + mailboxId + "'", "DELETE FROM token_cache WHERE mailbox_id = ?", mailboxId);
    }

    /** @return false when the row exists already */
    private boolean insert(String mailboxId, CachedTokens tokens) {
        try {
            execute("store the tokens of mailbox '" + mailboxId + "'", "INSERT INTO token_cache (refresh_token, "
                    + "refresh_obtained_at, access_token, access_expires_at, access_obtained_at, updated_at, mailbox_id, version) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, 1)", tokenValues(mailboxId, tokens, mailboxId));
            return true;
        } catch (StoreException e) {
            if (duplicate(e)) {
                return false;
            }
            throw e;
        }
    }

    private boolean exists(String mailboxId) {
        boolean[] found = {false};
        Sql.query(dataSource, FAILURE, "read the renewal lease of mailbox '" + mailboxId + "'",
                "SELECT 1 FROM token_cache WHERE mailbox_id = ?", rs -> found[0] = true, mailboxId);
        return found[0];
    }

    /** The encrypted tokens and their times in the order of {@link #TOKENS}, then updated_at, then {@code more}. */
    private Object[] tokenValues(String mailboxId, CachedTokens tokens, Object... more) {
        StoredToken refresh = tokens.refresh();
        Object[] values = new Object[6 + more.length];
        values[0] = refresh == null ? null : cipher.encrypt(refresh.refreshToken(), mailboxId + "/refresh");
        values[1] = refresh == null ? null : timestamp(refresh.obtainedAt());
        values[2] = tokens.hasAccessToken() ? cipher.encrypt(tokens.accessToken(), mailboxId + "/access") : null;
        values[3] = tokens.hasAccessToken() ? timestamp(tokens.expiresAt()) : null;
        values[4] = tokens.hasAccessToken() && tokens.obtainedAt() != null ? timestamp(tokens.obtainedAt()) : null;
        values[5] = Timestamp.from(now());
        System.arraycopy(more, 0, values, 6, more.length);
        return values;
    }

    private String decrypt(byte[] data, String mailboxId, String which) {
        try {
            // bound to the mailbox and the column, so that no row or column can stand in for another
            return cipher.decrypt(data, mailboxId + "/" + which);
        } catch (GeneralSecurityException e) {
            throw new TokenStoreException("the stored " + which + " token of mailbox '" + mailboxId + "' in the shared store "
                    + "cannot be decrypted: the token key is not the one it was written with, or the row is damaged. Every "
                    + "instance sharing the store needs the same mailbridge.token-key (or token-key-file): restore that key, "
                    + "or sign the mailbox in again", e);
        }
    }

    private int execute(String what, String sql, Object... args) {
        return Sql.update(dataSource, FAILURE, what, sql, args);
    }

    private static boolean duplicate(StoreException e) {
        return e.getCause() instanceof SQLException sql && Sql.isDuplicateKey(sql);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The databases keep times to the microsecond, PostgreSQL rounding, H2 truncating: cut here, both read it back alike. */
    private static Timestamp timestamp(Instant instant) {
        return Timestamp.from(instant.truncatedTo(ChronoUnit.MICROS));
    }

    private static String ownerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return ProcessHandle.current().pid() + "@" + host + "#" + HexFormat.of().formatHex(random);
    }
}
