package io.mailbridge.mailbox;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.search.HeaderTerm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/** The Jakarta Mail settings that sign in to a mailbox's server, the same for every connection mailbridge makes. */
public final class MailProperties {

    /**
     * Jakarta Mail settings that would let a connection trust any certificate, skip the host name check, use a socket
     * of someone else's making, or go through a proxy: whoever runs that proxy or holds that certificate would read the
     * mailbox's token or password.
     */
    private static final Pattern WEAKENING = Pattern.compile(
            "mail\\.[^.]+\\.(ssl\\.trust|ssl\\.checkserveridentity|ssl\\.socketfactory.*|socketfactory.*|proxy\\..*|socks\\..*)");

    private MailProperties() {
    }

    /** Whether this Jakarta Mail setting weakens a connection's TLS or routes it elsewhere (see {@link #signIn}). */
    public static boolean weakensConnection(String key) {
        return WEAKENING.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * Adds to {@code props}: authentication on, XOAUTH2 as the only mechanism for OAuth mailboxes (an access token must
     * never travel as a PLAIN or LOGIN password), and, for protocols without implicit TLS, STARTTLS whenever the server
     * offers it (a local relay may demand it) and required unless the server is on loopback, so that a credential
     * never crosses the network in clear text; the server's certificate must name its host (Jakarta Mail does not
     * check that by default). Every connection's socket has Nagle's algorithm off ({@link NoDelaySockets}).
     */
    public static Properties signIn(Properties props, String protocol, String host, boolean oauth) {
        String prefix = "mail." + protocol + ".";
        props.setProperty(prefix + "auth", "true");
        props.setProperty(prefix + "ssl.checkserveridentity", "true");
        // an object, not a text: Jakarta Mail uses a factory instance given so (TLS is still layered on by Jakarta Mail)
        props.put(prefix + "socketFactory", NoDelaySockets.INSTANCE);
        if (oauth) {
            props.setProperty(prefix + "auth.mechanisms", "XOAUTH2");
        }
        if (!protocol.endsWith("s")) {
            props.setProperty(prefix + "starttls.enable", "true");
            if (!ServerAddress.isLoopback(host)) {
                props.setProperty(prefix + "starttls.required", "true");
            }
        }
        return props;
    }

    /** A session for one of the mailbox's servers, signing in as {@link #signIn} says, within these timeouts. */
    public static Session session(ServerAddress server, boolean oauth, Duration timeout) {
        Properties props = signIn(new Properties(), server.protocol(), server.host(), oauth);
        String prefix = "mail." + server.protocol() + ".";
        props.setProperty(prefix + "connectiontimeout", String.valueOf(timeout.toMillis()));
        props.setProperty(prefix + "timeout", String.valueOf(timeout.toMillis()));
        return Session.getInstance(props);
    }

    /**
     * The messages in an open folder whose Message-ID is exactly this one. The server's search is only a filter: every
     * hit is checked, so that a lax server cannot make a caller delete or move someone else's mail.
     */
    public static List<Message> withMessageId(Folder folder, String messageId) throws MessagingException {
        List<Message> found = new ArrayList<>();
        for (Message m : folder.search(new HeaderTerm("Message-ID", messageId))) {
            String[] ids = m.getHeader("Message-ID");
            if (ids != null && ids.length == 1 && ids[0].trim().equals(messageId.trim())) {
                found.add(m);
            }
        }
        return found;
    }
}
