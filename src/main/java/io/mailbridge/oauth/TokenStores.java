package io.mailbridge.oauth;

import io.mailbridge.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where tokens are kept: encrypted files under the data directory for a single instance (the embedded H2 file cannot
 * be opened by a second process such as the {@code sign-in} command, files can), the store's token cache when several
 * instances share a store.
 */
public final class TokenStores {

    private static final Logger LOG = LoggerFactory.getLogger(TokenStores.class);
    private static final String SUFFIX = ".token";

    private TokenStores() {
    }

    /**
     * @param shared the store several instances share ({@code mailbridge.store.url} is set), null for one instance
     */
    public static TokenStore open(Database shared, Path dataDir, TokenCipher cipher) {
        Path files = dataDir.resolve("tokens");
        if (shared == null) {
            return new EncryptedFileTokenStore(files, cipher);
        }
        DatabaseTokenStore store = new DatabaseTokenStore(shared.dataSource(), cipher, Clock.systemUTC());
        importFiles(files, cipher, store);
        return store;
    }

    /**
     * Moves the refresh tokens a single instance kept in files into the shared store, where they are newer than the
     * store's. Every file read is renamed, so that it is never imported again over tokens renewed since.
     */
    static void importFiles(Path directory, TokenCipher cipher, TokenStore shared) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Path> tokenFiles;
        try (Stream<Path> list = Files.list(directory)) {
            tokenFiles = list.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the token files in " + directory, e);
        }
        EncryptedFileTokenStore files = new EncryptedFileTokenStore(directory, cipher);
        for (Path file : tokenFiles) {
            String name = file.getFileName().toString();
            String mailboxId = name.substring(0, name.length() - SUFFIX.length());
            try {
                importFile(file, mailboxId, files, shared);
            } catch (TokenStoreException e) {
                LOG.warn("Mailbox '{}': its token file {} was not imported into the shared store: {}", mailboxId, file,
                        e.getMessage());
            }
        }
    }

    private static void importFile(Path file, String mailboxId, EncryptedFileTokenStore files, TokenStore shared) {
        StoredToken token = files.load(mailboxId).orElse(null);
        if (token == null) {
            return;
        }
        CachedTokens current = shared.read(mailboxId);
        boolean newer = current.refresh() == null || token.obtainedAt().isAfter(current.refresh().obtainedAt());
        boolean imported = newer && shared.replace(mailboxId, current, new CachedTokens(token, current.accessToken(),
                current.expiresAt(), current.obtainedAt(), current.version()));
        Path renamed = file.resolveSibling(file.getFileName() + (imported ? ".imported" : ".superseded"));
        try {
            Files.move(file, renamed, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + file + " after importing it into the shared store; remove it, "
                    + "so that it is not imported again", e);
        }
        if (imported) {
            LOG.info("Mailbox '{}': refresh token (obtained {}) imported from {} into the shared store; the file is renamed {}",
                    mailboxId, token.obtainedAt(), file, renamed.getFileName());
        } else {
            LOG.info("Mailbox '{}': the shared store has a newer refresh token than {} (obtained {}), which was not imported "
                    + "and is renamed {}", mailboxId, file, token.obtainedAt(), renamed.getFileName());
        }
    }
}
