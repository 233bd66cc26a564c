package io.mailbridge.oauth;

import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.DeviceCodeFlowParameters;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalClientException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.Prompt;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.RefreshTokenParameters;
import com.microsoft.aad.msal4j.ResponseMode;
import io.mailbridge.common.Causes;
import io.mailbridge.mailbox.OAuthClient;

import java.io.IOException;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** {@link AuthorityClient} on msal4j: Entra by default, any standard authority by configuration. */
public final class MsalAuthorityClient implements AuthorityClient {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, SSLContext> trustByClient;
    private final Map<String, Apps> apps = new ConcurrentHashMap<>();

    /** @param trustByClient TLS trust for clients whose authority has a certificate the JVM does not trust */
    public MsalAuthorityClient(Map<String, SSLContext> trustByClient) {
        this.trustByClient = Map.copyOf(trustByClient);
    }

    /**
     * The msal4j applications of one client. App-only and delegated tokens use separate applications, since msal's
     * own app-token cache does not tell them apart without Entra's account data.
     */
    private record Apps(AuthorityHttpClient http, ConfidentialClientApplication delegated,
                        ConfidentialClientApplication appOnly, PublicClientApplication publicClient) {
    }

    @Override
    public TokenResult clientCredentials(OAuthClient client) throws AuthorityException {
        Apps a = apps(client);
        return call(client, a, requestId -> a.appOnly().acquireToken(ClientCredentialParameters
                .builder(Set.copyOf(client.appScopes())).skipCache(true).build()), null);
    }

    @Override
    public TokenResult refresh(OAuthClient client, String refreshToken, boolean publicClient) throws AuthorityException {
        Apps a = apps(client);
        return call(client, a, requestId -> {
            RefreshTokenParameters params = RefreshTokenParameters.builder(scopes(client), refreshToken)
                    .extraHttpHeaders(Map.of(AuthorityHttpClient.REQUEST_ID_HEADER, requestId)).build();
            return publicClient ? a.publicClient().acquireToken(params) : a.delegated().acquireToken(params);
        }, refreshToken);
    }

    @Override
    public URI authorizationUrl(OAuthClient client, String redirectUri, String state, String codeChallenge, String loginHint)
            throws AuthorityException {
        Apps a = apps(client);
        try {
            URI url = a.delegated().getAuthorizationRequestUrl(AuthorizationRequestUrlParameters
                    .builder(redirectUri, scopes(client))
                    .state(state)
                    .codeChallenge(codeChallenge)
                    .codeChallengeMethod("S256")
                    .loginHint(loginHint)
                    .prompt(Prompt.SELECT_ACCOUNT)
                    // msal4j always asks for form_post: the authority POSTs code and state to the callback
                    .build()).toURI();
            if (redirectUri.startsWith("http:")) {
                // the cross-site POST of form_post carries the browser's sign-in cookie only if it is SameSite=None,
                // which browsers accept only with Secure, so over https; an http callback gets a top-level GET instead
                url = URI.create(url.toString().replace("response_mode=" + ResponseMode.FORM_POST, "response_mode=" + ResponseMode.QUERY));
            }
            return url;
        } catch (Exception e) {
            throw new AuthorityException(AuthorityErrorCatalog.unreachable(client.tenantAuthority(), e));
        }
    }

    @Override
    public TokenResult redeemCode(OAuthClient client, String code, String redirectUri, String codeVerifier)
            throws AuthorityException {
        Apps a = apps(client);
        return call(client, a, requestId -> a.delegated().acquireToken(AuthorizationCodeParameters
                .builder(code, URI.create(redirectUri))
                .scopes(scopes(client))
                .codeVerifier(codeVerifier)
                .extraHttpHeaders(Map.of(AuthorityHttpClient.REQUEST_ID_HEADER, requestId))
                .build()), null);
    }

    @Override
    public TokenResult deviceCode(OAuthClient client, Consumer<DeviceCodePrompt> prompt) throws AuthorityException {
        Apps a = apps(client);
        return call(client, a, requestId -> a.publicClient().acquireToken(DeviceCodeFlowParameters
                .builder(scopes(client), code -> prompt.accept(new DeviceCodePrompt(code.verificationUri(),
                        code.userCode(), code.expiresIn(), code.message())))
                .extraHttpHeaders(Map.of(AuthorityHttpClient.REQUEST_ID_HEADER, requestId))
                .build()), null, Duration.ofMinutes(20));
    }

    private interface Call {
        CompletableFuture<IAuthenticationResult> start(String requestId) throws Exception;
    }

    private TokenResult call(OAuthClient client, Apps a, Call call, String previousRefreshToken) throws AuthorityException {
        return call(client, a, call, previousRefreshToken, CALL_TIMEOUT);
    }

