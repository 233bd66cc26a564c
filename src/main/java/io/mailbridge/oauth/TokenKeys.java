package io.mailbridge.oauth;

import io.mailbridge.config.GeneralProperties;
import io.mailbridge.mailbox.ConfigurationException;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The key that encrypts refresh tokens at rest, from the settings. */
public final class TokenKeys {

    public static final String TOKEN_KEY_ENV = "MAILBRIDGE_TOKEN_KEY";

    private TokenKeys() {
    }

    /**
     * The configured key ({@code mailbridge.token-key}, or the file {@code mailbridge.token-key-file} names). Only the
     * sandbox may make one up: anywhere else a missing key is an error, never a silent fallback to plain text.
     */
    public static TokenCipher cipher(GeneralProperties settings, MailboxRegistry registry, Path dataDir, boolean sandbox) {
        Optional<String> key = Optional.ofNullable(settings.getTokenKey());
        Optional<String> keyFile = Optional.ofNullable(settings.getTokenKeyFile());
        try {
            if (key.isPresent()) {
                return TokenCipher.fromBase64(key.get(), "mailbridge.token-key (" + TOKEN_KEY_ENV + ")");
            }
            if (keyFile.isPresent()) {
                return TokenCipher.fromFile(Path.of(keyFile.get()));
            }
        } catch (RuntimeException e) {
            throw new ConfigurationException(e.getMessage());
        }
        List<String> delegated = registry.mailboxes().stream().filter(m -> m.grant().isDelegated())
                .filter(m -> !m.id().startsWith("sandbox-") || !sandbox).map(Mailbox::id).toList();
        if (sandbox && delegated.isEmpty()) {
            return TokenCipher.fromFileCreatingIfMissing(dataDir.resolve("sandbox-token.key"));
        }
        if (delegated.isEmpty()) {
            // nothing to keep: client-credentials and password mailboxes store no tokens
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            return TokenCipher.fromBase64(Base64.getEncoder().encodeToString(raw), "ephemeral key");
        }
        throw new ConfigurationException("mailbridge.token-key is missing: delegated mailboxes " + delegated
                + " keep refresh tokens, which are stored encrypted. Set the environment variable " + TOKEN_KEY_ENV
                + " to a key made with 'openssl rand -base64 32', or point mailbridge.token-key-file at a file holding one");
    }
}
