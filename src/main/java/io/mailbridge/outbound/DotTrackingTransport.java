package io.mailbridge.outbound;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.io.IOException;

/**
 * Jakarta Mail's SMTP transport, noting whether the final dot of the current message went out: a connection that
 * breaks after it may have delivered the message, one that breaks before it certainly did not.
 */
public class DotTrackingTransport extends SMTPTransport {

    private volatile boolean finalDotSent;

    public DotTrackingTransport(Session session, URLName url) {
        super(session, url);
    }

    protected DotTrackingTransport(Session session, URLName url, String name, boolean ssl) {
        super(session, url, name, ssl);
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        finalDotSent = false;
        super.sendMessage(message, addresses);
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        // set before the write: a dot that failed halfway may still have reached the server
        finalDotSent = true;
        super.finishData();
    }

    @Override
    protected void finishBdat() throws IOException, MessagingException {
        finalDotSent = true;
        super.finishBdat();
    }

    /** Whether the last message's data was completed (final dot or last BDAT chunk sent). */
    public boolean finalDotSent() {
        return finalDotSent;
    }

    /** The same over implicit TLS ({@code smtps}). */
    public static class Ssl extends DotTrackingTransport {
        public Ssl(Session session, URLName url) {
            super(session, url, "smtps", true);
        }
    }
}
