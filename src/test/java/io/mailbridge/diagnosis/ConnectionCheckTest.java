package io.mailbridge.diagnosis;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.ServerAddress;
import io.mailbridge.oauth.EncryptedFileTokenStore;
import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.oauth.TokenCipher;
import io.mailbridge.oauth.TokenService;
import io.mailbridge.sandbox.SandboxMailServer;
import io.mailbridge.support.MailFolders;
import io.mailbridge.support.ScriptedImapServer;
import io.mailbridge.support.ScriptedSmtpServer;
import io.mailbridge.support.TestAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection test against real servers on loopback: the local authority, the XOAUTH2-only sandbox mail server,
 * and scripted IMAP and SMTP servers for the refusals only Exchange Online gives.
 */
class ConnectionCheckTest {

    private static final String ADDRESS = "ap@example.test";

    @TempDir
    Path dir;

    private TestAuthority authority;
    private SandboxMailServer mail;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private ConnectionCheck.Folders folders = new ConnectionCheck.Folders(List.of("INBOX"), List.of("Processed"));
    private SSLSocketFactory tlsSockets = (SSLSocketFactory) SSLSocketFactory.getDefault();

    @BeforeEach
    void start() {
        authority = new TestAuthority();
        mail = authority.startMailServer(ADDRESS);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        mail.close();
        authority.close();
    }

    private ServerAddress imap(int port) {
        return ServerAddress.parse("imap://127.0.0.1:" + port, Set.of("imap"));
    }

    private ServerAddress smtp(int port) {
        return ServerAddress.parse("smtp://127.0.0.1:" + port, Set.of("smtp"));
    }

    private TestReport run(String secret, ServerAddress imap, ServerAddress smtp) {
        Mailbox ap = TestAuthority.mailbox("ap", ADDRESS, Grant.CLIENT_CREDENTIALS, authority.client(secret), imap, smtp);
        TokenService tokens = new TokenService(TestAuthority.registry(ap),
                new EncryptedFileTokenStore(dir, TokenCipher.fromFileCreatingIfMissing(dir.resolve("key"))),
                new MsalAuthorityClient(authority.trustForClient()), Clock.systemUTC(), Duration.ofMinutes(5));
        closeables.add(tokens);
        ConnectionCheck check = new ConnectionCheck(TestAuthority.registry(ap), tokens, id -> folders, new TestMailMarker(),
                Duration.ofSeconds(3), Duration.ofSeconds(10), Clock.systemUTC(), tlsSockets);
        return check.run("ap");
    }

    private TestReport run(ServerAddress imap, ServerAddress smtp) {
        return run(TestAuthority.SECRET, imap, smtp);
    }

