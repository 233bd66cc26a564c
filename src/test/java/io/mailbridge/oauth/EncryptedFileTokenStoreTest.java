package io.mailbridge.oauth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EncryptedFileTokenStoreTest {

    private static final String REFRESH_TOKEN = "1.AQ4A7kM3xYz-refresh-token-value-0123456789abcdefABCDEF";
    private static final Instant OBTAINED = Instant.parse("2025-03-14T09:26:53.589793Z");

    @TempDir
    Path dir;

    private static TokenCipher randomCipher() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return TokenCipher.fromBase64(Base64.getEncoder().encodeToString(key), "test key");
    }

    private EncryptedFileTokenStore store(TokenCipher cipher) {
        return new EncryptedFileTokenStore(dir.resolve("tokens"), cipher);
    }

    @Test
    void savedTokenLoadsBack() {
        EncryptedFileTokenStore store = store(randomCipher());

        store.save("ap", new StoredToken(REFRESH_TOKEN, OBTAINED));

        assertThat(store.load("ap")).contains(new StoredToken(REFRESH_TOKEN, OBTAINED));
    }

    @Test
    void tokenWithNewlinesLoadsBackUnchanged() {
        EncryptedFileTokenStore store = store(randomCipher());
        StoredToken token = new StoredToken("line1\nline2\n", OBTAINED);

        store.save("ap", token);

        assertThat(store.load("ap")).contains(token);
    }

    @Test
    void fileDoesNotContainTheRefreshTokenInPlainText() throws IOException {
        store(randomCipher()).save("ap", new StoredToken(REFRESH_TOKEN, OBTAINED));

        byte[] bytes = Files.readAllBytes(dir.resolve("tokens/ap.token"));

        assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                .doesNotContain(REFRESH_TOKEN)
                .doesNotContain("refresh-token-value")
                .doesNotContain(OBTAINED.toString());
    }

    @Test
    void fileIsReadableAndWritableByTheOwnerOnly() throws IOException {
        store(randomCipher()).save("ap", new StoredToken(REFRESH_TOKEN, OBTAINED));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tokens/ap.token"))))
                .isEqualTo("rw-------");
    }

    @Test
    void noTemporaryFileIsLeftBehind() throws IOException {
        EncryptedFileTokenStore store = store(randomCipher());

        store.save("ap", new StoredToken(REFRESH_TOKEN, OBTAINED));
        store.save("ap", new StoredToken("second", OBTAINED.plusSeconds(60)));

        try (Stream<Path> files = Files.list(dir.resolve("tokens"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("ap.token");
        }
    }

    @Test
    void savingAgainReplacesTheToken() {
        EncryptedFileTokenStore store = store(randomCipher());
        StoredToken newer = new StoredToken("rotated-refresh-token", OBTAINED.plusSeconds(3600));

        store.save("ap", new StoredToken(REFRESH_TOKEN, OBTAINED));
        store.save("ap", newer);

        assertThat(store.load("ap")).contains(newer);
    }

    @Test
    void tokensOfDifferentMailboxesAreKeptApart() {
        EncryptedFileTokenStore store = store(randomCipher());
        StoredToken sales = new StoredToken("sales-token", OBTAINED.plusSeconds(5));

        store.save("ap", new StoredToken(REFRESH_TOKEN, OBTAINED));
        store.save("sales", sales);

        assertThat(store.load("ap")).contains(new StoredToken(REFRESH_TOKEN, OBTAINED));
        assertThat(store.load("sales")).contains(sales);
    }

    @Test
    void loadingWithAnotherKeySaysToRestoreTheKeyOrSignInAgain() {
        store(randomCipher()).save("ap", new StoredToken(REFRESH_TOKEN, OBTAINED));
        EncryptedFileTokenStore otherKey = store(randomCipher());

        TokenStoreException e = catchThrowableOfType(TokenStoreException.class, () -> otherKey.load("ap"));

        assertThat(e).isNotNull();
        assertThat(e.getMessage())
                .contains("mailbox 'ap'")
                .contains("the token key is not the one it was written with")
                .contains("sign the mailbox in again")
                .doesNotContain(REFRESH_TOKEN);
        assertThat(e.getCause()).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void fileCopiedToAnotherMailboxDoesNotDecrypt() throws IOException {
        EncryptedFileTokenStore store = store(randomCipher());
        store.save("ap", new StoredToken(REFRESH_TOKEN, OBTAINED));
        Files.copy(dir.resolve("tokens/ap.token"), dir.resolve("tokens/sales.token"));

        assertThatThrownBy(() -> store.load("sales"))
                .isInstanceOf(TokenStoreException.class)
                .hasMessageContaining("mailbox 'sales'")
                .hasMessageNotContaining(REFRESH_TOKEN);
        assertThat(store.load("ap")).contains(new StoredToken(REFRESH_TOKEN, OBTAINED));
    }

    @Test
    void damagedFileIsReportedAsUnreadable() throws IOException {
        EncryptedFileTokenStore store = store(randomCipher());
        store.save("ap", new StoredToken(REFRESH_TOKEN, OBTAINED));
        Path file = dir.resolve("tokens/ap.token");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> store.load("ap"))
                .isInstanceOf(TokenStoreException.class)
                .hasMessageContaining("the file is damaged");
    }

    @Test
    void absentMailboxLoadsEmpty() {
        assertThat(store(randomCipher()).load("never-signed-in")).isEmpty();
    }

    @Test
    void deleteRemovesTheToken() {
        EncryptedFileTokenStore store = store(randomCipher());
        store.save("ap", new StoredToken(REFRESH_TOKEN, OBTAINED));

        store.delete("ap");

        assertThat(store.load("ap")).isEmpty();
        assertThat(dir.resolve("tokens/ap.token")).doesNotExist();
    }

    @Test
    void deletingAnAbsentTokenIsHarmless() {
        EncryptedFileTokenStore store = store(randomCipher());

        store.delete("ap");

        assertThat(store.load("ap")).isEmpty();
    }

    @Test
    void keyOfTheWrongLengthNamesTheCommandToGenerateOne() {
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> TokenCipher.fromBase64(sixteenBytes, "MAILBRIDGE_TOKEN_KEY"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAILBRIDGE_TOKEN_KEY")
                .hasMessageContaining("32 bytes")
                .hasMessageContaining("got 16")
                .hasMessageContaining("openssl rand -base64 32");
    }

    @Test
    void keyThatIsNotBase64NamesTheCommandToGenerateOne() {
        assertThatThrownBy(() -> TokenCipher.fromBase64("this is not base64!", "MAILBRIDGE_TOKEN_KEY"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAILBRIDGE_TOKEN_KEY is not base64")
                .hasMessageContaining("openssl rand -base64 32")
                .hasMessageNotContaining("this is not base64!");
    }

    @Test
    void keyFileIsCreatedOwnerOnlyAndReusedOnTheNextCall() throws Exception {
        Path keyFile = dir.resolve("secrets/token.key");

        TokenCipher first = TokenCipher.fromFileCreatingIfMissing(keyFile);
        String written = Files.readString(keyFile);
        TokenCipher second = TokenCipher.fromFileCreatingIfMissing(keyFile);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(written.trim())).hasSize(32);
        assertThat(Files.readString(keyFile)).isEqualTo(written);
        assertThat(second.decrypt(first.encrypt(REFRESH_TOKEN, "ap"), "ap")).isEqualTo(REFRESH_TOKEN);
    }

    @Test
    void keyFileThatAlreadyExistsIsUsedAsIs() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path keyFile = dir.resolve("token.key");
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(key) + "\n");
        TokenCipher fromEnvironment = TokenCipher.fromBase64(Base64.getEncoder().encodeToString(key), "env");

        TokenCipher fromFile = TokenCipher.fromFileCreatingIfMissing(keyFile);

        assertThat(fromFile.decrypt(fromEnvironment.encrypt("x", "ap"), "ap")).isEqualTo("x");
    }

    @Test
    void encryptingTheSameTextTwiceGivesDifferentBytes() {
        TokenCipher cipher = randomCipher();

        assertThat(cipher.encrypt(REFRESH_TOKEN, "ap")).isNotEqualTo(cipher.encrypt(REFRESH_TOKEN, "ap"));
    }
}
