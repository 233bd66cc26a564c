package io.mailbridge.oauth;

import java.time.Duration;
import java.util.Optional;

/**
 * Keeps each mailbox's tokens across restarts, encrypted, replacing them atomically; when several instances share
 * the store, also the current access token and the lease that lets one instance at a time renew it.
 */
public interface TokenStore {

    /**
     * The mailbox's tokens as stored now, {@link CachedTokens#NONE} when there are none.
     *
     * @throws TokenStoreException when stored tokens exist but cannot be read (wrong key, damaged data)
     */
    CachedTokens read(String mailboxId);

    /**
     * The newest refresh token.
     *
     * @throws TokenStoreException when a stored token exists but cannot be read (wrong key, damaged file)
     */
    default Optional<StoredToken> load(String mailboxId) {
        return Optional.ofNullable(read(mailboxId).refresh());
    }

    /** Durably replaces the mailbox's tokens whatever is stored (a sign-in's, the newest); when this returns, a crash cannot lose them. */
    void save(String mailboxId, CachedTokens tokens);

    /** Durably replaces the mailbox's refresh token whatever is stored. */
    default void save(String mailboxId, StoredToken token) {
        save(mailboxId, CachedTokens.of(token));
    }

    /**
     * Replaces the tokens {@link #read} gave as {@code seen} by a renewal's, in one step that fails if anything else
     * was written meanwhile (a sign-in, another instance's renewal), and gives up this instance's lease.
     *
     * @return whether they were stored; when not, what was written meanwhile is newer and stays
     */
    boolean replace(String mailboxId, CachedTokens seen, CachedTokens renewed);

    /**
     * Takes the mailbox's renewal lease, unless another instance holds one that has not expired.
     *
     * @return whether this instance holds it now
     */
    boolean lease(String mailboxId);

    /** Keeps a lease this instance holds from expiring while its renewal runs; nothing if it no longer holds it. */
    void extendLease(String mailboxId);

    /** Gives up this instance's lease early (its renewal failed), so that another may renew at once. */
    void release(String mailboxId);

    /** How long a lease outlives an instance that stopped renewing; zero for a store only one process renews from. */
    Duration leaseLength();

    void delete(String mailboxId);
}
