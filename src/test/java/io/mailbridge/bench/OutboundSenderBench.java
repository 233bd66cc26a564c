package io.mailbridge.bench;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.MailEndpointConfigurer;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.ServerAddress;
import io.mailbridge.oauth.EncryptedFileTokenStore;
import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.oauth.TokenCipher;
import io.mailbridge.oauth.TokenService;
import io.mailbridge.outbound.SmtpConnectionPool;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.TestAuthority;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * Messages per second to a local XOAUTH2 SMTP server: mailbridge's pooled sender against a plain Jakarta Mail loop
 * on one reused connection, and against the stock camel-mail producer (a new connection per message), in one run.
 */
public final class OutboundSenderBench {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int stockCount = Math.max(20, count / 10);
        try (BenchServers servers = new BenchServers()) {
            String token = new MsalAuthorityClient(servers.authority.trustForClient()).clientCredentials(servers.authority.client()).accessToken();
            int port = servers.mail.smtpPort();

            // warm-up of both paths, so neither pays for class loading and JIT; then alternating rounds, medians
            plainLoop(port, token, count / 2);
            pooled(port, token, count / 2);
            double[] plainRounds = new double[5];
            double[] pooledRounds = new double[5];
            for (int round = 0; round < 5; round++) {
                // the server's store grows with every message, so the order alternates
                if (round % 2 == 0) {
                    plainRounds[round] = plainLoop(port, token, count);
                    pooledRounds[round] = pooled(port, token, count);
                } else {
                    pooledRounds[round] = pooled(port, token, count);
                    plainRounds[round] = plainLoop(port, token, count);
                }
            }
            double plain = median(plainRounds);
            double pooled = median(pooledRounds);
            double stock = stockProducer(servers, port, stockCount);
            System.out.printf("outbound sender, 1 KB messages, median of 5 rounds: plain loop %.0f msg/s, pooled sender %.0f msg/s (%.2fx), "
                    + "stock camel-mail producer %.1f msg/s over %d messages; pooled/stock %.0fx%n",
                    plain, pooled, pooled / plain, stock, stockCount, pooled / stock);
        }
        System.exit(0);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static MimeMessage message(Session session, int i) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(BenchServers.ADDRESS));
        m.setRecipients(Message.RecipientType.TO, "customer@example.test");
        m.setSubject("Invoice " + i);
        m.setText("x".repeat(1000));
        m.saveChanges();
        return m;
    }

    /** The baseline: Jakarta Mail, one connection signed in once, {@code sendMessage} in a loop. */
    static double plainLoop(int port, String token, int count) throws Exception {
        return plainLoop(Session.getInstance(plainLoopSettings()), port, BenchServers.ADDRESS, token, count);
    }

    /** The plain loop's session settings: SMTP AUTH with XOAUTH2 only. */
    static Properties plainLoopSettings() {
        Properties p = new Properties();
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.auth.mechanisms", "XOAUTH2");
        return p;
    }

    /** The plain loop in that session (one with STARTTLS settings, say), signed in as that user. */
    static double plainLoop(Session session, int port, String user, String token, int count) throws Exception {
        long start = System.nanoTime();
        Transport transport = session.getTransport("smtp");
        transport.connect("127.0.0.1", port, user, token);
        for (int i = 0; i < count; i++) {
            MimeMessage m = message(session, i);
            transport.sendMessage(m, m.getAllRecipients());
        }
        transport.close();
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static double pooled(int port, String token, int count) throws Exception {
        Session session = Session.getInstance(new Properties());
        long start = System.nanoTime();
        try (SmtpConnectionPool pool = new SmtpConnectionPool(new SmtpConnectionPool.Target("smtp", "127.0.0.1", port,
                BenchServers.ADDRESS, true, false), () -> token, 3, Duration.ofMinutes(1), Duration.ofSeconds(30), Clock.systemUTC())) {
            for (int i = 0; i < count; i++) {
                MimeMessage m = message(session, i);
                SmtpConnectionPool.Connection c = pool.borrow();
                c.transport().sendMessage(m, m.getAllRecipients());
                pool.release(c);
            }
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** camel-mail's own producer, signed in by mailbridge's token service as a route would be. */
    static double stockProducer(BenchServers servers, int port, int count) throws Exception {
        Path dir = Files.createTempDirectory("mailbridge-outbound-bench");
        Mailbox ap = TestAuthority.mailbox("ap", BenchServers.ADDRESS, Grant.CLIENT_CREDENTIALS, servers.authority.client(), null,
                ServerAddress.parse("smtp://127.0.0.1:" + port, Set.of("smtp")));
        try (TokenService tokens = new TokenService(TestAuthority.registry(ap), new EncryptedFileTokenStore(dir,
                TokenCipher.fromFileCreatingIfMissing(dir.resolve("key"))), new MsalAuthorityClient(servers.authority.trustForClient()),
                Clock.systemUTC(), Duration.ofMinutes(5));
             DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getCamelContextExtension().registerEndpointCallback(new MailEndpointConfigurer(TestAuthority.registry(ap), tokens));
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            String uri = "smtp://127.0.0.1:" + port + "?username=" + BenchServers.ADDRESS + "&from=" + BenchServers.ADDRESS
                    + "&to=customer@example.test&subject=Invoice";
            producer.sendBody(uri, "warm-up");
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                producer.sendBody(uri, "x".repeat(1000));
            }
            return count / ((System.nanoTime() - start) / 1e9);
        } finally {
            RunningApp.deleteRecursively(dir);
        }
    }
}
