package io.mailbridge;

import io.mailbridge.config.Settings;
import io.mailbridge.mailbox.ConfigurationException;
import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.mailbox.MailboxSettingsReader;
import io.mailbridge.oauth.AuthorityException;
import io.mailbridge.oauth.EncryptedFileTokenStore;
import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.oauth.StoredToken;
import io.mailbridge.oauth.TokenKeys;
import io.mailbridge.oauth.TokenResult;
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
            var store = new EncryptedFileTokenStore(dataDir.resolve("tokens"),
                    TokenKeys.cipher(settings.general(), registry, dataDir, false));
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
            store.save(mailbox.id(), new StoredToken(result.refreshToken(), Instant.now()));
            out.println("Mailbox '" + mailbox.id() + "' is signed in" + (result.account() == null ? "" : " as " + result.account())
                    + ". A running mailbridge picks the token up within a minute.");
            return 0;
        } catch (ConfigurationException e) {
            err.println(e.getMessage());
            return 2;
        } catch (AuthorityException e) {
            err.println("Sign-in failed: " + e.failure().describe());
            return 1;
        } catch (IOException e) {
            err.println("Sign-in failed: " + e.getMessage());
            return 1;
        }
    }
}
