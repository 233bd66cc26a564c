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
        if (mailbox.grant().isOAuth()) {
            config.setAuthenticator(new XOAuth2Authenticator(mailbox.id(), mailbox.login(), tokens));
        } else {
            config.setAuthenticator(new PasswordAuthenticator(mailbox.login(), mailbox.password()));
        }
        // forced, not defaulted: XOAUTH2 only for OAuth mailboxes, STARTTLS off loopback
        MailProperties.signIn(config.getAdditionalJavaMailProperties(), protocol, config.getHost(), mailbox.grant().isOAuth());
        LOG.info("Endpoint {} signs in as mailbox '{}' ({})", safeUri, mailbox.id(), mailbox.grant().configName());
        return endpoint;
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
