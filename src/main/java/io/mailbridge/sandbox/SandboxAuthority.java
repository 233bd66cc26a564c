package io.mailbridge.sandbox;

import io.mailbridge.oauth.TlsTrust;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.http.Ssl;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.Headers;

import java.net.URLDecoder;
import java.net.UnknownHostException;
import javax.net.ssl.SSLContext;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local OAuth 2.0 authority over TLS (mock-oauth2-server) shaped like Entra: tenant paths
 * {@code /<tenant>/oauth2/v2.0/…}, signed JWT access tokens, refresh-token rotation, a login page, and client
 * secrets that are checked the way Entra checks them, and the device-code grant. Its certificate is generated anew at each start.
 */
public final class SandboxAuthority implements AutoCloseable {

    public static final String TENANT = "sandbox";
    /** mock-oauth2-server names an issuer after the path in front of the endpoint. */
    public static final String ISSUER_ID = TENANT + "/oauth2/v2.0";

    private final Ssl ssl = new Ssl();
    private final MockOAuth2Server server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    /** @param extraRoutes routes consulted before the standard endpoints */
    public SandboxAuthority(Route... extraRoutes) {
        this(Set.of(), extraRoutes);
    }

    /**
     * @param tokenCallbacks shape the tokens of an issuer (extra claims, for instance); issuers without one get
     *        mock-oauth2-server's default tokens
     * @param extraRoutes routes consulted before the standard endpoints
     */
    public SandboxAuthority(Set<? extends OAuth2TokenCallback> tokenCallbacks, Route... extraRoutes) {
        Set<OAuth2TokenCallback> callbacks = new HashSet<>();
        OAuth2TokenCallback sandboxTokens = new DefaultOAuth2TokenCallback(ISSUER_ID);
        for (OAuth2TokenCallback callback : tokenCallbacks) {
            if (callback.issuerId().equals(ISSUER_ID)) {
                sandboxTokens = callback;
            } else {
                callbacks.add(callback);
            }
        }
        SignedInUserClaims signedInUser = new SignedInUserClaims(sandboxTokens);
        callbacks.add(signedInUser);
        List<Route> routes = new ArrayList<>(List.of(extraRoutes));
        routes.add(signedInUser.loginObserver());
        // public-client requests (device code and its refresh tokens) carry no secret, so they go first
        routes.addAll(new DeviceCodeFlow(this::server, this::authorityUrl).routes());
        routes.add(new ClientSecretCheck());
        OAuth2Config config = new OAuth2Config(true, null, null, true, new OAuth2TokenProvider(), callbacks,
                new MockWebServerWrapper(ssl));
        this.server = new MockOAuth2Server(config, routes.toArray(Route[]::new));
    }

    public void start(int port) {
        InetAddress localhost;
        try {
            localhost = InetAddress.getByName("localhost");
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot start the sandbox OAuth authority: 'localhost' has no address; add it "
                    + "to /etc/hosts as 127.0.0.1", e);
        }
        if (!localhost.isLoopbackAddress()) {
            // the sandbox's authority signs tokens for anyone who asks: it must never listen beyond this machine
            throw new IllegalStateException("cannot start the sandbox OAuth authority: 'localhost' resolves to "
                    + localhost.getHostAddress() + ", not to loopback; map it to 127.0.0.1 in /etc/hosts");
        }
        try {
            server.start(localhost, port);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the sandbox OAuth authority on port " + port + ": " + e.getMessage()
                    + "; choose another port with mailbridge.sandbox.authority-port", e);
        }
    }

    /** Makes the authority check this client's secret, answering wrong ones as Entra does (AADSTS7000215). */
    public void registerClient(String clientId, String secret) {
        secrets.put(clientId, secret);
    }

    /** The authority host URL, as configured for a client: {@code https://localhost:<port>/}. */
    public String authorityUrl() {
        return "https://localhost:" + server.baseUrl().port() + "/";
    }

    public int port() {
        return server.baseUrl().port();
    }

    public String issuer() {
        return server.issuerUrl(ISSUER_ID).toString();
    }

    public String jwksUrl() {
        return server.jwksUrl(ISSUER_ID).toString();
    }

    /** Trust for the authority's self-signed certificate. */
    public SSLContext sslContext() {
        return TlsTrust.trusting(certificate());
    }

    /** The authority's self-signed TLS certificate, generated anew at each start. */
    public X509Certificate certificate() {
        try {
            return (X509Certificate) ssl.getSslKeystore().getKeyStore().getCertificate("localhost");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the sandbox authority's certificate", e);
        }
    }

    public MockOAuth2Server server() {
        return server;
    }

    @Override
    public void close() {
        server.shutdown();
    }

    /** Refuses token requests of registered clients whose secret is wrong, with Entra's error body. */
    private final class ClientSecretCheck implements Route {

        @Override
        public boolean match(OAuth2HttpRequest request) {
            if (!"POST".equals(request.getMethod()) || !request.getUrl().encodedPath().endsWith("/token")) {
                return false;
            }
            String[] credentials = credentials(request);
            String expected = credentials[0] == null ? null : secrets.get(credentials[0]);
            return expected != null && (credentials[1] == null || !MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.UTF_8), credentials[1].getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            return error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret "
                    + "being sent in the request is the client secret value, not the client secret ID, for a secret "
                    + "added to app '" + credentials(request)[0] + "'.", 7000215);
        }

        private String[] credentials(OAuth2HttpRequest request) {
            String authorization = request.getHeaders().get("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return new String[] {decode(pair.substring(0, colon)), decode(pair.substring(colon + 1))};
            }
            var form = request.getFormParameters();
            return new String[] {form.get("client_id"), form.get("client_secret")};
        }

        private String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }
    }

    /** An OAuth error reply in Entra's shape. */
    public static OAuth2HttpResponse error(int status, String error, String description, int code) {
        String body = "{\"error\":\"" + error + "\",\"error_description\":\"" + description.replace("\"", "\\\"")
                + "\",\"error_codes\":[" + code + "]}";
        return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json;charset=utf-8"), status, body, null);
    }
}
