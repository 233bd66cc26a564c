package io.mailbridge.oauth;

import io.mailbridge.config.ClosedOnStop;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.metrics.MailbridgeMetrics;
import io.mailbridge.store.Database;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ExecutorServiceManager;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;

/**
 * Wires the token service of the configured mailboxes over its encrypted store. The service is handed to the features
 * that sign mail connections, never bound in Camel's registry by name, so that no route can ask it for a token.
 */
public final class TokenSetup {

    private TokenSetup() {
    }

    /**
     * Registered with {@link ClosedOnStop} after the store it writes to, so that Camel, which stops its services in
     * reverse order, closes it first. Renewal starts only with {@link TokenService#start}, once the rest is wired.
     *
     * @param shared    the store the instances share, or null for encrypted files under {@code dataDir}
     * @param forgotten mailboxes whose refresh token is deleted at start: their authority knows none from the last run
     */
    public static TokenService install(CamelContext context, TokenProperties properties, MailboxRegistry registry,
                                       AuthorityClient authority, Database shared, Path dataDir, TokenCipher cipher,
                                       Collection<String> forgotten, MailbridgeMetrics metrics) {
        TokenStore store = TokenStores.open(shared, dataDir, cipher);
        forgotten.forEach(store::delete);
        // its threads come from Camel's executor manager: named, visible in Camel's management, shut down with Camel
        ExecutorServiceManager executors = context.getExecutorServiceManager();
        TokenService tokens = ClosedOnStop.register(context, "token service", new TokenService(registry, store, authority,
                Clock.systemUTC(), Duration.ofSeconds(properties.getRefreshAheadSeconds()),
                executors.newCachedThreadPool(store, "mailbridge-token"),
                executors.newSingleThreadScheduledExecutor(store, "mailbridge-token-renewal")));
        tokens.observe(metrics);
        return tokens;
    }
}
