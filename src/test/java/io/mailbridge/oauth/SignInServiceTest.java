package io.mailbridge.oauth;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.mailbox.OAuthClient;
import io.mailbridge.mailbox.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which account may complete a sign-in. Entra names the signed-in account; the sandbox authority does not, so this
 * decision is tested with an authority client that answers as Entra would.
 */
class SignInServiceTest {

    @TempDir
    Path dir;

    private TokenService tokens;

    @AfterEach
    void close() {
        tokens.close();
    }

    private static final class EntraLikeAuthority implements AuthorityClient {
        private final String account;

        EntraLikeAuthority(String account) {
            this.account = account;
        }

        public TokenResult clientCredentials(OAuthClient client) {
            throw new UnsupportedOperationException();
        }

        public TokenResult refresh(OAuthClient client, String refreshToken, boolean publicClient) {
            throw new UnsupportedOperationException();
        }

        public URI authorizationUrl(OAuthClient client, String redirectUri, String state, String challenge, String hint) {
            return URI.create("https://login.example.test/authorize?state=" + state);
        }

        public TokenResult redeemCode(OAuthClient client, String code, String redirectUri, String verifier) {
            return new TokenResult("access-" + account, Instant.now().plusSeconds(3600), "refresh-" + account, account);
        }

        public TokenResult deviceCode(OAuthClient client, Consumer<DeviceCodePrompt> prompt) {
            throw new UnsupportedOperationException();
        }
    }

    private SignInService signIn(String signedInAs, List<String> delegates) {
        OAuthClient client = new OAuthClient("c", "t", "id", Secret.of("s"), null, null, "https://login.example.test/", null, null,
                List.of("scope"), List.of(), null);
        Mailbox shared = new Mailbox("ap", "ap@contoso.test", "ap@contoso.test", Grant.AUTHORIZATION_CODE, client, null, null,
                null, null, delegates);
        AuthorityClient authority = new EntraLikeAuthority(signedInAs);
        tokens = new TokenService(new MailboxRegistry(Map.of("c", client), Map.of("ap", shared)),
                new EncryptedFileTokenStore(dir, TokenCipher.fromFileCreatingIfMissing(dir.resolve("key"))), authority,
                Clock.systemUTC(), Duration.ofMinutes(5));
        return new SignInService(tokens, authority, "http://localhost/oauth/callback", Clock.systemUTC());
    }


    @Test
    void anotherAccountCannotReplaceTheMailboxsTokens() throws Exception {
        SignInService service = signIn("mallory@contoso.test", List.of());
        SignInService.Started started = service.start("ap");

        assertThatThrownBy(() -> service.complete(started.state(), started.browserKey(), "code", null, null))
                .isInstanceOf(SignInService.SignInException.class)
                .hasMessageContaining("mallory@contoso.test").hasMessageContaining("sign-in-as").hasMessageContaining("unchanged");
        assertThat(tokens.status("ap").status()).isNotEqualTo(TokenStatus.VALID);
        assertThat(new EncryptedFileTokenStore(dir, TokenCipher.fromFile(dir.resolve("key"))).load("ap")).isEmpty();
    }

    @Test
    void theMailboxsOwnAccountAndListedDelegatesMaySignIn() throws Exception {
        SignInService owner = signIn("AP@contoso.test", List.of());
        SignInService.Started byOwner = owner.start("ap");
        owner.complete(byOwner.state(), byOwner.browserKey(), "code", null, null);
        assertThat(tokens.status("ap").status()).isEqualTo(TokenStatus.VALID);
        tokens.close();

        SignInService delegate = signIn("jane@contoso.test", List.of("jane@contoso.test"));
        SignInService.Started byDelegate = delegate.start("ap");
        delegate.complete(byDelegate.state(), byDelegate.browserKey(), "code", null, null);
        assertThat(tokens.status("ap").status()).isEqualTo(TokenStatus.VALID);
    }

    @Test
    void aSignInWhoseAccountTheAuthorityDoesNotNameIsRefused() throws Exception {
        SignInService service = signIn(null, List.of());
        SignInService.Started started = service.start("ap");

        assertThatThrownBy(() -> service.complete(started.state(), started.browserKey(), "code", null, null))
                .isInstanceOf(SignInService.SignInException.class)
                .hasMessageContaining("ap@contoso.test").hasMessageContaining("preferred_username").hasMessageContaining("unchanged");
        assertThat(tokens.status("ap").status()).isNotEqualTo(TokenStatus.VALID);
    }

    @Test
    void aSignInFinishedWithoutTheStartingBrowsersKeyIsRefused() throws Exception {
        SignInService service = signIn("ap@contoso.test", List.of());
        SignInService.Started other = service.start("ap");

        for (String key : new String[] {null, other.browserKey()}) {
            SignInService.Started started = service.start("ap");
            assertThatThrownBy(() -> service.complete(started.state(), key, "code", null, null))
                    .isInstanceOf(SignInService.SignInException.class).hasMessageContaining("another browser")
                    .satisfies(e -> assertThat(((SignInService.SignInException) e).httpStatus()).isEqualTo(403));
        }
        assertThat(tokens.status("ap").status()).isNotEqualTo(TokenStatus.VALID);
    }

    @Test
    void signInsInProgressAreCappedPerMailbox() throws Exception {
        SignInService service = signIn("ap@contoso.test", List.of());
        for (int i = 0; i < 20; i++) {
            service.start("ap");
        }
        assertThatThrownBy(() -> service.start("ap")).isInstanceOf(SignInService.SignInException.class)
                .satisfies(e -> assertThat(((SignInService.SignInException) e).httpStatus()).isEqualTo(429));
    }
}
