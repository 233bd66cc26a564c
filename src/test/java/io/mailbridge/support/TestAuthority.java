package io.mailbridge.support;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.mailbox.OAuthClient;
import io.mailbridge.mailbox.Secret;
import io.mailbridge.mailbox.ServerAddress;
import io.mailbridge.sandbox.SandboxAuthority;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import javax.net.ssl.SSLContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The sandbox authority (mock-oauth2-server over TLS) on a free port, counting the token requests it receives and
 * able to answer the next token request with an error of our choosing.
 */
public final class TestAuthority implements AutoCloseable {

    public static final String CLIENT_ID = "test-client";
    public static final String SECRET = "test-secret-value";

    private final Map<String, AtomicInteger> tokenRequests = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<OAuth2HttpResponse> faults = new ConcurrentLinkedQueue<>();
    private final SandboxAuthority authority;

    public TestAuthority() {
        this(Map.of());
    }

    /**
     * @param tokenClaims claims added to every access token of the sandbox tenant, such as the mailbox address a mail
     *        server reads from token introspection (see {@link DovecotServer#tokenClaims})
     */
    public TestAuthority(Map<String, ?> tokenClaims) {
        Route counter = new Route() {
            @Override
            public boolean match(OAuth2HttpRequest request) {
                if ("POST".equals(request.getMethod()) && request.getUrl().encodedPath().endsWith("/token")) {
                    String grant = String.valueOf(request.getFormParameters().get("grant_type"));
                    tokenRequests.computeIfAbsent(grant, g -> new AtomicInteger()).incrementAndGet();
                }
                return false;
            }

            @Override
            public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
                throw new IllegalStateException("never matches");
            }
        };
        Route fault = new Route() {
            @Override
            public boolean match(OAuth2HttpRequest request) {
                return "POST".equals(request.getMethod()) && request.getUrl().encodedPath().endsWith("/token") && !faults.isEmpty();
            }

            @Override
            public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
                return faults.poll();
            }
        };
        // the callback keeps mock-oauth2-server's defaults (typ JWT, sub = client id for client credentials, one hour)
        Set<DefaultOAuth2TokenCallback> callbacks = tokenClaims.isEmpty() ? Set.of() : Set.of(new DefaultOAuth2TokenCallback(
                SandboxAuthority.ISSUER_ID, UUID.randomUUID().toString(), "JWT", null, Map.copyOf(tokenClaims), 3600));
        authority = new SandboxAuthority(callbacks, counter, fault);
        authority.start(0);
        authority.registerClient(CLIENT_ID, SECRET);
    }

    /** The next token request gets this Entra-shaped error instead of a token. */
    public void failNextTokenRequest(int status, String error, String description) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("AADSTS(\\d+)").matcher(description);
        faults.add(SandboxAuthority.error(status, error, description, m.find() ? Integer.parseInt(m.group(1)) : 0));
    }

    public int tokenRequests(String grantType) {
        AtomicInteger n = tokenRequests.get(grantType);
        return n == null ? 0 : n.get();
    }

    public int tokenRequests() {
        return tokenRequests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public SandboxAuthority authority() {
        return authority;
    }

    public SSLContext trust() {
        return authority.sslContext();
    }

    public Map<String, SSLContext> trustForClient() {
        return Map.of("test", trust());
    }

    /**
     * A sandbox mail server on free ports, XOAUTH2 only, with one mailbox this client may open app-only (its
     * client-credentials tokens).
     */
    public io.mailbridge.sandbox.SandboxMailServer startMailServer(String appOnlyAddress) {
        io.mailbridge.sandbox.SandboxMailServer mail = new io.mailbridge.sandbox.SandboxMailServer(0, 0, authority);
        mail.start();
        mail.addMailbox(appOnlyAddress, io.mailbridge.sandbox.SandboxMailServer.appOnly(CLIENT_ID));
        return mail;
    }

    /** The authority's TLS certificate as a PEM file, for {@code mailbridge.clients.<id>.authority-certificate}. */
    public java.nio.file.Path writeCertificatePem(java.nio.file.Path file) throws Exception {
        return java.nio.file.Files.writeString(file, "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(authority.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }

    /**
     * mailbridge settings (on top of {@link RunningApp#sandboxSettings}, sandbox off) for one client-credentials
     * mailbox {@code ap} on the given IMAP server, delivering to {@code erpUrl} with the shipped inbound route.
     */
    public Map<String, String> inboundSettings(java.nio.file.Path home, int port, String address, int imapPort, String erpUrl)
            throws Exception {
        java.nio.file.Path pem = writeCertificatePem(home.resolve("authority.pem"));
        Map<String, String> p = new LinkedHashMap<>(RunningApp.sandboxSettings(home, port));
        p.put("mailbridge.sandbox.enabled", "false");
        p.put("mailbridge.clients.local.tenant-id", SandboxAuthority.TENANT);
        p.put("mailbridge.clients.local.client-id", CLIENT_ID);
        p.put("mailbridge.clients.local.client-secret", SECRET);
        p.put("mailbridge.clients.local.authority", authority.authorityUrl());
        p.put("mailbridge.clients.local.authority-certificate", pem.toString());
        p.put("mailbridge.clients.local.app-scopes", "api://test/.default");
        p.put("mailbridge.mailboxes.ap.address", address);
        p.put("mailbridge.mailboxes.ap.client", "local");
        p.put("mailbridge.mailboxes.ap.grant", "client-credentials");
        p.put("mailbridge.mailboxes.ap.imap", "imap://127.0.0.1:" + imapPort);
        p.put("mailbridge.erp.url", erpUrl);
        java.nio.file.Files.createDirectories(home.resolve("routes"));
        java.nio.file.Files.writeString(home.resolve("routes/inbound-ap.camel.yaml"), java.nio.file.Files.readString(
                java.nio.file.Path.of("routes/inbound-sandbox-erp.camel.yaml")).replace("sandbox-ap", "ap"));
        return p;
    }

    public OAuthClient client(String secret) {
        return new OAuthClient("test", SandboxAuthority.TENANT, CLIENT_ID, Secret.of(secret), null, null,
                authority.authorityUrl(), null, null, List.of("api://test/mail", "offline_access"), List.of("api://test/.default"), null);
    }

    public OAuthClient client() {
        return client(SECRET);
    }

    public static Mailbox mailbox(String id, String address, Grant grant, OAuthClient client, ServerAddress imap, ServerAddress smtp) {
        return new Mailbox(id, address, address, grant, client, imap, smtp, null, null, List.of());
    }

    public static MailboxRegistry registry(Mailbox... mailboxes) {
        Map<String, OAuthClient> clients = Arrays.stream(mailboxes).filter(m -> m.client() != null)
                .collect(Collectors.toMap(m -> m.client().id(), Mailbox::client, (a, b) -> a, LinkedHashMap::new));
        return new MailboxRegistry(clients, Arrays.stream(mailboxes)
                .collect(Collectors.toMap(Mailbox::id, m -> m, (a, b) -> a, LinkedHashMap::new)));
    }


    @Override
    public void close() {
        authority.close();
    }
}
