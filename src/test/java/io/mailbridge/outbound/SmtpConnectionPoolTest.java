package io.mailbridge.outbound;

import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.sandbox.SandboxMailServer;
import io.mailbridge.support.CountingProxy;
import io.mailbridge.support.TestAuthority;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The pool against the XOAUTH2-only sandbox SMTP server, with the connections counted on the wire. */
class SmtpConnectionPoolTest {

    private static final String ADDRESS = "ap@example.test";

    private TestAuthority authority;
    private SandboxMailServer mail;
    private CountingProxy proxy;
    private final AtomicReference<String> token = new AtomicReference<>();
    private SmtpConnectionPool pool;

    @BeforeEach
    void start() throws Exception {
        authority = new TestAuthority();
        mail = authority.startMailServer(ADDRESS);
        proxy = new CountingProxy(mail.smtpPort());
        token.set(newToken());
    }

    @AfterEach
    void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
        proxy.close();
        mail.close();
        authority.close();
    }

    private String newToken() throws Exception {
        return new MsalAuthorityClient(authority.trustForClient()).clientCredentials(authority.client()).accessToken();
    }

    private SmtpConnectionPool pool(int max, Duration idle) {
        pool = new SmtpConnectionPool(new SmtpConnectionPool.Target("smtp", "127.0.0.1", proxy.port(), ADDRESS, true, false),
                token::get, max, idle, Duration.ofSeconds(30), Clock.systemUTC());
        return pool;
    }

    private static MimeMessage message(String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress(ADDRESS));
        m.setRecipients(Message.RecipientType.TO, "customer@example.test");
        m.setSubject(subject);
        m.setText("Your invoice is attached.");
        m.saveChanges();
        return m;
    }

    private void send(SmtpConnectionPool pool, String subject) throws Exception {
        SmtpConnectionPool.Connection c = pool.borrow();
        try {
            MimeMessage m = message(subject);
            c.transport().sendMessage(m, m.getAllRecipients());
            pool.release(c);
        } catch (Exception e) {
            pool.discard(c);
            throw e;
        }
    }

    @Test
    void sequentialMessagesShareOneConnection() throws Exception {
        SmtpConnectionPool pool = pool(3, Duration.ofMinutes(1));
        for (int i = 0; i < 20; i++) {
            send(pool, "Invoice " + i);
        }
        assertThat(mail.greenMail().getReceivedMessages()).hasSize(20);
        assertThat(proxy.total()).isEqualTo(1);
        assertThat(pool.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void anotherSessionWithoutXOAuth2IsStillRefused() throws Exception {
        send(pool(3, Duration.ofMinutes(1)), "signed in");
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(mail.smtpPort()));
        MimeMessage anonymous = new MimeMessage(Session.getInstance(p));
        anonymous.setFrom(new InternetAddress(ADDRESS));
        anonymous.setRecipients(Message.RecipientType.TO, "customer@example.test");
        anonymous.setText("no AUTH");
        assertThatThrownBy(() -> Transport.send(anonymous))
                .isInstanceOf(MessagingException.class);
        assertThat(mail.greenMail().getReceivedMessages()).hasSize(1);
    }

    @Test
    void concurrentSendersNeverOpenMoreThanTheCap() throws Exception {
        SmtpConnectionPool pool = pool(3, Duration.ofMinutes(1));
        ExecutorService senders = Executors.newFixedThreadPool(12);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            int sender = t;
            done.add(senders.submit(() -> {
                for (int i = 0; i < 5; i++) {
                    send(pool, "Run " + sender + "/" + i);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        senders.shutdown();
        assertThat(mail.greenMail().getReceivedMessages()).hasSize(60);
        assertThat(proxy.peak()).isLessThanOrEqualTo(3);
        assertThat(proxy.total()).isLessThanOrEqualTo(3);
    }

    @Test
    void renewedTokenRetiresTheConnectionSignedInWithTheOldOne() throws Exception {
        SmtpConnectionPool pool = pool(3, Duration.ofMinutes(1));
        send(pool, "before renewal");
        token.set(newToken());
        send(pool, "after renewal");

        assertThat(mail.greenMail().getReceivedMessages()).hasSize(2);
        assertThat(proxy.total()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.open() == 1);
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        SmtpConnectionPool pool = pool(3, Duration.ofMillis(300));
        send(pool, "one");
        assertThat(proxy.open()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.open() == 0);
        send(pool, "two");
        assertThat(proxy.total()).isEqualTo(2);
    }

    @Test
    void droppedConnectionFailsOnceIsDiscardedAndTheNextBorrowReconnects() throws Exception {
        SmtpConnectionPool pool = pool(1, Duration.ofMinutes(1));
        send(pool, "before the drop");
        proxy.dropAll();

        assertThatThrownBy(() -> send(pool, "into the void"))
                .isInstanceOf(MessagingException.class);
        send(pool, "after the drop");

        assertThat(mail.greenMail().getReceivedMessages()).hasSize(2);
        assertThat(pool.connectionsOpened()).isEqualTo(2);
    }
}
