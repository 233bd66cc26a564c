package io.mailbridge.diagnosis;

import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.mailbox.OAuthClient;
import io.mailbridge.oauth.TokenService;
import io.mailbridge.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * What will break a mailbox soon, said while there is time to act: the client secret or certificate expires within
 * 30 days; the refresh token has not been used for 60 days (Microsoft's cut-off is 90); the mailbox has sent to more
 * than 80% of its daily recipient budget.
 */
public final class MailboxWarnings {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxWarnings.class);
    static final Duration CREDENTIAL_NOTICE = Duration.ofDays(30);
    static final Duration REFRESH_TOKEN_IDLE = Duration.ofDays(60);
    static final Duration REFRESH_TOKEN_LIMIT = Duration.ofDays(90);
    static final double BUDGET_SHARE = 0.8;

    /** One warning: a stable cause, what is coming and by when, and what to do. */
    public record Warning(String cause, String message, String fix, Instant due) {
    }

    private final MailboxRegistry registry;
    private final TokenService tokens;
    private final ToIntFunction<String> recipientsToday;
    private final ToIntFunction<String> recipientsPerDay;
    private final Clock clock;
    private final Map<String, Instant> certificateExpiry = new ConcurrentHashMap<>();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /**
     * @param recipientsToday  recipients a mailbox has sent to today (UTC)
     * @param recipientsPerDay its daily budget
     */
    public MailboxWarnings(MailboxRegistry registry, TokenService tokens, ToIntFunction<String> recipientsToday,
                           ToIntFunction<String> recipientsPerDay, Clock clock) {
        this.registry = registry;
        this.tokens = tokens;
        this.recipientsToday = recipientsToday;
        this.recipientsPerDay = recipientsPerDay;
        this.clock = clock;
        for (OAuthClient client : registry.clients()) {
            if (client.certificate() != null) {
                notAfter(client).ifPresent(at -> certificateExpiry.put(client.id(), at));
            }
        }
    }

    /** The mailbox's warnings; what the store keeps shows as the warning store-unreachable while it is out of reach. */
    public List<Warning> of(String mailboxId) {
        return find(mailboxId, true);
    }

    /** @param outageAsWarning whether a store out of reach is a warning, or fails the whole check */
    private List<Warning> find(String mailboxId, boolean outageAsWarning) {
        Mailbox mailbox = registry.mailbox(mailboxId).orElse(null);
        if (mailbox == null) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Warning> warnings = new ArrayList<>();
        OAuthClient client = mailbox.client();
        if (client != null && client.secretExpires() != null) {
            Instant expires = client.secretExpires().atStartOfDay(ZoneOffset.UTC).toInstant();
            if (now.plus(CREDENTIAL_NOTICE).isAfter(expires)) {
                warnings.add(new Warning(now.isBefore(expires) ? "client-secret-expiring" : "client-secret-expired",
                        "the client secret of '" + client.id() + "' expire" + (now.isBefore(expires) ? "s" : "d") + " on "
                                + client.secretExpires(),
                        "In Entra, app registration > Certificates & secrets: add a new client secret, put its Value in "
                                + "mailbridge.clients." + client.id() + ".client-secret and its date in .secret-expires, "
                                + "restart, then delete the old secret.", expires));
            }
        }
        if (client != null && certificateExpiry.containsKey(client.id())) {
            Instant expires = certificateExpiry.get(client.id());
            if (now.plus(CREDENTIAL_NOTICE).isAfter(expires)) {
                warnings.add(new Warning("client-certificate-expiring", "the certificate of '" + client.id() + "' ("
                        + client.certificate() + ") expires on " + expires,
                        "Make a new certificate, upload it to the app registration (Certificates & secrets), point "
                                + "mailbridge.clients." + client.id() + ".certificate-file at it, restart.", expires));
            }
        }
        try {
            if (mailbox.grant().isDelegated()) {
                tokens.refreshTokenIssuedAt(mailboxId).filter(issued -> now.isAfter(issued.plus(REFRESH_TOKEN_IDLE)))
                        .ifPresent(issued -> warnings.add(new Warning("refresh-token-idle", "the refresh token was last "
                                + "renewed on " + issued + "; Microsoft refuses one unused for 90 days",
                                "Keep mailbridge running (it renews tokens in the background), or sign the mailbox in again "
                                        + "at /oauth/" + mailboxId + "/sign-in.", issued.plus(REFRESH_TOKEN_LIMIT))));
            }
            if (mailbox.smtp() != null) {
                int sent = recipientsToday.applyAsInt(mailboxId);
                int budget = recipientsPerDay.applyAsInt(mailboxId);
                if (budget > 0 && sent > budget * BUDGET_SHARE) {
                    Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                    warnings.add(new Warning("recipient-budget-nearly-spent", "sent to " + sent + " of " + budget
                            + " recipients today (UTC); mail beyond the budget waits until " + midnight,
                            "Spread the sending over days, or send from another mailbox.", midnight));
                }
            }
        } catch (StoreException e) {
            if (!outageAsWarning) {
                throw e;
            }
            // these two are the store's to tell; the mailbox's other warnings and its state stand without them
            warnings.add(new Warning("store-unreachable", "the refresh token's age and the day's recipient budget cannot be "
                    + "read: " + e.outage(), StoreException.CHECK + ".", now));
        }
        return warnings;
    }

    /** Logs each warning once (until it goes away and comes back). */
    public void logNew() {
        Set<String> current = ConcurrentHashMap.newKeySet();
        for (Mailbox m : registry.mailboxes()) {
            List<Warning> found;
            try {
                // a store out of reach skips this round rather than log its passing outage as a warning
                found = find(m.id(), false);
            } catch (RuntimeException e) {
                // the store unreachable, say: this check is skipped, not the ones to come, and what was logged stays logged
                LOG.warn("Mailbox '{}': its warnings could not be checked ({}); they are checked again within the hour",
                        m.id(), e.getMessage());
                logged.stream().filter(k -> k.startsWith(m.id() + "/")).forEach(current::add);
                continue;
            }
            for (Warning w : found) {
                String key = m.id() + "/" + w.cause();
                current.add(key);
                if (logged.add(key)) {
                    LOG.warn("Mailbox '{}': {}: {}. Fix: {}", m.id(), w.cause(), w.message(), w.fix());
                }
            }
        }
        logged.retainAll(current);
    }

    private static Optional<Instant> notAfter(OAuthClient client) {
        try (InputStream in = Files.newInputStream(client.certificate())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            char[] password = client.certificatePassword() == null ? new char[0] : client.certificatePassword().reveal().toCharArray();
            store.load(in, password);
            Instant earliest = null;
            for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
                if (store.getCertificate(aliases.nextElement()) instanceof X509Certificate x509) {
                    Instant at = x509.getNotAfter().toInstant();
                    earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
                }
            }
            return Optional.ofNullable(earliest);
        } catch (Exception e) {
            LOG.debug("cannot read the expiry of {}'s certificate: {}", client.id(), e.toString());
            return Optional.empty();
        }
    }
}
