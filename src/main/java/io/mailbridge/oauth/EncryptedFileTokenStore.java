package io.mailbridge.oauth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One encrypted file per mailbox under the data directory, replaced by temp file + fsync + rename so that a crash
 * leaves either the old or the new token, never a torn one. Keeps refresh tokens only, for a single instance: the
 * access token lives in memory, and the only other writer is the {@code sign-in} command, so no lease is needed.
 */
public final class EncryptedFileTokenStore implements TokenStore {

    private static final FileAttribute<?>[] OWNER_ONLY = ownerOnly();

    private final Path directory;
    private final TokenCipher cipher;

    public EncryptedFileTokenStore(Path directory, TokenCipher cipher) {
        this.directory = directory;
        this.cipher = cipher;
    }

    @Override
    public CachedTokens read(String mailboxId) {
        return load(mailboxId).map(CachedTokens::of).orElse(CachedTokens.NONE);
    }

    @Override
    public Optional<StoredToken> load(String mailboxId) {
        Path file = file(mailboxId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String plain = cipher.decrypt(Files.readAllBytes(file), mailboxId);
            int newline = plain.indexOf('\n');
            return Optional.of(new StoredToken(plain.substring(newline + 1), Instant.parse(plain.substring(0, newline))));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TokenStoreException("the stored token of mailbox '" + mailboxId + "' (" + file
                    + ") cannot be decrypted: the token key is not the one it was written with, or the file is damaged. "
                    + "Restore the previous key, or sign the mailbox in again", e);
        } catch (IOException e) {
            throw new TokenStoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(String mailboxId, CachedTokens tokens) {
        if (tokens.refresh() != null) {
            save(mailboxId, tokens.refresh());
        }
    }

    /**
     * Writes the renewal's refresh token when it differs from the one read, unless the file changed meanwhile (the
     * {@code sign-in} command wrote a newer one).
     */
    @Override
    public boolean replace(String mailboxId, CachedTokens seen, CachedTokens renewed) {
        StoredToken onDisk;
        try {
            onDisk = load(mailboxId).orElse(null);
        } catch (TokenStoreException e) {
            // a damaged file or one under another key: the renewal's token replaces it
            onDisk = seen.refresh();
        }
        if (!Objects.equals(onDisk, seen.refresh())) {
            return false;
        }
        if (renewed.refresh() != null && !renewed.refresh().equals(onDisk)) {
            save(mailboxId, renewed.refresh());
        }
        return true;
    }

    /** Always granted: one process renews, and its token service already renews each mailbox once at a time. */
    @Override
    public boolean lease(String mailboxId) {
        return true;
    }

    @Override
    public void extendLease(String mailboxId) {
        // no lease to keep
    }

    @Override
    public void release(String mailboxId) {
        // no lease to give up
    }

    @Override
    public Duration leaseLength() {
        return Duration.ZERO;
    }

    @Override
    public void save(String mailboxId, StoredToken token) {
        byte[] data = cipher.encrypt(token.obtainedAt() + "\n" + token.refreshToken(), mailboxId);
        Path target = file(mailboxId);
        Path temp = null;
        try {
            Files.createDirectories(directory);
            // a name of its own, so that two processes saving at once (server and sign-in command) never share one
            temp = Files.createTempFile(directory, mailboxId + ".", ".tmp", OWNER_ONLY);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(data));
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory();
        } catch (IOException e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the failure below says what matters
                }
            }
            throw new UncheckedIOException("cannot store the token of mailbox '" + mailboxId + "' in " + directory, e);
        }
    }

    @Override
    public void delete(String mailboxId) {
        try {
            Files.deleteIfExists(file(mailboxId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void syncDirectory() {
        // makes the rename itself durable; some file systems refuse to open a directory, which is harmless
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private Path file(String mailboxId) {
        // mailbox ids are checked at startup to be [a-z0-9-], so they are safe file names
        return directory.resolve(mailboxId + ".token");
    }
}
