package io.mailbridge.oauth;

import java.util.Optional;

/** Keeps each mailbox's refresh token across restarts, encrypted, replacing it atomically. */
public interface TokenStore {

    /**
     * @throws TokenStoreException when a stored token exists but cannot be read (wrong key, damaged file)
     */
    Optional<StoredToken> load(String mailboxId);

    /** Durably replaces the mailbox's token; when this returns, a crash cannot lose it. */
    void save(String mailboxId, StoredToken token);

    void delete(String mailboxId);
}
