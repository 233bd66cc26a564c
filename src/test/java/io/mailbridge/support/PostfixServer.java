package io.mailbridge.support;

import io.mailbridge.oauth.TlsTrust;

import javax.net.ssl.SSLContext;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A private Postfix 3.7 (Debian's package, installed by {@code scripts/install-mail-servers.sh}) on a free loopback
 * port: its own configuration, queue and log, STARTTLS with a certificate made for the run, SMTP AUTH checked by
 * Dovecot's auth socket (XOAUTH2 tokens introspected at the test authority), and mail for the Dovecot server's users
 * handed to it over LMTP, where tests count it on disk. Unlike an in-memory server, it stores each message durably
 * before its {@code 250}.
 */
public final class PostfixServer implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private final X509Certificate certificate;

    private final Thread stopOnExit = new Thread(this::close, "postfix-stop");

    private PostfixServer(Path dir, int port, X509Certificate certificate) {
        this.dir = dir;
        this.port = port;
        this.certificate = certificate;
        // a test that dies without close() must not leave a server behind
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts a server that relays for the domain of {@code dovecot}'s users into {@code dovecot}.
     *
     * @param requireTls true: {@code smtpd_tls_security_level = encrypt}, every command but EHLO, STARTTLS and QUIT is
     *                   refused with {@code 530 5.7.0 Must issue a STARTTLS command first} until TLS is on; false: TLS
     *                   is offered, and SMTP AUTH still needs it ({@code smtpd_tls_auth_only})
     * @param moreSettings   further {@code main.cf} lines, which win over the ones above
     */
    public static PostfixServer start(DovecotServer dovecot, String domain, boolean requireTls, String... moreSettings)
            throws IOException {
        if (!Files.isExecutable(Path.of("/usr/sbin/postfix"))) {
            throw new IllegalStateException("Postfix is not installed: the build runs scripts/install-mail-servers.sh "
                    + "before the tests (Debian package postfix)");
        }
        Path dir = DovecotServer.home("postfix").resolve(ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
        RunningApp.deleteRecursively(dir);
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("queue"));
        run(dir, List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"));
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(dir.resolve("cert.pem"))) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot read the generated certificate", e);
        }
        IOException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = RunningApp.freePort();
            writeConfig(dir, dovecot, domain, requireTls, port);
            if (moreSettings.length > 0) {
                Files.writeString(dir.resolve("main.cf"), String.join("\n", moreSettings) + "\n",
                        java.nio.file.StandardOpenOption.APPEND);
            }
            // the queue belongs to postfix; the data and log folders are created with the right owners at start
            run(dir, List.of("chown", "-R", "postfix:postfix", dir.resolve("data").toString()));
            run(dir, List.of("/usr/sbin/postfix", "-c", dir.toString(), "start"));
            PostfixServer server = new PostfixServer(dir, port, certificate);
            try {
                server.awaitGreeting();
                return server;
            } catch (IOException e) {
                server.close();
                last = e;
                if (!server.log().contains("Address already in use")) {
                    break;
                }
            }
        }
        throw last;
    }

    private static void writeConfig(Path dir, DovecotServer dovecot, String domain, boolean requireTls, int port)
            throws IOException {
        Files.writeString(dir.resolve("main.cf"), """
                # a private instance for one test: nothing here touches the system's Postfix
                compatibility_level = 3.6
                queue_directory = %1$s/queue
                data_directory = %1$s/data
                command_directory = /usr/sbin
                daemon_directory = /usr/lib/postfix/sbin
                meta_directory = /etc/postfix
                shlib_directory = /usr/lib/postfix
                mail_owner = postfix
                setgid_group = postdrop
                # Postfix reports to syslog, which this machine may not have: a file of its own instead
                maillog_file = %1$s/maillog
                maillog_file_prefixes = %1$s
                myhostname = mx.postfix.test
                mydomain = postfix.test
                myorigin = $myhostname
                mydestination =
                inet_interfaces = 127.0.0.1
                inet_protocols = ipv4
                # no client is trusted by its address: relaying needs a sign-in
                mynetworks = 192.0.2.1/32
                smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
                smtpd_recipient_restrictions = permit_sasl_authenticated, reject
                alias_maps =
                alias_database =
                local_recipient_maps =
                relayhost =
                biff = no
                smtputf8_enable = no
                virtual_mailbox_domains = %2$s
                virtual_transport = lmtp:unix:%3$s
                smtpd_tls_cert_file = %1$s/cert.pem
                smtpd_tls_key_file = %1$s/key.pem
                smtpd_tls_security_level = %4$s
                smtpd_tls_auth_only = yes
                # one line per TLS handshake, so that a test can see a session was encrypted
                smtpd_tls_loglevel = 1
                smtpd_sasl_auth_enable = yes
                smtpd_sasl_type = dovecot
                smtpd_sasl_path = %5$s
                # a test's many connections must not meet the anvil rate limits
                smtpd_client_connection_rate_limit = 0
                smtpd_client_message_rate_limit = 0
                """.formatted(dir, domain, dovecot.lmtpSocket(), requireTls ? "encrypt" : "may", dovecot.authSocket()));
        Files.writeString(dir.resolve("master.cf"), """
                127.0.0.1:%d inet n - n - - smtpd
                cleanup   unix  n - n - 0 cleanup
                qmgr      unix  n - n 300 1 qmgr
                tlsmgr    unix  - - n 1000? 1 tlsmgr
                rewrite   unix  - - n - - trivial-rewrite
                bounce    unix  - - n - 0 bounce
                defer     unix  - - n - 0 bounce
                trace     unix  - - n - 0 bounce
                verify    unix  - - n - 1 verify
                flush     unix  n - n 1000? 0 flush
                proxymap  unix  - - n - - proxymap
                smtp      unix  - - n - - smtp
                relay     unix  - - n - - smtp
                showq     unix  n - n - - showq
                error     unix  - - n - - error
                retry     unix  - - n - - error
                discard   unix  - - n - - discard
                lmtp      unix  - - n - - lmtp
                anvil     unix  - - n - 1 anvil
                scache    unix  - - n - 1 scache
                postlog   unix-dgram n - n - 1 postlogd
                """.formatted(port));
    }

    private void awaitGreeting() throws IOException {
        // "postfix start" returns once its master runs in the background: only the greeting tells it is up
        ServerGreeting.await("Postfix", port, "220", START_TIMEOUT, () -> true, this::log);
    }

    public int port() {
        return port;
    }

    /** Trust in the certificate this server presents for STARTTLS. */
    public SSLContext trust() {
        return TlsTrust.trusting(certificate);
    }

    /** A PKCS#12 trust store holding the server's certificate, for a child JVM's {@code javax.net.ssl.trustStore}. */
    public Path trustStore(String password) throws IOException {
        Path file = dir.resolve("trust.p12");
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("postfix", certificate);
            try (var out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot write the trust store", e);
        }
        return file;
    }

    /** Postfix's own log of this instance. */
    public String log() {
        try {
            Path log = dir.resolve("maillog");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "(no maillog yet)";
        } catch (IOException e) {
            return "(maillog unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            run(dir, List.of("/usr/sbin/postfix", "-c", dir.toString(), "abort"));
        } catch (IOException e) {
            // already stopped
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // called by the hook itself, while the JVM shuts down
        }
    }

    private static void run(Path dir, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: "
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
