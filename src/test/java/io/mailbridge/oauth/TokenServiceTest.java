package io.mailbridge.oauth;

import com.nimbusds.jwt.SignedJWT;
import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.sandbox.SandboxAuthority;
import io.mailbridge.sandbox.SandboxMailServer;
import io.mailbridge.support.BrowserlessSignIn;
import io.mailbridge.support.TestAuthority;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TokenServiceTest {

    @TempDir
    Path dir;

    private TestAuthority authority;
    private TokenCipher cipher;
    private final List<TokenService> services = new ArrayList<>();

    @BeforeEach
    void start() {
        authority = new TestAuthority();
        cipher = TokenCipher.fromFileCreatingIfMissing(dir.resolve("key"));
    }

    @AfterEach
    void stop() {
        services.forEach(TokenService::close);
        authority.close();
    }

    private TokenService service(MailboxRegistry registry) {
        TokenService service = new TokenService(registry, new EncryptedFileTokenStore(dir.resolve("tokens"), cipher),
                new MsalAuthorityClient(authority.trustForClient()), Clock.systemUTC(), Duration.ofMinutes(5));
        services.add(service);
        return service;
    }

    private Mailbox appMailbox() {
        return TestAuthority.mailbox("app", "app@example.test", Grant.CLIENT_CREDENTIALS, authority.client(), null, null);
    }

    private Mailbox delegated(String id) {
        return TestAuthority.mailbox(id, id + "@example.test", Grant.AUTHORIZATION_CODE, authority.client(), null, null);
    }

    private void signIn(TokenService tokens, String mailboxId) throws Exception {
        BrowserlessSignIn.signIn(authority, tokens, mailboxId);
    }

    @Test
    void clientCredentialsTokenIsASignedJwtFromTheAuthority() {
        TokenService tokens = service(TestAuthority.registry(appMailbox()));

        String token = tokens.accessToken("app");

        assertThat(token.split("\\.")).hasSize(3);
        assertThat(tokens.status("app").status()).isEqualTo(TokenStatus.VALID);
        assertThat(tokens.status("app").tokenExpiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(30)));
        assertThat(authority.tokenRequests("client_credentials")).isEqualTo(1);
    }

    @Test
    void cachedTokenIsReusedWithoutCallingTheAuthority() {
        TokenService tokens = service(TestAuthority.registry(appMailbox()));
        String first = tokens.accessToken("app");

        for (int i = 0; i < 20; i++) {
            assertThat(tokens.accessToken("app")).isEqualTo(first);
        }
        assertThat(authority.tokenRequests()).isEqualTo(1);
    }

    @Test
    void fiftyConcurrentRequestsForAnExpiredTokenMakeExactlyOneRefresh() throws Exception {
        authority.authority().server().enqueueCallback(new DefaultOAuth2TokenCallback(SandboxAuthority.ISSUER_ID,
                TestAuthority.CLIENT_ID, "JWT", List.of("api://test"), Map.of(), 2L));
        TokenService tokens = service(TestAuthority.registry(appMailbox()));
        String shortLived = tokens.accessToken("app");
        Thread.sleep(2_500);
        assertThat(tokens.status("app").tokenExpiresAt()).isBefore(Instant.now());
        int before = authority.tokenRequests();

        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit((Callable<String>) () -> {
                go.await();
                return tokens.accessToken("app");
            }));
        }
        go.countDown();
        Set<String> seen = new HashSet<>();
        for (Future<String> f : results) {
            seen.add(f.get());
        }
        pool.shutdown();

        assertThat(authority.tokenRequests() - before).isEqualTo(1);
        assertThat(seen).hasSize(1).doesNotContain(shortLived);
    }

    @Test
    void tokenIsRenewedAheadOfExpiryWithoutMakingCallersWait() throws Exception {
        authority.authority().server().enqueueCallback(new DefaultOAuth2TokenCallback(SandboxAuthority.ISSUER_ID,
                TestAuthority.CLIENT_ID, "JWT", List.of("api://test"), Map.of(), 10L));
        TokenService tokens = service(TestAuthority.registry(appMailbox()));
        String first = tokens.accessToken("app");
        Thread.sleep(7_000); // past two thirds of its 10-second life, still valid

        assertThat(tokens.accessToken("app")).isEqualTo(first);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !tokens.accessToken("app").equals(first));
        assertThat(authority.tokenRequests("client_credentials")).isEqualTo(2);
    }

    @Test
    void signInStoresTheRefreshTokenEncryptedAndRotationSurvivesRestarts() throws Exception {
        MailboxRegistry registry = TestAuthority.registry(delegated("sales"));
        TokenService first = service(registry);
        signIn(first, "sales");
        assertThat(first.status("sales").status()).isEqualTo(TokenStatus.VALID);
        Path file = dir.resolve("tokens/sales.token");
        EncryptedFileTokenStore store = new EncryptedFileTokenStore(dir.resolve("tokens"), cipher);
        String afterSignIn = store.load("sales").orElseThrow().refreshToken();
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain(afterSignIn);

        // a restart: a new service finds only the stored refresh token, redeems it, and keeps the rotated one
        first.close();
        TokenService second = service(registry);
        assertThat(second.accessToken("sales")).isNotBlank();
        String afterFirstRestart = store.load("sales").orElseThrow().refreshToken();
        assertThat(afterFirstRestart).isNotEqualTo(afterSignIn);

        second.close();
        TokenService third = service(registry);
        assertThat(third.accessToken("sales")).isNotBlank();
        assertThat(store.load("sales").orElseThrow().refreshToken()).isNotEqualTo(afterFirstRestart);
        assertThat(authority.tokenRequests("refresh_token")).isEqualTo(2);
    }

    @Test
    void deadRefreshTokenSendsOnlyThatMailboxToSignIn() throws Exception {
        MailboxRegistry registry = TestAuthority.registry(delegated("sales"), delegated("buying"), appMailbox());
        TokenService setup = service(registry);
        signIn(setup, "sales");
        signIn(setup, "buying");
        setup.close();

        TokenService tokens = service(registry);
        authority.failNextTokenRequest(400, "invalid_grant", "AADSTS700082: The refresh token has expired due to "
                + "inactivity. The token was issued on 2026-08-01T10:00:00Z and was inactive for 90.00:00:00.");
        assertThatThrownBy(() -> tokens.accessToken("sales"))
                .isInstanceOf(TokenUnavailableException.class)
                .satisfies(e -> assertThat(((TokenUnavailableException) e).failure().cause()).isEqualTo("refresh-token-expired"));

        assertThat(tokens.status("sales").status()).isEqualTo(TokenStatus.NEEDS_SIGN_IN);
        assertThat(tokens.status("sales").lastError().fix()).contains("/oauth/sales/sign-in");
        assertThat(tokens.accessToken("buying")).isNotBlank();
        assertThat(tokens.accessToken("app")).isNotBlank();
        assertThat(tokens.status("buying").status()).isEqualTo(TokenStatus.VALID);

        // no more calls to the authority for a mailbox that only a person can repair
        int calls = authority.tokenRequests();
        assertThatThrownBy(() -> tokens.accessToken("sales")).isInstanceOf(TokenUnavailableException.class);
        assertThat(authority.tokenRequests()).isEqualTo(calls);

        signIn(tokens, "sales");
        assertThat(tokens.status("sales").status()).isEqualTo(TokenStatus.VALID);
        assertThat(tokens.status("sales").lastError()).isNull();
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "invalid_grant|AADSTS700082: The refresh token has expired due to inactivity.|refresh-token-expired|needs-sign-in",
            "invalid_grant|AADSTS70043: The refresh token has expired or is invalid due to sign-in frequency checks by conditional access.|sign-in-frequency|needs-sign-in",
            "invalid_client|AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.|invalid-client-secret|error",
            "invalid_client|AADSTS7000222: The provided client secret keys for app '11111111-2222-3333-4444-555555555555' are expired.|client-secret-expired|error",
            "invalid_grant|AADSTS65001: The user or administrator has not consented to use the application.|consent-missing|needs-sign-in",
            "invalid_request|AADSTS50194: Application is not configured as a multi-tenant application.|wrong-tenant|error",
            "unauthorized_client|AADSTS700016: Application with identifier 'x' was not found in the directory 'contoso'.|app-not-found-in-tenant|error",
            "invalid_grant|AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.|mfa-required|needs-sign-in"})
    void authorityErrorsBecomeNamedCausesOnTheMailbox(String error, String description, String cause, String status) throws Exception {
        MailboxRegistry registry = TestAuthority.registry(delegated("sales"), appMailbox());
        TokenService setup = service(registry);
        signIn(setup, "sales");
        setup.close();
        TokenService tokens = service(registry);

        authority.failNextTokenRequest(400, error, description + " Trace ID: 0f1e2d3c Correlation ID: 4b5a6978 Timestamp: 2026-11-22 10:00:00Z");
        assertThatThrownBy(() -> tokens.accessToken("sales")).isInstanceOf(TokenUnavailableException.class);

        MailboxTokenState state = tokens.status("sales");
        assertThat(state.lastError().cause()).isEqualTo(cause);
        assertThat(state.lastError().code()).isEqualTo(description.substring(0, description.indexOf(':')));
        assertThat(state.lastError().fix()).isNotBlank();
        assertThat(state.status().label()).isEqualTo(status);
        assertThat(state.lastError().describe()).doesNotContain("Trace ID");
        assertThat(tokens.accessToken("app")).isNotBlank();
    }

    @Test
    void wrongClientSecretIsNamedByTheAuthoritysOwnCheck() {
        Mailbox mailbox = TestAuthority.mailbox("app", "app@example.test", Grant.CLIENT_CREDENTIALS,
                authority.client("not-the-secret"), null, null);
        TokenService tokens = service(TestAuthority.registry(mailbox));

        assertThatThrownBy(() -> tokens.accessToken("app")).isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("invalid-client-secret").hasMessageContaining("AADSTS7000215")
                .hasMessageNotContaining("not-the-secret");
        assertThat(tokens.status("app").status()).isEqualTo(TokenStatus.ERROR);
    }

    @Test
    void neverSignedInMailboxNeedsSignInWithoutAskingTheAuthority() {
        TokenService tokens = service(TestAuthority.registry(delegated("sales")));

        assertThatThrownBy(() -> tokens.accessToken("sales")).isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("not-signed-in");
        assertThat(tokens.status("sales").status()).isEqualTo(TokenStatus.NEEDS_SIGN_IN);
        assertThat(authority.tokenRequests()).isZero();
    }

    @Test
    void unreadableStoredTokenAsksForSignInAndSaysWhy() throws Exception {
        MailboxRegistry registry = TestAuthority.registry(delegated("sales"));
        TokenService first = service(registry);
        signIn(first, "sales");
        first.close();
        cipher = TokenCipher.fromFileCreatingIfMissing(dir.resolve("another-key"));

        TokenService tokens = service(registry);
        assertThatThrownBy(() -> tokens.accessToken("sales")).isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("token-store-unreadable").hasMessageContaining("cannot be decrypted");
        assertThat(tokens.status("sales").status()).isEqualTo(TokenStatus.NEEDS_SIGN_IN);
    }

    @Test
    void deviceCodeSignInThroughTheAuthorityPageGivesARefreshableMailbox() throws Exception {
        Mailbox ops = TestAuthority.mailbox("ops", "ops@example.test", Grant.DEVICE_CODE, authority.client(null), null, null);
        TokenService tokens = service(TestAuthority.registry(ops));
        MsalAuthorityClient client = new MsalAuthorityClient(authority.trustForClient());

        TokenResult result = client.deviceCode(ops.client(), prompt -> {
            assertThat(prompt.userCode()).hasSize(8);
            new Thread(() -> approve(prompt, "ops@example.test")).start();
        });
        tokens.signedIn("ops", result);

        assertThat(tokens.status("ops").status()).isEqualTo(TokenStatus.VALID);
        assertThat(SandboxMailServer.signedInAs("ops@example.test")
                .test(SignedJWT.parse(result.accessToken()).getJWTClaimsSet())).isTrue();
        tokens.close();
        TokenService restarted = service(TestAuthority.registry(ops));
        assertThat(restarted.accessToken("ops")).isNotEqualTo(result.accessToken());
        assertThat(authority.tokenRequests("refresh_token")).isEqualTo(1);
    }

    private void approve(AuthorityClient.DeviceCodePrompt prompt, String user) {
        try {
            var http = HttpClient.newBuilder().sslContext(authority.trust()).build();
            http.send(HttpRequest.newBuilder(URI.create(prompt.verificationUri()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("user_code=" + prompt.userCode() + "&username=" + user))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
