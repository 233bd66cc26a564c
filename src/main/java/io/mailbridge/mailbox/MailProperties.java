package io.mailbridge.mailbox;

import java.util.Properties;

/** The Jakarta Mail settings that sign in to a mailbox's server, the same for every connection mailbridge makes. */
public final class MailProperties {

    private MailProperties() {
    }

    /**
     * Adds to {@code props}: authentication on, XOAUTH2 as the only mechanism for OAuth mailboxes (an access token must
     * never travel as a PLAIN or LOGIN password), and STARTTLS required for protocols without implicit TLS unless the
     * server is on loopback, so that a credential never crosses the network in clear text.
     */
    public static Properties signIn(Properties props, String protocol, String host, boolean oauth) {
        String prefix = "mail." + protocol + ".";
        props.setProperty(prefix + "auth", "true");
        if (oauth) {
            props.setProperty(prefix + "auth.mechanisms", "XOAUTH2");
        }
        if (!protocol.endsWith("s") && !ServerAddress.isLoopback(host)) {
            props.setProperty(prefix + "starttls.enable", "true");
            props.setProperty(prefix + "starttls.required", "true");
        }
        return props;
    }
}
