package io.mailbridge.diagnosis;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.mailbox.OAuthClient;
import io.mailbridge.mailbox.Secret;
import io.mailbridge.mailbox.ServerAddress;
import io.mailbridge.oauth.EncryptedFileTokenStore;
import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.oauth.StoredToken;
import io.mailbridge.oauth.TokenCipher;
import io.mailbridge.oauth.TokenService;
import io.mailbridge.store.StoreException;
import io.mailbridge.support.LogCapture;
import io.mailbridge.support.TestAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Warnings ahead of failure: credentials about to expire, a refresh token left unused, a daily budget nearly spent. */
class MailboxWarningsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @TempDir
    Path dir;

    private final List<TokenService> services = new ArrayList<>();
    private int sentToday;
    private boolean storeDown;

    @AfterEach
    void stop() {
        services.forEach(TokenService::close);
    }

    private MailboxWarnings warnings(Mailbox mailbox, EncryptedFileTokenStore store) {
        MailboxRegistry registry = TestAuthority.registry(mailbox);
        TokenService tokens = new TokenService(registry, store, new MsalAuthorityClient(Map.of()), Clock.systemUTC(), Duration.ofMinutes(5));
        services.add(tokens);
        return new MailboxWarnings(registry, tokens, id -> {
            if (storeDown) {
                throw new StoreException("the recipient counts could not be read: Connection refused", null);
            }
            return sentToday;
        }, id -> 10_000, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private EncryptedFileTokenStore store() {
        return new EncryptedFileTokenStore(dir.resolve("tokens"), TokenCipher.fromFileCreatingIfMissing(dir.resolve("key")));
    }

    private static OAuthClient client(LocalDate secretExpires, Path certificate, String certificatePassword) {
        return new OAuthClient("contoso", "contoso.onmicrosoft.com", "11111111-2222-3333-4444-555555555555",
                certificate == null ? Secret.of("a-secret-value") : null, certificate, Secret.of(certificatePassword),
                OAuthClient.MICROSOFT_AUTHORITY, null, null, OAuthClient.MICROSOFT_DELEGATED_SCOPES, OAuthClient.MICROSOFT_APP_SCOPES,
                secretExpires);
    }

    private static Mailbox mailbox(OAuthClient client, Grant grant) {
        return TestAuthority.mailbox("ap", "ap@contoso.com", grant, client,
                ServerAddress.parse("imaps://outlook.office365.com", Set.of("imaps")),
                ServerAddress.parse("smtp://smtp.office365.com:587", Set.of("smtp")));
    }

    private static List<String> causes(List<MailboxWarnings.Warning> warnings) {
        return warnings.stream().map(MailboxWarnings.Warning::cause).toList();
    }

    @Test
    void aClientSecretWarnsThirtyDaysBeforeItExpiresAndOnceExpired() {
        EncryptedFileTokenStore store = store();
        assertThat(warnings(mailbox(client(LocalDate.parse("2027-01-05"), null, null), Grant.CLIENT_CREDENTIALS), store).of("ap"))
                .isEmpty();
        List<MailboxWarnings.Warning> soon = warnings(mailbox(client(LocalDate.parse("2026-12-12"), null, null),
                Grant.CLIENT_CREDENTIALS), store).of("ap");
        assertThat(causes(soon)).containsExactly("client-secret-expiring");
        assertThat(soon.get(0).message()).contains("2026-12-12");
        assertThat(soon.get(0).fix()).contains("Certificates & secrets", "secret-expires");
        assertThat(causes(warnings(mailbox(client(LocalDate.parse("2026-11-01"), null, null), Grant.CLIENT_CREDENTIALS), store)
                .of("ap"))).containsExactly("client-secret-expired");
    }

    @Test
    void aCertificateWarnsFromTheExpiryWrittenInIt() throws Exception {
        Path p12 = dir.resolve("app.p12");
        // valid for 10 more days from the real today; the warning clock is fixed close to it
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "app", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=mailbridge-test", "-validity", "10",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).isZero();
        MailboxRegistry registry = TestAuthority.registry(mailbox(client(null, p12, "changeit"), Grant.CLIENT_CREDENTIALS));
        TokenService tokens = new TokenService(registry, store(), new MsalAuthorityClient(Map.of()), Clock.systemUTC(), Duration.ofMinutes(5));
        services.add(tokens);
        List<MailboxWarnings.Warning> warnings = new MailboxWarnings(registry, tokens, id -> 0, id -> 10_000, Clock.systemUTC()).of("ap");
        assertThat(causes(warnings)).containsExactly("client-certificate-expiring");
        assertThat(warnings.get(0).due()).isBetween(Instant.now().plus(Duration.ofDays(9)), Instant.now().plus(Duration.ofDays(11)));
    }

    @Test
    void aRefreshTokenUnusedForSixtyDaysWarnsBeforeMicrosoftsNinetyDayCutOff() {
        EncryptedFileTokenStore store = store();
        store.save("ap", new StoredToken("refresh-token-value", NOW.minus(Duration.ofDays(59))));
        assertThat(warnings(mailbox(client(null, null, null), Grant.AUTHORIZATION_CODE), store).of("ap")).isEmpty();

        store.save("ap", new StoredToken("refresh-token-value", NOW.minus(Duration.ofDays(61))));
        List<MailboxWarnings.Warning> idle = warnings(mailbox(client(null, null, null), Grant.AUTHORIZATION_CODE), store).of("ap");
        assertThat(causes(idle)).containsExactly("refresh-token-idle");
        assertThat(idle.get(0).due()).isEqualTo(NOW.minus(Duration.ofDays(61)).plus(Duration.ofDays(90)));
        assertThat(idle.get(0).toString()).doesNotContain("refresh-token-value");
    }

    @Test
    void aMailboxOverEightyPercentOfItsDailyRecipientsWarns() {
        EncryptedFileTokenStore store = store();
        MailboxWarnings warnings = warnings(mailbox(client(null, null, null), Grant.CLIENT_CREDENTIALS), store);
        sentToday = 8_000;
        assertThat(warnings.of("ap")).isEmpty();
        sentToday = 8_001;
        List<MailboxWarnings.Warning> budget = warnings.of("ap");
        assertThat(causes(budget)).containsExactly("recipient-budget-nearly-spent");
        assertThat(budget.get(0).message()).contains("8001 of 10000");
        assertThat(budget.get(0).due()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    }

    @Test
    void aCheckThatCannotReadTheStoreIsSkippedAndTheNextOneRunsWithoutRepeatingWhatWasLogged() {
        MailboxWarnings warnings = warnings(mailbox(client(null, null, null), Grant.CLIENT_CREDENTIALS), store());
        sentToday = 9_000;
        try (LogCapture log = new LogCapture()) {
            warnings.logNew();
            storeDown = true;
            warnings.logNew();
            storeDown = false;
            warnings.logNew();
            assertThat(log.lines().stream().filter(l -> l.contains("recipient-budget-nearly-spent"))).hasSize(1);
            assertThat(log.lines().stream().filter(l -> l.contains("Mailbox 'ap': its warnings could not be checked (the "
                    + "recipient counts could not be read: Connection refused)"))).hasSize(1);
            sentToday = 1_000;
            warnings.logNew();
            sentToday = 9_000;
            warnings.logNew();
            assertThat(log.lines().stream().filter(l -> l.contains("recipient-budget-nearly-spent"))).hasSize(2);
        }
    }

    @Test
    void whileTheStoreIsOutOfReachTheWarningsSayItInsteadOfFailing() {
        MailboxWarnings warnings = warnings(mailbox(client(null, null, null), Grant.CLIENT_CREDENTIALS), store());
        sentToday = 9_000;
        assertThat(warnings.of("ap")).extracting(MailboxWarnings.Warning::cause).containsExactly("recipient-budget-nearly-spent");
        storeDown = true;
        assertThat(warnings.of("ap")).singleElement().satisfies(w -> {
            assertThat(w.cause()).isEqualTo("store-unreachable");
            assertThat(w.message()).contains("the store is unreachable (the recipient counts could not be read");
            assertThat(w.fix()).contains("mailbridge.store.url");
        });
    }
}