    private static TestReport.Step step(TestReport report, String name) {
        return report.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyLinkPassesOnAWorkingMailboxAndTheTestMailIsFoundAndDeleted() {
        TestReport report = run(imap(mail.imapPort()), smtp(mail.smtpPort()));

        assertThat(report.passed()).as(report.toString()).isTrue();
        assertThat(report.steps()).extracting(TestReport.Step::name)
                .containsExactly("dns", "tcp", "tls", "token", "imap-login", "folders", "smtp-login", "send", "receive");
        assertThat(report.steps()).extracting(TestReport.Step::outcome).containsOnly(TestReport.Outcome.PASSED);
        assertThat(step(report, "folders").detail()).contains("[INBOX]", "created at first use: [Processed]");
        assertThat(step(report, "receive").detail()).isEqualTo("found in INBOX and deleted");
        assertThat(MailFolders.subjects(mail.greenMail(), ADDRESS, "INBOX")).isEmpty();
    }

    @Test
    void aWrongSecretStopsAtTheTokenWithItsNamedCauseAndTheRestIsSkipped() {
        TestReport report = run("not-the-secret", imap(mail.imapPort()), smtp(mail.smtpPort()));

        TestReport.Step token = step(report, "token");
        assertThat(token.outcome()).isEqualTo(TestReport.Outcome.FAILED);
        assertThat(token.cause()).isEqualTo("invalid-client-secret");
        assertThat(token.detail()).contains("AADSTS7000215").doesNotContain("not-the-secret");
        assertThat(report.failure()).isEqualTo(token);
        assertThat(step(report, "dns").outcome()).isEqualTo(TestReport.Outcome.PASSED);
        assertThat(step(report, "imap-login").outcome()).isEqualTo(TestReport.Outcome.SKIPPED);
        assertThat(step(report, "receive").outcome()).isEqualTo(TestReport.Outcome.SKIPPED);
    }

    @Test
    void wrongTenantAndMissingConsentAreNamedFromTheAuthoritysAnswer() {
        authority.failNextTokenRequest(400, "invalid_request", "AADSTS50194: Application is not configured as a multi-tenant application.");
        assertThat(run(imap(mail.imapPort()), smtp(mail.smtpPort())).failure().cause()).isEqualTo("wrong-tenant");
        authority.failNextTokenRequest(400, "invalid_grant", "AADSTS65001: The user or administrator has not consented to use the application.");
        TestReport consent = run(imap(mail.imapPort()), smtp(mail.smtpPort()));
        assertThat(consent.failure().cause()).isEqualTo("consent-missing");
        assertThat(consent.failure().fix()).containsIgnoringCase("consent");
    }

    @Test
    void anAppWithoutPermissionOnTheMailboxIsNamedAfterItsTokenWasIssued() throws Exception {
        ScriptedImapServer exchange = new ScriptedImapServer();
        closeables.add(exchange);
        exchange.authenticateReply = "NO AUTHENTICATE failed.";

        TestReport report = run(imap(exchange.port()), smtp(mail.smtpPort()));

        assertThat(step(report, "token").outcome()).isEqualTo(TestReport.Outcome.PASSED);
        TestReport.Step login = step(report, "imap-login");
        assertThat(login.outcome()).isEqualTo(TestReport.Outcome.FAILED);
        assertThat(login.cause()).isEqualTo("app-not-permitted-on-mailbox");
        assertThat(login.fix()).contains("New-ServicePrincipal", "Add-MailboxPermission");
    }

    @Test
    void aSharedMailboxOrGroupAsTheLoginIsNamed() throws Exception {
        ScriptedImapServer exchange = new ScriptedImapServer();
        closeables.add(exchange);
        exchange.selectReply = "BAD User is authenticated but not connected.";

        TestReport.Step login = step(run(imap(exchange.port()), smtp(mail.smtpPort())), "imap-login");

        assertThat(login.cause()).isEqualTo("no-mailbox-for-login");
        assertThat(login.fix()).contains("shared mailbox");
    }

    @Test
    void smtpAuthDisabledIsNamedWithTheSettingToChange() throws Exception {
        ScriptedSmtpServer exchange = new ScriptedSmtpServer();
        closeables.add(exchange);
        exchange.authReply = "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.";

        TestReport report = run(imap(mail.imapPort()), smtp(exchange.port()));

        assertThat(step(report, "imap-login").outcome()).isEqualTo(TestReport.Outcome.PASSED);
        TestReport.Step login = step(report, "smtp-login");
        assertThat(login.cause()).isEqualTo("smtp-auth-disabled");
        assertThat(login.fix()).contains("SmtpClientAuthenticationDisabled");
        assertThat(login.detail()).contains("5.7.139");
    }

    @Test
    void throttlingAtSubmissionIsNamed() throws Exception {
        ScriptedSmtpServer exchange = new ScriptedSmtpServer();
        closeables.add(exchange);
        exchange.mailReply = "432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded";

        TestReport.Step send = step(run(imap(mail.imapPort()), smtp(exchange.port())), "send");

        assertThat(send.outcome()).isEqualTo(TestReport.Outcome.FAILED);
        assertThat(send.cause()).isEqualTo("throttled");
    }

    @Test
    void aHostThatDoesNotResolveOrAPortThatRefusesIsTheFirstBrokenLink() throws Exception {
        TestReport dns = run(ServerAddress.parse("imap://no-such-host.invalid:143", Set.of("imap")), smtp(mail.smtpPort()));
        assertThat(dns.failure().name()).isEqualTo("dns");
        assertThat(dns.failure().cause()).isEqualTo("dns-unresolvable");

        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        TestReport tcp = run(imap(mail.imapPort()), smtp(closed));
        assertThat(tcp.failure().name()).isEqualTo("tcp");
        assertThat(tcp.failure().cause()).isEqualTo("connection-refused");
    }

    @Test
    void aFolderARouteReadsThatDoesNotExistIsNamed() {
        folders = new ConnectionCheck.Folders(List.of("INBOX", "Invoices"), List.of());

        TestReport.Step step = step(run(imap(mail.imapPort()), smtp(mail.smtpPort())), "folders");

        assertThat(step.cause()).isEqualTo("folder-missing");
        assertThat(step.detail()).contains("Invoices");
    }

    @Test
    void aTrustedCertificateForAnotherHostIsNamedAsAHostNameMismatch() throws Exception {
        KeyStore keys = selfSignedKeyStore("mail.other.example", "dns:mail.other.example");
        int port = tlsServer(keys);
        tlsSockets = trusting(keys);

        for (String host : new String[] {"127.0.0.1", "localhost"}) {
            TestReport.Step tls = step(run(ServerAddress.parse("imaps://" + host + ":" + port, Set.of("imaps")), smtp(mail.smtpPort())), "tls");

            assertThat(tls.outcome()).isEqualTo(TestReport.Outcome.FAILED);
            assertThat(tls.cause()).isEqualTo("tls-name-mismatch");
            assertThat(tls.detail()).contains(host, "mail.other.example");
            assertThat(tls.fix()).contains("mailbridge.mailboxes.ap.imap", "mail.other.example");
        }
    }

    @Test
    void aTrustedCertificateForTheHostPassesTheTlsStep() throws Exception {
        KeyStore keys = selfSignedKeyStore("localhost", "dns:localhost,ip:127.0.0.1");
        int port = tlsServer(keys);
        tlsSockets = trusting(keys);

        for (String host : new String[] {"127.0.0.1", "localhost"}) {
            TestReport.Step tls = step(run(ServerAddress.parse("imaps://" + host + ":" + port, Set.of("imaps")), smtp(mail.smtpPort())), "tls");

            assertThat(tls.outcome()).as(tls.detail()).isEqualTo(TestReport.Outcome.PASSED);
        }
    }

    /** A key and self-signed certificate made by the JDK's keytool, for the name and subject alternative names given. */
    private KeyStore selfSignedKeyStore(String commonName, String alternativeNames) throws Exception {
        Path file = dir.resolve(commonName + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + commonName,
                "-ext", "SAN=" + alternativeNames, "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            keys.load(in, "changeit".toCharArray());
        }
        return keys;
    }

    /** A TLS server on loopback that completes handshakes with this key and says nothing. */
    private int tlsServer(KeyStore keys) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closeables.add(server);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (SSLSocket client = (SSLSocket) server.accept()) {
                    client.setSoTimeout(3000);
                    client.startHandshake();
                    client.getInputStream().read();
                } catch (IOException e) {
                    // the client refused the certificate or hung up: next one
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    private static SSLSocketFactory trusting(KeyStore keys) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", keys.getCertificate("server"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context.getSocketFactory();
    }
}
