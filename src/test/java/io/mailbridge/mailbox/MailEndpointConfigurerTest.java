package io.mailbridge.mailbox;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.PlainObject;
import io.mailbridge.oauth.EncryptedFileTokenStore;
import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.oauth.TokenCipher;
import io.mailbridge.oauth.TokenService;
import io.mailbridge.sandbox.SandboxMailServer;
import io.mailbridge.support.TestAuthority;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MailEndpointConfigurerTest {

    @TempDir
    Path dir;

    private TestAuthority authority;
    private SandboxMailServer mail;
    private TokenService tokens;
    private DefaultCamelContext camel;

    @BeforeEach
    void start() {
        authority = new TestAuthority();
        mail = authority.startMailServer("ap@example.test");
        Mailbox ap = TestAuthority.mailbox("ap", "ap@example.test", Grant.CLIENT_CREDENTIALS,
                authority.client(), ServerAddress.parse("imap://127.0.0.1:" + mail.imapPort(), Set.of("imap")),
                ServerAddress.parse("smtp://127.0.0.1:" + mail.smtpPort(), Set.of("smtp")));
        MailboxRegistry registry = TestAuthority.registry(ap);
        tokens = new TokenService(registry, new EncryptedFileTokenStore(dir, TokenCipher.fromFileCreatingIfMissing(dir.resolve("key"))),
                new MsalAuthorityClient(authority.trustForClient()), Clock.systemUTC(), Duration.ofMinutes(5));
        camel = new DefaultCamelContext();
        camel.getCamelContextExtension().registerEndpointCallback(new MailEndpointConfigurer(registry, tokens));
    }

    @AfterEach
    void stop() {
        camel.stop();
        tokens.close();
        mail.close();
        authority.close();
    }

    private MimeMessage message(String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("supplier@example.test"));
        m.setRecipients(MimeMessage.RecipientType.TO, "ap@example.test");
        m.setSubject(subject);
        m.setText("body");
        return m;
    }

    @Test
    void imapRouteThatNamesTheMailboxReadsMailOverXOAuth2() throws Exception {
        mail.deliver("ap@example.test", message("Invoice 4711"));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("imap://127.0.0.1:" + mail.imapPort() + "?username=ap@example.test&delay=200&initialDelay=0")
                        .routeId("read").to("mock:read");
            }
        });
        camel.start();
        MockEndpoint read = camel.getEndpoint("mock:read", MockEndpoint.class);
        read.expectedMessageCount(1);
        read.assertIsSatisfied(10_000);
        assertThat(read.getExchanges().get(0).getMessage().getHeader("Subject")).isEqualTo("Invoice 4711");
        MailEndpoint endpoint = (MailEndpoint) camel.getRoute("read").getEndpoint();
        assertThat(endpoint.getConfiguration().getAdditionalJavaMailProperties().getProperty("mail.imap.auth.mechanisms"))
                .isEqualTo("XOAUTH2");
    }

    @Test
    void smtpProducerThatNamesTheMailboxSendsOverXOAuth2() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("smtp://127.0.0.1:" + mail.smtpPort() + "?username=ap@example.test&to=ap@example.test&from=ap@example.test");
            }
        });
        camel.start();
        camel.createProducerTemplate().sendBodyAndHeader("direct:send", "Payment advice", "Subject", "Remittance 12");

        await().atMost(Duration.ofSeconds(10)).until(() -> mail.greenMail().getReceivedMessages().length == 1);
        assertThat(mail.greenMail().getReceivedMessages()[0].getSubject()).isEqualTo("Remittance 12");
    }

    @Test
    void mailServerRefusesPasswordsAndForgedTokensOnImapAndSmtp() throws Exception {
        String forged = new PlainObject(new Payload(
                "{\"sub\":\"" + TestAuthority.CLIENT_ID + "\",\"exp\":4102444800}")).serialize();
        for (String secret : new String[] {"password", forged, tokens.accessToken("ap") + "x"}) {
            Properties p = new Properties();
            p.put("mail.imap.auth.mechanisms", "XOAUTH2");
            Store store = Session.getInstance(p).getStore("imap");
            assertThatThrownBy(() -> store.connect("127.0.0.1", mail.imapPort(), "ap@example.test", secret))
                    .isInstanceOf(AuthenticationFailedException.class);
            Properties s = new Properties();
            s.put("mail.smtp.auth", "true");
            s.put("mail.smtp.auth.mechanisms", "XOAUTH2");
            Transport transport = Session.getInstance(s).getTransport("smtp");
            assertThatThrownBy(() -> transport.connect("127.0.0.1", mail.smtpPort(), "ap@example.test", secret))
                    .isInstanceOf(AuthenticationFailedException.class);
        }
        Properties p = new Properties();
        p.put("mail.imap.auth.mechanisms", "XOAUTH2");
        Store store = Session.getInstance(p).getStore("imap");
        store.connect("127.0.0.1", mail.imapPort(), "ap@example.test", tokens.accessToken("ap"));
        assertThat(store.isConnected()).isTrue();
        store.close();
    }

    @Test
    void smtpWithoutAuthenticationCannotDeliver() throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(mail.smtpPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom("x@example.test");
        m.setRecipients(MimeMessage.RecipientType.TO, "ap@example.test");
        m.setText("x");
        assertThatThrownBy(() -> Transport.send(m)).isInstanceOf(MessagingException.class);
        assertThat(mail.greenMail().getReceivedMessages()).isEmpty();
    }

    @Test
    void endpointForTheMailboxOnAnotherServerIsRefusedSoTheTokenNeverLeaves() {
        assertThatThrownBy(() -> camel.getEndpoint("imaps://evil.example.test:993?username=ap@example.test"))
                .hasStackTraceContaining("mailbox 'ap'")
                .hasStackTraceContaining("mailbridge.mailboxes.ap.imap")
                .hasStackTraceContaining("evil.example.test:993");
    }

    @Test
    void passwordMailboxSignsInWithItsConfiguredPasswordWhichTheRouteNeverHolds() throws Exception {
        GreenMail plain = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        plain.start();
        try {
            plain.setUser("legacy@example.test", "legacy@example.test", "s3cret-pass");
            plain.getUserManager().getUserByEmail("legacy@example.test").deliver(message("Order 99"));
            Mailbox legacy = new Mailbox("legacy", "legacy@example.test", "legacy@example.test", Grant.PASSWORD, null,
                    ServerAddress.parse("imap://127.0.0.1:" + plain.getImap().getPort(), Set.of("imap")), null, null,
                    Secret.of("s3cret-pass"), List.of());
            DefaultCamelContext context = new DefaultCamelContext();
            context.getCamelContextExtension().registerEndpointCallback(
                    new MailEndpointConfigurer(TestAuthority.registry(legacy), tokens));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("imap://127.0.0.1:" + plain.getImap().getPort() + "?username=legacy@example.test&delay=200&initialDelay=0")
                            .routeId("legacy").to("mock:legacy");
                }
            });
            context.start();
            MockEndpoint read = context.getEndpoint("mock:legacy", MockEndpoint.class);
            read.expectedHeaderReceived("Subject", "Order 99");
            read.assertIsSatisfied(10_000);
            MailEndpoint endpoint = (MailEndpoint) context.getRoute("legacy").getEndpoint();
            assertThat(endpoint.getConfiguration().getPassword()).isNull();
            assertThat(endpoint.getConfiguration().getAdditionalJavaMailProperties()).doesNotContainKey("mail.imap.auth.mechanisms");
            context.stop();
        } finally {
            plain.stop();
        }
    }

    @Test
    void credentialsNeverCrossTheNetworkInClearText() {
        Mailbox remote = new Mailbox("remote", "remote@example.test", "remote@example.test", Grant.CLIENT_CREDENTIALS,
                authority.client(), ServerAddress.parse("imap://mail.example.test:143", Set.of("imap")),
                ServerAddress.parse("smtp://mail.example.test:25", Set.of("smtp")), null, null, List.of());
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().registerEndpointCallback(new MailEndpointConfigurer(TestAuthority.registry(remote), tokens));
        for (String uri : new String[] {"imap://mail.example.test:143?username=remote@example.test",
                "smtp://mail.example.test:25?username=remote@example.test"}) {
            MailEndpoint endpoint = (MailEndpoint) context.getEndpoint(uri);
            Properties props = endpoint.getConfiguration().getAdditionalJavaMailProperties();
            String protocol = endpoint.getConfiguration().getProtocol();
            assertThat(props).containsEntry("mail." + protocol + ".starttls.required", "true")
                    .containsEntry("mail." + protocol + ".auth.mechanisms", "XOAUTH2");
        }
    }

    @Test
    void endpointsOfOtherUsersAreLeftAlone() {
        MailEndpoint endpoint = (MailEndpoint) camel.getEndpoint("imap://127.0.0.1:" + mail.imapPort() + "?username=someone@else.test&password=x");
        assertThat(endpoint.getConfiguration().getAuthenticator()).isNull();
        assertThat(endpoint.getConfiguration().getAdditionalJavaMailProperties()).isEmpty();
    }
}
