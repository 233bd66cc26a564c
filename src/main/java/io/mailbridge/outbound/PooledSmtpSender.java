package io.mailbridge.outbound;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;

/**
 * Sends messages of one mailbox over its connection pool and names each outcome by what must happen next: sent,
 * retry later, failed for good, pause the mailbox (its sign-in is refused), or unknown (the connection broke after
 * the final dot, so the message may have arrived).
 */
public final class PooledSmtpSender {

    private final SmtpConnectionPool pool;

    public PooledSmtpSender(SmtpConnectionPool pool) {
        this.pool = pool;
    }

    public SendOutcome send(MimeMessage message) throws InterruptedException {
        SmtpConnectionPool.Connection connection;
        try {
            connection = pool.borrow();
        } catch (AuthenticationFailedException e) {
            return new SendOutcome(SendOutcome.Kind.AUTH_FAILED, 535, reply(e));
        } catch (SmtpConnectionPool.PoolBusyException e) {
            return new SendOutcome(SendOutcome.Kind.RETRY, 0, e.getMessage());
        } catch (MessagingException e) {
            return classifyConnectFailure(e);
        }
        boolean released = false;
        try {
            Address[] recipients = message.getAllRecipients();
            connection.transport().sendMessage(message, recipients);
            String reply = connection.transport() instanceof SMTPTransport smtp ? smtp.getLastServerResponse() : "250";
            pool.release(connection);
            released = true;
            return SendOutcome.sent(reply == null ? "250" : reply.strip());
        } catch (MessagingException e) {
            boolean dotSent = connection.transport() instanceof DotTrackingTransport tracking && tracking.finalDotSent();
            return classify(e, dotSent);
        } catch (RuntimeException e) {
            // the message itself could not be written (an attachment that cannot be read): resending will not help
            return new SendOutcome(SendOutcome.Kind.FAILED, 0, "the message cannot be written: " + e);
        } finally {
            if (!released) {
                // whatever happened, this session is not trusted with the next message
                pool.discard(connection);
            }
        }
    }

    private static SendOutcome classify(MessagingException e, boolean dotSent) {
        int code = code(e);
        if (code >= 500) {
            return new SendOutcome(isMailboxSetup(code, reply(e)) ? SendOutcome.Kind.AUTH_FAILED : SendOutcome.Kind.FAILED,
                    code, reply(e));
        }
        if (code >= 400) {
            return new SendOutcome(SendOutcome.Kind.RETRY, code, reply(e));
        }
        if (dotSent) {
            // the server had the whole message, but its verdict never arrived (reset, timeout, end of stream)
            return new SendOutcome(SendOutcome.Kind.UNKNOWN, 0, "connection lost after the message was sent: " + reply(e));
        }
        IOException io = ioCause(e);
        if (io != null && !isConnectionTrouble(io)) {
            // the message itself could not be written out (an attachment that cannot be read): resending will not help
            return new SendOutcome(SendOutcome.Kind.FAILED, 0, "the message cannot be written: " + io);
        }
        return new SendOutcome(SendOutcome.Kind.RETRY, 0, reply(e));
    }

    /**
     * Replies that say the mailbox's setup is wrong, not the mail: the session is not signed in or not encrypted as the
     * server demands (530, 534, 535; Exchange's 5.7.57 "client not authenticated" and 5.7.139 "authentication
     * unsuccessful"). Every queued mail would meet the same reply, so the mailbox pauses instead of failing them all.
     */
    static boolean isMailboxSetup(int code, String reply) {
        if (code == 530 || code == 534 || code == 535) {
            return true;
        }
        String r = reply == null ? "" : reply;
        return r.contains("5.7.57") || r.contains("5.7.139");
    }

    private static SendOutcome classifyConnectFailure(MessagingException e) {
        int code = code(e);
        if (isMailboxSetup(code, reply(e))) {
            return new SendOutcome(SendOutcome.Kind.AUTH_FAILED, code, reply(e));
        }
        return new SendOutcome(code >= 500 ? SendOutcome.Kind.FAILED : SendOutcome.Kind.RETRY, Math.max(code, 0), reply(e));
    }

    /**
     * The reply code that decides: a permanent refusal of any recipient outweighs a temporary one, since resending
     * would only be refused again.
     */
    private static int code(MessagingException e) {
        int code = -1;
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            int c = x instanceof SMTPSendFailedException s ? s.getReturnCode()
                    : x instanceof SMTPAddressFailedException a ? a.getReturnCode() : -1;
            if (c >= 500 || c >= 400 && code < 400) {
                code = c;
            }
            if (code >= 500) {
                return code;
            }
        }
        return code;
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
            if (t instanceof MessagingException m && m.getNextException() instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    private static boolean isConnectionTrouble(IOException e) {
        return e instanceof SocketException || e instanceof SocketTimeoutException
                || e instanceof EOFException || e instanceof SSLException;
    }

    /** The server's own words where there are some (they sit in a nested exception when a recipient is refused). */
    private static String reply(MessagingException e) {
        String message = e.getMessage();
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if ((x instanceof SMTPSendFailedException || x instanceof SMTPAddressFailedException) && x.getMessage() != null) {
                message = x.getMessage();
                break;
            }
        }
        message = message == null ? e.getClass().getSimpleName() : message;
        return message.strip().replaceAll("\\s+", " ");
    }
}
