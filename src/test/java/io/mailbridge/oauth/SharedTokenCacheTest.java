package io.mailbridge.oauth;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.mailbox.OAuthClient;
import io.mailbridge.mailbox.Secret;
import io.mailbridge.sandbox.SandboxAuthority;
import io.mailbridge.store.Database;
import io.mailbridge.support.BrowserlessSignIn;
import io.mailbridge.support.CountingProxy;
import io.mailbridge.support.DelayingProxy;
import io.mailbridge.support.LogCapture;
import io.mailbridge.support.TestAuthority;
import io.mailbridge.support.TestDatabases;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several instances sharing one store (the embedded H2 file, PostgreSQL) act as one token cache: each instance here
 * has its own connection pool, token store and token service, as separate processes would.
 */
class SharedTokenCacheTest {

    @TempDir
    Path dir;

    private TestAuthority authority;
    private TokenCipher cipher;
    private String url;
    private String user;
    private TestDatabases.PostgresDatabase pg;
    private Runnable drop = () -> { };
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() {
        authority = new TestAuthority();
        cipher = randomCipher();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        authority.close();
        drop.run();
    }

    private void useStore(String kind) throws Exception {
        if (kind.equals("h2")) {
            url = Database.embeddedUrl(dir.resolve("store"));
        } else {
            pg = TestDatabases.newPostgresDatabase();
            url = pg.url(5432);
            user = "postgres";
            drop = pg.drop();
        }
    }

    /** One instance's own connection pool on the shared store. */
    private Database database() {
        Database database = Database.open(url, user, null);
        closing.add(database);
        return database;
    }

    private DatabaseTokenStore tokenStore() {
        return new DatabaseTokenStore(database().dataSource(), cipher, Clock.systemUTC());
    }

    private TokenService instance(MailboxRegistry registry) {
        return instance(registry, tokenStore());
    }

    private TokenService instance(MailboxRegistry registry, TokenStore store) {
        TokenService service = new TokenService(registry, store, new MsalAuthorityClient(authority.trustForClient()),
                Clock.systemUTC(), Duration.ofMinutes(5));
        closing.add(service);
        return service;
    }