    private TokenResult call(OAuthClient client, Apps a, Call call, String previousRefreshToken, Duration timeout)
            throws AuthorityException {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<IAuthenticationResult> future = null;
        try {
            future = call.start(requestId);
            IAuthenticationResult result = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String refreshToken = a.http().takeRefreshToken(requestId);
            // msal names an account only from Entra's client_info; other authorities name it in the ID token alone
            String account = result.account() != null && result.account().username() != null
                    ? result.account().username() : IdTokenAccount.of(result.idToken());
            return new TokenResult(result.accessToken(), result.expiresOnDate().toInstant(),
                    refreshToken == null ? previousRefreshToken : refreshToken, account);
        } catch (ExecutionException e) {
            a.http().takeRefreshToken(requestId);
            throw new AuthorityException(explain(client, e.getCause()));
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AuthorityException(AuthorityErrorCatalog.unreachable(client.tenantAuthority(), e));
        } catch (InterruptedException e) {
            if (future != null) {
                future.cancel(true);
            }
            Thread.currentThread().interrupt();
            throw new AuthorityException(AuthorityErrorCatalog.unreachable(client.tenantAuthority(), e));
        } catch (Exception e) {
            throw new AuthorityException(explain(client, e));
        } finally {
            // a refresh token that arrives after we stopped waiting must not linger in memory
            if (future != null && !future.isDone()) {
                future.whenComplete((r, e) -> a.http().takeRefreshToken(requestId));
            } else {
                a.http().takeRefreshToken(requestId);
            }
        }
    }

    private static TokenFailure explain(OAuthClient client, Throwable error) {
        if (error instanceof MsalServiceException service) {
            return AuthorityErrorCatalog.explain(service.errorCode(), service.getMessage());
        }
        if (error instanceof MsalClientException clientError && "code_expired".equals(clientError.errorCode())) {
            return AuthorityErrorCatalog.explain("expired_token", null);
        }
        return AuthorityErrorCatalog.unreachable(client.tenantAuthority(), Causes.root(error));
    }

    private static Set<String> scopes(OAuthClient client) {
        return new LinkedHashSet<>(client.delegatedScopes());
    }

    private Apps apps(OAuthClient client) throws AuthorityException {
        try {
            return apps.computeIfAbsent(client.id(), id -> build(client));
        } catch (IllegalStateException e) {
            throw new AuthorityException(new TokenFailure("client-credential-unusable", null, e.getMessage(),
                    "check certificate-file, certificate-password and authority-certificate of client '" + client.id() + "'.", false));
        }
    }

    private Apps build(OAuthClient client) {
        SSLContext ssl = trustByClient.get(client.id());
        if (ssl == null && client.authorityCertificate() != null) {
            try {
                ssl = TlsTrust.trusting(client.authorityCertificate());
            } catch (IOException e) {
                throw new IllegalStateException("authority-certificate of client '" + client.id() + "': " + e.getMessage(), e);
            }
        }
        AuthorityHttpClient http = new AuthorityHttpClient(ssl, Duration.ofSeconds(10), Duration.ofSeconds(30));
        try {
            ConfidentialClientApplication delegated = null;
            ConfidentialClientApplication appOnly = null;
            if (client.hasCredential()) {
                IClientCredential credential = credential(client);
                delegated = confidential(client, credential, http);
                appOnly = confidential(client, credential, http);
            }
            PublicClientApplication publicClient = PublicClientApplication.builder(client.clientId())
                    .authority(client.tenantAuthority())
                    .instanceDiscovery(isMicrosoft(client))
                    .httpClient(http)
                    .build();
            return new Apps(http, delegated, appOnly, publicClient);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up OAuth client '" + client.id() + "': " + e.getMessage(), e);
        }
    }

    private static ConfidentialClientApplication confidential(OAuthClient client, IClientCredential credential,
                                                              AuthorityHttpClient http) throws Exception {
        return ConfidentialClientApplication.builder(client.clientId(), credential)
                .authority(client.tenantAuthority())
                // instance discovery asks login.microsoftonline.com about the authority: right for Entra, and a
                // needless outside call (that fails) for any other authority
                .instanceDiscovery(isMicrosoft(client))
                .httpClient(http)
                .build();
    }

    private static boolean isMicrosoft(OAuthClient client) {
        return client.authority().equals(OAuthClient.MICROSOFT_AUTHORITY);
    }

    private static IClientCredential credential(OAuthClient client) throws Exception {
        if (client.clientSecret() != null) {
            return ClientCredentialFactory.createFromSecret(client.clientSecret().reveal());
        }
        try (InputStream in = Files.newInputStream(client.certificate())) {
            String password = client.certificatePassword() == null ? "" : client.certificatePassword().reveal();
            return ClientCredentialFactory.createFromCertificate(in, password);
        }
    }
}
