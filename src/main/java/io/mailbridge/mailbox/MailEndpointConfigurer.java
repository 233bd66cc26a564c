package io.mailbridge.mailbox;

import io.mailbridge.oauth.TokenService;
import io.mailbridge.oauth.XOAuth2Authenticator;
import org.apache.camel.Endpoint;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.spi.EndpointStrategy;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Gives every camel-mail endpoint whose user name is a configured mailbox that mailbox's credential: the XOAUTH2
 * authenticator and SASL mechanism for OAuth mailboxes, the configured password otherwise. Routes name the mailbox
 * and never mention OAuth.
 */
public final class MailEndpointConfigurer implements EndpointStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(MailEndpointConfigurer.class);

    private final MailboxRegistry registry;
    private final TokenService tokens;

    public MailEndpointConfigurer(MailboxRegistry registry, TokenService tokens) {
        this.registry = registry;
        this.tokens = tokens;
    }

    @Override
    public Endpoint registerEndpoint(String uri, Endpoint endpoint) {
        if (!(endpoint instanceof MailEndpoint mailEndpoint)) {
            return endpoint;
        }
        MailConfiguration config = mailEndpoint.getConfiguration();
        List<Mailbox> candidates = registry.byLogin(config.getUsername());
        if (candidates.isEmpty()) {
            return endpoint;
        }
        String safeUri = URISupport.sanitizeUri(uri);
        String protocol = config.getProtocol().toLowerCase(Locale.ROOT);
        Mailbox mailbox = registry.serving(config.getUsername(), protocol, config.getHost(), config.getPort())
                .orElseThrow(() -> new IllegalArgumentException(mismatch(safeUri, candidates.get(0), protocol, config)));
        if (config.getAuthenticator() != null || config.getPassword() != null) {
            LOG.info("Endpoint {} brings its own credentials; mailbox '{}' leaves it as it is", safeUri, mailbox.id());
            return endpoint;
        }
        refuseOwnSession(mailbox, mailEndpoint);
        if (mailbox.grant().isOAuth()) {
            config.setAuthenticator(new XOAuth2Authenticator(mailbox.id(), mailbox.login(), tokens));
        } else {
            config.setAuthenticator(new PasswordAuthenticator(mailbox.login(), mailbox.password()));
        }
        // a copy: the endpoint's properties may be shared with the component or a bean, and other endpoints
        Properties props = new Properties();
        if (config.getAdditionalJavaMailProperties() != null) {
            props.putAll(config.getAdditionalJavaMailProperties());
        }
        for (String key : props.stringPropertyNames()) {
            if (MailProperties.weakensConnection(key)) {
                props.remove(key);
                // the key only: a value may be a proxy password
                LOG.warn("{} of mailbox '{}': ignoring {}; mailbridge connects directly and checks the server's "
                        + "certificate and host name", where(mailEndpoint), mailbox.id(), key);
            }
        }
        // forced, not defaulted: XOAUTH2 only for OAuth mailboxes, STARTTLS off loopback, host name checked
        MailProperties.signIn(props, protocol, config.getHost(), mailbox.grant().isOAuth());
        config.setAdditionalJavaMailProperties(props);
        LOG.info("Endpoint {} signs in as mailbox '{}' ({})", safeUri, mailbox.id(), mailbox.grant().configName());
        return endpoint;
    }

    /**
     * Refuses options that replace the connection settings mailbridge checks: a session or its properties can name
     * another host and any trust, a mail sender its own connection, SSL parameters a trust manager of the route's.
     */
    private static void refuseOwnSession(Mailbox mailbox, MailEndpoint endpoint) {
        MailConfiguration config = endpoint.getConfiguration();
        String option = config.getSession() != null ? "session"
                : config.getJavaMailProperties() != null ? "javaMailProperties"
                : config.getJavaMailSender() != null ? "javaMailSender"
                : config.getSslContextParameters() != null ? "sslContextParameters" : null;
        if (option == null) {
            return;
        }
        throw new IllegalArgumentException(where(endpoint) + " signs in as mailbox '" + mailbox.id() + "' and sets option '"
                + option + "', which mailbridge refuses there: it would replace the server, trust or connection that mailbridge checks before handing over the "
                + "mailbox's credential. Remove '" + option + "' from the route; mailbridge connects to "
                + mailbox.serverFor(config.getProtocol().toLowerCase(Locale.ROOT)) + " with the Java trust store.");
    }

    /** The route being created and the endpoint's server, without its options (which may hold secrets). */
    private static String where(MailEndpoint endpoint) {
        MailConfiguration config = endpoint.getConfiguration();
        String route = endpoint.getCamelContext() == null ? null : endpoint.getCamelContext().getCamelContextExtension().getCreateRoute();
        return (route == null ? "Endpoint " : "Route '" + route + "', endpoint ") + config.getProtocol() + "://"
                + config.getHost() + ":" + config.getPort();
    }

    private static String mismatch(String uri, Mailbox mailbox, String protocol, MailConfiguration config) {
        ServerAddress server = mailbox.serverFor(protocol);
        String property = MailboxSettingsReader.MAILBOXES + mailbox.id() + "." + protocol.replaceAll("s$", "");
        if (server == null) {
            return "Endpoint " + uri + " uses mailbox '" + mailbox.id() + "' (" + config.getUsername() + "), which has no "
                    + protocol + " server configured: set " + property;
        }
        // refusing here keeps a mailbox's token from being handed to a server it was not configured for
        return "Endpoint " + uri + " uses mailbox '" + mailbox.id() + "' (" + config.getUsername() + ") with server "
                + config.getHost() + ":" + config.getPort() + ", but the mailbox's server is " + server.host() + ":"
                + server.port() + "; mailbridge signs in only to the configured server. Fix the route, or " + property;
    }
}
