package io.mailbridge;

import io.mailbridge.config.Settings;
import io.mailbridge.mailbox.ConfigurationException;
import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.mailbox.MailboxSettingsReader;
import io.mailbridge.oauth.AuthorityException;
import io.mailbridge.oauth.CachedTokens;
import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.oauth.StoredToken;
import io.mailbridge.oauth.TokenCipher;
import io.mailbridge.oauth.TokenKeys;
import io.mailbridge.oauth.TokenResult;
import io.mailbridge.oauth.TokenStore;
import io.mailbridge.oauth.TokenStores;
import io.mailbridge.store.Database;
import io.mailbridge.store.StoreException;
import io.mailbridge.store.StoreProperties;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * {@code sign-in <mailbox>}: the device-code sign-in for headless servers. Prints the URL and code, waits for the
 * user, stores the refresh token; a running mailbridge picks it up by itself.
 */
final class SignInCommand {

    private SignInCommand() {
    }

    static int run(String configLocation, String[] args) {
        return run(configLocation, args, System.out, System.err);
    }

    static int run(String configLocation, String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: java -jar mailbridge.jar sign-in <mailbox-id>");
            return 2;
        }
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PropertiesComponent properties = context.getPropertiesComponent();
            properties.setLocation(configLocation);
            MailboxRegistry registry = MailboxSettingsReader.read(new Settings(properties).mailboxProperties());
            Mailbox mailbox = registry.mailbox(args[1]).orElse(null);
            if (mailbox == null) {
                err.println("There is no mailbox '" + args[1] + "'; configured: "
                        + registry.mailboxes().stream().map(Mailbox::id).toList());
                return 2;
            }
            if (mailbox.grant() != Grant.DEVICE_CODE) {
                err.println("Mailbox '" + mailbox.id() + "' uses grant " + mailbox.grant().configName()
                        + "; the command-line sign-in is for grant device-code"
                        + (mailbox.grant() == Grant.AUTHORIZATION_CODE ? " (sign this one in at /oauth/" + mailbox.id() + "/sign-in)" : ""));
                return 2;
            }
            MailbridgeSettings settings = MailbridgeSettings.bind(context);
            Path dataDir = settings.dataDir();
            TokenCipher cipher = TokenKeys.cipher(settings.general(), registry, dataDir, false);
            StoreProperties store = settings.store();
            // the store the running instances read: the shared one when configured (opened before the user signs in,
            // so that a store out of reach is said first), else the token files
            try (Database shared = store.getUrl() == null ? null
                    : Database.open(store.getUrl(), store.getUser(), store.getPassword())) {
                return signIn(mailbox, TokenStores.open(shared, dataDir, cipher), out, err);
            }
        } catch (ConfigurationException e) {
            err.println(e.getMessage());
            return 2;
        } catch (AuthorityException e) {
            err.println("Sign-in failed: " + e.failure().describe());
            return 1;
        } catch (StoreException e) {
            err.println("The shared store cannot be used: " + e.getMessage() + ". " + StoreException.CHECK + ".");
            return 1;
        } catch (IOException e) {
            err.println("Sign-in failed: " + e.getMessage());
            return 1;
        }
    }

    private static int signIn(Mailbox mailbox, TokenStore store, PrintStream out, PrintStream err) throws AuthorityException {
        TokenResult result = new MsalAuthorityClient(Map.of()).deviceCode(mailbox.client(), prompt -> {
            out.println(prompt.message() != null ? prompt.message()
                    : "Open " + prompt.verificationUri() + " and enter the code " + prompt.userCode());
            out.println("Sign in as " + mailbox.address() + " (the code expires in " + prompt.expiresInSeconds() / 60 + " minutes).");
            out.flush();
        });
        if (result.account() != null && !mailbox.acceptsSignInBy(result.account())) {
            err.println("Signed in as " + result.account() + ", but mailbox '" + mailbox.id() + "' is " + mailbox.address()
                    + ". Sign in as that account, or list a delegate in mailbridge.mailboxes." + mailbox.id()
                    + ".sign-in-as. Nothing was stored.");
            return 1;
        }
        if (result.refreshToken() == null) {
            err.println("The authority issued no refresh token: add offline_access to the client's delegated-scopes.");
            return 1;
        }
        Instant now = Instant.now();
        // the access token too: with a shared store, every running instance takes it without asking the authority
        store.save(mailbox.id(), CachedTokens.of(new StoredToken(result.refreshToken(), now), result, now));
        out.println("Mailbox '" + mailbox.id() + "' is signed in" + (result.account() == null ? "" : " as " + result.account())
                + ". A running mailbridge picks the token up within a minute.");
        return 0;
    }
}
