package io.mailbridge.oauth;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/** AES-256-GCM for tokens at rest; the mailbox id is bound in as associated data so files cannot be swapped. */
public final class TokenCipher {

    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private TokenCipher(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the token key must be 32 bytes (base64 of 32 random bytes); got " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A key given as base64 text, from the environment or a key file. */
    public static TokenCipher fromBase64(String base64, String source) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not base64; generate a key with: openssl rand -base64 32");
        }
        try {
            return new TokenCipher(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage() + "; generate one with: openssl rand -base64 32");
        }
    }

    public static TokenCipher fromFile(Path file) {
        try {
            return fromBase64(Files.readString(file), "token key file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token key file " + file, e);
        }
    }

    /** Reads the key file, creating it with a fresh random key (mode 0600) if it does not exist yet. */
    public static TokenCipher fromFileCreatingIfMissing(Path file) {
        if (!Files.exists(file)) {
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            Path dir = file.toAbsolutePath().getParent();
            try {
                Files.createDirectories(dir);
                // written whole under another name first, so no reader ever sees an empty or partial key
                Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temp, Base64.getEncoder().encodeToString(raw) + "\n");
                try {
                    // a hard link, unlike a rename, refuses to replace a key another process created meanwhile
                    Files.createLink(file, temp);
                } catch (FileAlreadyExistsException e) {
                    // theirs wins
                } finally {
                    Files.deleteIfExists(temp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create token key file " + file, e);
            }
        }
        return fromFile(file);
    }

    public byte[] encrypt(String plain, String boundTo) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt token", e);
        }
    }

    /** @throws GeneralSecurityException when the key is not the one the data was written with, or the data was altered */
    public String decrypt(byte[] data, String boundTo) throws GeneralSecurityException {
        if (data.length <= NONCE_BYTES) {
            throw new GeneralSecurityException("token data too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, data, 0, NONCE_BYTES));
        cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), StandardCharsets.UTF_8);
    }
}