    private static TokenCipher randomCipher() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return TokenCipher.fromBase64(Base64.getEncoder().encodeToString(key), "test key");
    }

    private Mailbox appMailbox() {
        return TestAuthority.mailbox("app", "app@example.test", Grant.CLIENT_CREDENTIALS, authority.client(), null, null);
    }

    private Mailbox delegated(String id) {
        return TestAuthority.mailbox(id, id + "@example.test", Grant.AUTHORIZATION_CODE, authority.client(), null, null);
    }

    /** The next token the authority issues lives that long; a user's names that user, as a sign-in's must. */
    private void nextTokenLives(long seconds, String user) {
        authority.authority().server().enqueueCallback(new DefaultOAuth2TokenCallback(SandboxAuthority.ISSUER_ID,
                user == null ? TestAuthority.CLIENT_ID : user, "JWT", List.of("api://test"),
                user == null ? Map.of() : Map.of("preferred_username", user), seconds));
    }

    private void signIn(TokenService tokens, String mailboxId) throws Exception {
        BrowserlessSignIn.signIn(authority, tokens, mailboxId);
    }

    /** Every instance asks for the mailbox's token from ten threads at the same moment. */
    private static Set<String> atTheSameMoment(String mailboxId, TokenService... instances) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10 * instances.length);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (TokenService instance : instances) {
                for (int i = 0; i < 10; i++) {
                    results.add(pool.submit((Callable<String>) () -> {
                        go.await();
                        return instance.accessToken(mailboxId);
                    }));
                }
            }
            go.countDown();
            Set<String> seen = new HashSet<>();
            for (Future<String> f : results) {
                seen.add(f.get());
            }
            return seen;
        } finally {
            pool.shutdown();
        }
    }

    private void awaitExpiry(TokenService tokens, String mailboxId) {
        Instant expires = tokens.status(mailboxId).tokenExpiresAt();
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expires));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void instancesRenewingAtTheSameMomentMakeOneClientCredentialsRequest(String kind) throws Exception {
        useStore(kind);
        MailboxRegistry registry = TestAuthority.registry(appMailbox());
        TokenService a = instance(registry);
        TokenService b = instance(registry);
        nextTokenLives(3, null);
        String shortLived = a.accessToken("app");
        assertThat(b.accessToken("app")).isEqualTo(shortLived);
        assertThat(authority.tokenRequests("client_credentials")).isEqualTo(1);
        awaitExpiry(a, "app");

        Set<String> seen = atTheSameMoment("app", a, b);

        assertThat(authority.tokenRequests("client_credentials")).isEqualTo(2);
        assertThat(seen).hasSize(1).doesNotContain(shortLived);
        assertThat(tokenStore().read("app").accessToken()).isEqualTo(seen.iterator().next());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void instancesRenewingAtTheSameMomentMakeOneRefreshAndKeepTheNewestRefreshToken(String kind) throws Exception {
        useStore(kind);
        MailboxRegistry registry = TestAuthority.registry(delegated("sales"));
        TokenService a = instance(registry);
        TokenService b = instance(registry);
        nextTokenLives(3, "sales@example.test");
        signIn(a, "sales");
        DatabaseTokenStore look = tokenStore();
        String signedIn = look.load("sales").orElseThrow().refreshToken();
        String shortLived = a.accessToken("sales");
        assertThat(b.accessToken("sales")).isEqualTo(shortLived);
        awaitExpiry(a, "sales");

        Set<String> seen = atTheSameMoment("sales", a, b);

        assertThat(authority.tokenRequests("refresh_token")).isEqualTo(1);
        assertThat(seen).hasSize(1).doesNotContain(shortLived);
        CachedTokens stored = look.read("sales");
        assertThat(stored.accessToken()).isEqualTo(seen.iterator().next());
        String rotated = stored.refresh().refreshToken();
        assertThat(rotated).isNotEqualTo(signedIn);
        // the old refresh token is never written back: not by the instance that waited, nor later
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> look.load("sales").orElseThrow().refreshToken().equals(rotated));
        assertThat(look.read("sales").version()).isEqualTo(stored.version());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void leaseLeftByAKilledInstanceExpiresAndAnotherRenews(String kind) throws Exception {
        useStore(kind);
        Database killedPool = Database.open(url, user, null);
        DatabaseTokenStore killed = new DatabaseTokenStore(killedPool.dataSource(), cipher, Clock.systemUTC(),
                Duration.ofSeconds(3));
        Instant leasedAt = Instant.now();
        assertThat(killed.lease("app")).isTrue();
        // the instance dies holding the lease: no release, no renewal, its connections gone
        killedPool.close();
        Instant leaseEnds = leasedAt.plusSeconds(3);

        TokenService survivor = instance(TestAuthority.registry(appMailbox()));
        String token = survivor.accessToken("app");

        assertThat(token).isNotBlank();
        assertThat(survivor.status("app").lastRefreshAt()).isAfterOrEqualTo(leaseEnds.minusMillis(1));
        assertThat(authority.tokenRequests()).isEqualTo(1);
        assertThat(tokenStore().read("app").accessToken()).isEqualTo(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void renewalThatOutlivedItsLeaseCannotPutAnOlderRefreshTokenBack(String kind) throws Exception {
        useStore(kind);
        Database slowPool = database();
        DatabaseTokenStore slow = new DatabaseTokenStore(slowPool.dataSource(), cipher, Clock.systemUTC(), Duration.ofSeconds(1));
        DatabaseTokenStore other = tokenStore();
        other.save("sales", new StoredToken("first", Instant.now()));
        assertThat(slow.lease("sales")).isTrue();
        CachedTokens seenBySlow = slow.read("sales");
        // the slow instance's lease runs out while it still waits for the authority: another takes over and renews
        await().atMost(Duration.ofSeconds(5)).until(() -> other.lease("sales"));
        CachedTokens seenByOther = other.read("sales");
        StoredToken newest = new StoredToken("second", Instant.now().truncatedTo(ChronoUnit.MICROS));
        assertThat(other.replace("sales", seenByOther, CachedTokens.of(newest))).isTrue();

        boolean stored = slow.replace("sales", seenBySlow, CachedTokens.of(new StoredToken("stale", Instant.now())));

        assertThat(stored).isFalse();
        assertThat(other.load("sales")).contains(newest);
        assertThat(other.read("sales").version()).isEqualTo(seenByOther.version() + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void leaseIsKeptWhileASlowAuthorityAnswers(String kind) throws Exception {
        useStore(kind);
        // every packet to and from the authority takes 800 ms: a token request takes seconds, the lease lasts one
        DelayingProxy slowNetwork = new DelayingProxy(authority.authority().port(), 800);
        closing.add(slowNetwork);
        OAuthClient client = new OAuthClient("test", SandboxAuthority.TENANT, TestAuthority.CLIENT_ID,
                Secret.of(TestAuthority.SECRET), null, null, "https://localhost:" + slowNetwork.port() + "/", null, null,
                List.of(), List.of("api://test/.default"), null);
        MailboxRegistry registry = TestAuthority.registry(TestAuthority.mailbox("app", "app@example.test",
                Grant.CLIENT_CREDENTIALS, client, null, null));
        TokenService a = instance(registry, new DatabaseTokenStore(database().dataSource(), cipher, Clock.systemUTC(),
                Duration.ofSeconds(1)));
        TokenService b = instance(registry, new DatabaseTokenStore(database().dataSource(), cipher, Clock.systemUTC(),
                Duration.ofSeconds(1)));
        long started = System.nanoTime();

        Set<String> seen = atTheSameMoment("app", a, b);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(2));
        assertThat(seen).hasSize(1);
        assertThat(authority.tokenRequests("client_credentials")).isEqualTo(1);
    }

    @Test
    void instanceRenewsAloneWhileTheStoreIsAway() throws Exception {
        useStore("postgresql");
        CountingProxy network = new CountingProxy(5432);
        closing.add(network);
        Database throughNetwork = Database.open(pg.url(network.port()), user, null);
        closing.add(throughNetwork);
        TokenService tokens = instance(TestAuthority.registry(appMailbox()),
                new DatabaseTokenStore(throughNetwork.dataSource(), cipher, Clock.systemUTC()));
        network.cut();

        try (LogCapture log = new LogCapture()) {
            // a client-credentials token puts nothing at stake that only the store could keep
            assertThat(tokens.accessToken("app")).isNotBlank();

            assertThat(log.text()).contains("Mailbox 'app': renewing its token without the other instances: the store is "
                    + "unreachable").contains("Mailbox 'app': its new access token is used by this instance only");
        }
        assertThat(tokens.status("app").status()).isEqualTo(TokenStatus.VALID);
        assertThat(authority.tokenRequests("client_credentials")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void instanceBackingOffAfterAFailureTakesTheTokenAnotherRenewed(String kind) throws Exception {
        useStore(kind);
        MailboxRegistry registry = TestAuthority.registry(appMailbox());
        TokenService a = instance(registry);
        TokenService b = instance(registry);
        authority.failNextTokenRequest(400, "temporarily_unavailable", "AADSTS90033: A transient error has occurred.");
        assertThat(catchFailure(() -> b.accessToken("app"))).contains("authority-error");
        Instant failedAt = Instant.now();
        b.start(Duration.ofMillis(200));

        String renewed = a.accessToken("app");

        // well before its five seconds of backoff are over, and without asking the authority itself
        await().atMost(Duration.ofSeconds(3)).until(() -> b.status("app").status() == TokenStatus.VALID);
        assertThat(Instant.now()).isBefore(failedAt.plusSeconds(5));
        assertThat(b.accessToken("app")).isEqualTo(renewed);
        assertThat(b.status("app").lastError()).isNull();
        assertThat(authority.tokenRequests("client_credentials")).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void signInOnOneInstanceIsUsedByAnotherWithoutAskingTheAuthority(String kind) throws Exception {
        useStore(kind);
        MailboxRegistry registry = TestAuthority.registry(delegated("sales"));
        TokenService a = instance(registry);
        TokenService b = instance(registry);
        b.start(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(10)).until(() -> b.status("sales").status() == TokenStatus.NEEDS_SIGN_IN);

        signIn(a, "sales");

        await().atMost(Duration.ofSeconds(10)).until(() -> b.status("sales").status() == TokenStatus.VALID);
        assertThat(b.accessToken("sales")).isEqualTo(a.accessToken("sales"));
        assertThat(authority.tokenRequests("authorization_code")).isEqualTo(1);
        assertThat(authority.tokenRequests()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void tokenFilesAreImportedOnFirstStartWithASharedStoreAndNeverAgain(String kind) throws Exception {
        useStore(kind);
        Path dataDir = dir.resolve("data");
        MailboxRegistry registry = TestAuthority.registry(delegated("sales"), delegated("buying"));
        TokenService single = instance(registry, new EncryptedFileTokenStore(dataDir.resolve("tokens"), cipher));
        signIn(single, "sales");
        signIn(single, "buying");
        single.close();
        StoredToken salesFile = new EncryptedFileTokenStore(dataDir.resolve("tokens"), cipher).load("sales").orElseThrow();
        // the store already has a newer token for buying (signed in on another instance since)
        DatabaseTokenStore look = tokenStore();
        StoredToken buyingInStore = new StoredToken("newer-refresh-token", Instant.now());
        look.save("buying", buyingInStore);

        TokenStore shared;
        try (LogCapture log = new LogCapture()) {
            shared = TokenStores.open(database(), dataDir, cipher);
            assertThat(log.lines()).filteredOn(line -> line.contains("imported from")).singleElement().asString()
                    .contains("Mailbox 'sales'").contains("shared store").doesNotContain(salesFile.refreshToken());
            assertThat(log.lines()).filteredOn(line -> line.contains("Mailbox 'buying'")).singleElement().asString()
                    .contains("was not imported");
        }
        assertThat(look.load("sales")).contains(micros(salesFile));
        assertThat(look.load("buying")).contains(micros(buyingInStore));
        try (Stream<Path> files = Files.list(dataDir.resolve("tokens"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("sales.token.imported", "buying.token.superseded");
        }

        // the imported refresh token works, and the rotated one is not overwritten by a second start
        TokenService instance = instance(registry, shared);
        assertThat(instance.accessToken("sales")).isNotBlank();
        StoredToken rotated = look.load("sales").orElseThrow();
        assertThat(rotated.refreshToken()).isNotEqualTo(salesFile.refreshToken());
        try (LogCapture log = new LogCapture()) {
            TokenStores.open(database(), dataDir, cipher);
            assertThat(log.text()).doesNotContain("imported").doesNotContain("Mailbox 'sales'");
        }
        assertThat(look.load("sales")).contains(rotated);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void storedTokensAreEncryptedAndBoundToTheirMailbox(String kind) throws Exception {
        useStore(kind);
        MailboxRegistry registry = TestAuthority.registry(delegated("sales"));
        TokenService a = instance(registry);
        signIn(a, "sales");
        String accessToken = a.accessToken("sales");
        String refreshToken = tokenStore().load("sales").orElseThrow().refreshToken();

        StringBuilder raw = new StringBuilder();
        try (Connection c = database().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM token_cache")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    raw.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value))
                            .append('|');
                }
            }
        }
        assertThat(raw.toString()).contains("sales").doesNotContain(refreshToken).doesNotContain(accessToken)
                .doesNotContain(accessToken.substring(0, accessToken.indexOf('.')));

        // a row moved to another mailbox does not decrypt
        try (Connection c = database().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE token_cache SET mailbox_id = 'buying' WHERE mailbox_id = 'sales'");
        }
        TokenService b = instance(TestAuthority.registry(delegated("buying")));
        assertThat(catchFailure(() -> b.accessToken("buying"))).contains("token-store-unreadable")
                .contains("cannot be decrypted").doesNotContain(refreshToken);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void instanceWithAnotherKeyIsToldThatEveryInstanceNeedsTheSameKey(String kind) throws Exception {
        useStore(kind);
        MailboxRegistry registry = TestAuthority.registry(delegated("sales"));
        signIn(instance(registry), "sales");
        TokenService otherKey = instance(registry, new DatabaseTokenStore(database().dataSource(), randomCipher(),
                Clock.systemUTC()));

        assertThat(catchFailure(() -> otherKey.accessToken("sales"))).contains("token-store-unreadable")
                .contains("Every instance sharing the store needs the same mailbridge.token-key");
        assertThat(otherKey.status("sales").status()).isEqualTo(TokenStatus.NEEDS_SIGN_IN);
        assertThat(authority.tokenRequests("refresh_token")).isZero();
    }

    /** As the store keeps it: to the microsecond. */
    private static StoredToken micros(StoredToken token) {
        return new StoredToken(token.refreshToken(), token.obtainedAt().truncatedTo(ChronoUnit.MICROS));
    }

    private static String catchFailure(Runnable call) {
        try {
            call.run();
        } catch (TokenUnavailableException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the token to be unavailable");
    }
}
