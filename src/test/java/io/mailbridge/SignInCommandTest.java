package io.mailbridge;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.oauth.DatabaseTokenStore;
import io.mailbridge.oauth.EncryptedFileTokenStore;
import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.oauth.TokenCipher;
import io.mailbridge.oauth.TokenService;
import io.mailbridge.oauth.TokenStatus;
import io.mailbridge.oauth.TokenStore;
import io.mailbridge.store.Database;
import io.mailbridge.support.TestAuthority;
import io.mailbridge.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code java -jar mailbridge.jar sign-in <mailbox>}: the device-code sign-in of a headless server. */
class SignInCommandTest {

    private static final String KEY = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";

    @TempDir
    Path home;

    private TestAuthority authority;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        authority = new TestAuthority();
        Path pem = authority.writeCertificatePem(home.resolve("authority.pem"));
        config = home.resolve("application.properties");
        Files.writeString(config, """
                mailbridge.data-dir = %s
                mailbridge.token-key = %s
                mailbridge.clients.local.tenant-id = sandbox
                mailbridge.clients.local.client-id = %s
                mailbridge.clients.local.authority = %s
                mailbridge.clients.local.authority-certificate = %s
                mailbridge.clients.local.delegated-scopes = api://test/mail offline_access
                mailbridge.mailboxes.ops.address = ops@example.test
                mailbridge.mailboxes.ops.client = local
                mailbridge.mailboxes.ops.grant = device-code
                mailbridge.mailboxes.web.address = web@example.test
                mailbridge.mailboxes.web.client = local
                mailbridge.mailboxes.web.grant = device-code
                """.formatted(home.resolve("data"), KEY, TestAuthority.CLIENT_ID, authority.authority().authorityUrl(), pem));
    }

    @AfterEach
    void tearDown() {
        authority.close();
    }

    @Test
    void printsCodeAndUrlWaitsForTheUserAndStoresTheRefreshTokenEncrypted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = signInAs("ops@example.test", out, err);

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Mailbox 'ops' is signed in");
        var store = new EncryptedFileTokenStore(home.resolve("data/tokens"), TokenCipher.fromBase64(KEY, "test key"));
        String refreshToken = store.load("ops").orElseThrow().refreshToken();
        assertThat(Files.readString(home.resolve("data/tokens/ops.token"), StandardCharsets.ISO_8859_1)).doesNotContain(refreshToken);
        assertThat(out.toString(StandardCharsets.UTF_8) + err).doesNotContain(refreshToken);
        assertThat(store.load("web")).isEmpty();
    }

    @Test
    void runningInstanceTakesUpTheSignInFromTheTokenFiles() throws Exception {
        var store = new EncryptedFileTokenStore(home.resolve("data/tokens"), TokenCipher.fromBase64(KEY, "test key"));
        try (TokenService running = runningInstance(store)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> running.status("ops").status() == TokenStatus.NEEDS_SIGN_IN);

            assertThat(signInAs("ops@example.test", new ByteArrayOutputStream(), new ByteArrayOutputStream())).isZero();

            await().atMost(Duration.ofSeconds(10)).until(() -> running.status("ops").status() == TokenStatus.VALID);
            // the files keep the refresh token only: the running instance redeems it
            assertThat(authority.tokenRequests("refresh_token")).isEqualTo(1);
        }
    }

    @Test
    void withASharedStoreTheTokensGoThereAndEveryInstanceUsesThemWithoutAskingTheAuthority() throws Exception {
        try (var pg = TestDatabases.newPostgresDatabase()) {
            Files.writeString(config, "mailbridge.store.url = " + pg.url(5432) + "\nmailbridge.store.user = postgres\n",
                    StandardOpenOption.APPEND);
            try (Database database = Database.open(pg.url(5432), "postgres", null);
                 TokenService running = runningInstance(new DatabaseTokenStore(database.dataSource(),
                         TokenCipher.fromBase64(KEY, "test key"), Clock.systemUTC()))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> running.status("ops").status() == TokenStatus.NEEDS_SIGN_IN);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();

                assertThat(signInAs("ops@example.test", out, err)).as(err.toString()).isZero();

                await().atMost(Duration.ofSeconds(10)).until(() -> running.status("ops").status() == TokenStatus.VALID);
                assertThat(authority.tokenRequests("refresh_token")).isZero();
                assertThat(home.resolve("data/tokens/ops.token")).doesNotExist();
                String raw;
                try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT refresh_token, access_token FROM token_cache WHERE mailbox_id = 'ops'")) {
                    assertThat(rs.next()).isTrue();
                    raw = new String(rs.getBytes(1), StandardCharsets.ISO_8859_1) + new String(rs.getBytes(2), StandardCharsets.ISO_8859_1);
                }
                String accessToken = running.accessToken("ops");
                assertThat(raw).doesNotContain(accessToken);
                assertThat(out.toString(StandardCharsets.UTF_8) + err).doesNotContain(accessToken);
            }
        }
    }

    @Test
    void sharedStoreOutOfReachIsSaidBeforeTheUserIsAskedToSignIn() throws Exception {
        int closedPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            closedPort = free.getLocalPort();
        }
        Files.writeString(config, "mailbridge.store.url = jdbc:postgresql://127.0.0.1:" + closedPort + "/mailbridge\n",
                StandardOpenOption.APPEND);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = SignInCommand.run("file:" + config, new String[] {"sign-in", "ops"}, new PrintStream(out, true),
                new PrintStream(err, true));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("The shared store cannot be used").contains("127.0.0.1:" + closedPort)
                .contains("Check mailbridge.store.url");
        assertThat(out.toString()).doesNotContain("enter the code");
        assertThat(authority.tokenRequests()).isZero();
    }

    /** A mailbridge already running on the same tokens, checking for sign-ins five times a second. */
    private TokenService runningInstance(TokenStore store) {
        Mailbox ops = TestAuthority.mailbox("ops", "ops@example.test", Grant.DEVICE_CODE, authority.client(null), null, null);
        TokenService running = new TokenService(TestAuthority.registry(ops), store,
                new MsalAuthorityClient(authority.trustForClient()), Clock.systemUTC(), Duration.ofMinutes(5));
        running.start(Duration.ofMillis(200));
        return running;
    }

    /** Runs {@code sign-in ops} and approves its code at the authority as that user, as a person would. */
    private int signInAs(String user, ByteArrayOutputStream out, ByteArrayOutputStream err) throws Exception {
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> SignInCommand.run("file:" + config,
                new String[] {"sign-in", "ops"}, new PrintStream(out, true), new PrintStream(err, true)));

        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString(StandardCharsets.UTF_8).contains("enter the code"));
        String prompt = out.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("open the page (\\S+) and enter the code (\\S+) ").matcher(prompt);
        assertThat(m.find()).as(prompt).isTrue();
        assertThat(prompt).contains("Sign in as ops@example.test");
        assertThat(exit).isNotDone();

        HttpClient http = HttpClient.newBuilder().sslContext(authority.trust()).build();
        http.send(HttpRequest.newBuilder(URI.create(m.group(1))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user_code=" + m.group(2) + "&username=" + user)).build(),
                HttpResponse.BodyHandlers.ofString());
        return exit.get();
    }

    @Test
    void unknownMailboxListsTheConfiguredOnes() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SignInCommand.run("file:" + config, new String[] {"sign-in", "nobody"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("no mailbox 'nobody'").contains("ops").contains("web");
    }

    @Test
    void missingArgumentPrintsUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(SignInCommand.run("file:" + config, new String[] {"sign-in"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true))).isEqualTo(2);
        assertThat(err.toString()).contains("usage: java -jar mailbridge.jar sign-in <mailbox-id>");
    }
}
