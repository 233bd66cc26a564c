package io.mailbridge.support;

import io.mailbridge.sandbox.SandboxAuthority;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The private Postfix takes a mail over STARTTLS and XOAUTH2 (checked by Dovecot) and hands it to Dovecot. */
class PostfixServerTest {

    private static final String ADDRESS = "ap@dovecot.test";

    @Test
    void mailSignedInWithATokenArrivesInTheDovecotMailbox() throws Exception {
        try (TestAuthority authority = new TestAuthority(DovecotServer.tokenClaims(ADDRESS));
             DovecotServer dovecot = DovecotServer.start(authority, ADDRESS);
             PostfixServer postfix = PostfixServer.start(dovecot, "dovecot.test", true)) {
            String token = authority.authority().server().issueToken(SandboxAuthority.ISSUER_ID, TestAuthority.CLIENT_ID,
                    new DefaultOAuth2TokenCallback(SandboxAuthority.ISSUER_ID, TestAuthority.CLIENT_ID, "JWT", List.of("api://test"),
                            DovecotServer.tokenClaims(ADDRESS), 600)).serialize();
            Properties props = new Properties();
            props.put("mail.smtp.auth", "true");
            props.put("mail.smtp.auth.mechanisms", "XOAUTH2");
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
            props.put("mail.smtp.ssl.socketFactory", postfix.trust().getSocketFactory());
            Session session = Session.getInstance(props);
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(ADDRESS));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(ADDRESS));
            message.setSubject("Through Postfix");
            message.setText("hello");
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect("127.0.0.1", postfix.port(), ADDRESS, token);
                transport.sendMessage(message, message.getAllRecipients());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> dovecot.subjects(ADDRESS, "INBOX").contains("Through Postfix"));
        }
    }
}
