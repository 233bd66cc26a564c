package io.mailbridge.outbound;

import io.mailbridge.support.ScriptedSmtpServer;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Each SMTP answer becomes the outcome that decides what happens to the request. */
class PooledSmtpSenderTest {

    private ScriptedSmtpServer smtp;
    private SmtpConnectionPool pool;
    private PooledSmtpSender sender;

    @BeforeEach
    void start() throws Exception {
        smtp = new ScriptedSmtpServer();
        pool = new SmtpConnectionPool(new SmtpConnectionPool.Target("smtp", "127.0.0.1", smtp.port(), "ap@example.test", true, false),
                () -> "token", 3, Duration.ofMinutes(1), Duration.ofSeconds(10), Clock.systemUTC());
        sender = new PooledSmtpSender(pool);
    }

    @AfterEach
    void stop() throws Exception {
        pool.close();
        smtp.close();
    }

    private static MimeMessage message() throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("ap@example.test"));
        m.setRecipients(Message.RecipientType.TO, "customer@example.test");
        m.setSubject("Invoice");
        m.setText("text");
        m.saveChanges();
        return m;
    }

    @Test
    void acceptedMessageIsSentAndTheConnectionReused() throws Exception {
        assertThat(sender.send(message()).kind()).isEqualTo(SendOutcome.Kind.SENT);
        assertThat(sender.send(message()).kind()).isEqualTo(SendOutcome.Kind.SENT);
        assertThat(smtp.accepted()).isEqualTo(2);
        assertThat(smtp.connections()).isEqualTo(1);
    }

    @Test
    void temporaryRefusalsAreRetriedAndTheSessionIsReplaced() throws Exception {
        for (String reply : new String[] {"451 4.3.0 Temporary server error", "452 4.5.3 Too many recipients"}) {
            smtp.dataEndReply = reply;
            SendOutcome outcome = sender.send(message());
            assertThat(outcome.kind()).as(reply).isEqualTo(SendOutcome.Kind.RETRY);
            assertThat(outcome.code()).isEqualTo(Integer.parseInt(reply.substring(0, 3)));
            assertThat(outcome.reply()).contains(reply.substring(4));
        }
        smtp.dataEndReply = "250 OK";
        smtp.mailReply = "432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded";
        assertThat(sender.send(message()).kind()).isEqualTo(SendOutcome.Kind.RETRY);
        smtp.mailReply = "421 4.7.0 Service not available, closing transmission channel";
        assertThat(sender.send(message()).kind()).isEqualTo(SendOutcome.Kind.RETRY);
        assertThat(smtp.connections()).isEqualTo(4);
    }

    @Test
    void permanentRefusalsFailWithTheServersReply() throws Exception {
        smtp.rcptReply = "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found";
        SendOutcome atRcpt = sender.send(message());
        assertThat(atRcpt.kind()).isEqualTo(SendOutcome.Kind.FAILED);
        assertThat(atRcpt.code()).isEqualTo(550);
        assertThat(atRcpt.reply()).contains("RecipientNotFound");

        smtp.rcptReply = "250 OK";
        smtp.dataEndReply = "554 5.6.0 Message rejected";
        assertThat(sender.send(message())).extracting(SendOutcome::kind, SendOutcome::code)
                .containsExactly(SendOutcome.Kind.FAILED, 554);
    }

    @Test
    void refusedSignInPausesTheMailboxInsteadOfFailingTheMessage() throws Exception {
        smtp.authReply = "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.";
        SendOutcome outcome = sender.send(message());
        assertThat(outcome.kind()).isEqualTo(SendOutcome.Kind.AUTH_FAILED);
        assertThat(outcome.reply()).contains("5.7.139");
        assertThat(smtp.accepted()).isZero();
    }

    @Test
    void aMessageThatCannotBeWrittenFailsWithoutLosingAConnection() throws Exception {
        for (int i = 0; i < 5; i++) {
            MimeMessage broken = message();
            broken.setDataHandler(new DataHandler(new DataSource() {
                public InputStream getInputStream() {
                    throw new IllegalStateException("attachment store unreachable");
                }

                public OutputStream getOutputStream() {
                    throw new UnsupportedOperationException();
                }

                public String getContentType() {
                    return "application/pdf";
                }

                public String getName() {
                    return "invoice.pdf";
                }
            }));
            SendOutcome outcome = sender.send(broken);
            assertThat(outcome.kind()).isEqualTo(SendOutcome.Kind.FAILED);
        }
        assertThat(sender.send(message()).kind()).as("all 3 connections still usable").isEqualTo(SendOutcome.Kind.SENT);
    }

    @Test
    void connectionDroppedAfterTheFinalDotIsReportedAsUnknown() throws Exception {
        smtp.dropAfterDot = true;
        SendOutcome outcome = sender.send(message());
        assertThat(outcome.kind()).isEqualTo(SendOutcome.Kind.UNKNOWN);
        assertThat(outcome.reply()).contains("after the message was sent");

        smtp.dropAfterDot = false;
        smtp.resetAfterDot = true;
        assertThat(sender.send(message()).kind()).as("reset instead of a close").isEqualTo(SendOutcome.Kind.UNKNOWN);
    }

    @Test
    void connectionDroppedBeforeTheDataIsRetried() throws Exception {
        smtp.dropAfterMail = true;
        assertThat(sender.send(message()).kind()).isEqualTo(SendOutcome.Kind.RETRY);
        assertThat(smtp.accepted()).isZero();
    }

    @Test
    void aPermanentRefusalOfAnyRecipientOutweighsATemporaryOne() throws Exception {
        MimeMessage two = message();
        two.setRecipients(Message.RecipientType.TO, "busy@example.test, gone@example.test");
        smtp.rcptReply = "452 4.2.2 Mailbox full";
        assertThat(sender.send(two).kind()).isEqualTo(SendOutcome.Kind.RETRY);
        smtp.rcptReply = "550 5.1.1 User unknown";
        assertThat(sender.send(two)).extracting(SendOutcome::kind, SendOutcome::code).containsExactly(SendOutcome.Kind.FAILED, 550);
    }
}
