package io.mailbridge.mailbox;

import java.util.Locale;

/**
 * Names the cause of a mail server's refusal, with its fix, from the server's own words: the replies of Exchange
 * Online (Microsoft 365) first, then what any IMAP or SMTP server says.
 */
public final class MailServerReplies {

    /** A named cause and what to do about it. */
    public record Diagnosis(String cause, String fix) {
    }

    private static final String APP_ONLY_FIX = "App-only access needs three things in Exchange Online: the app's "
            + "permission (IMAP.AccessAsApp / SMTP.SendAsApp) with admin consent; its service principal registered "
            + "(New-ServicePrincipal -AppId <client-id> -ObjectId <enterprise app object id>); and access to this "
            + "mailbox (Add-MailboxPermission -Identity <mailbox> -User <service principal id> -AccessRights FullAccess).";
    private static final String DELEGATED_FIX = "The signed-in account has no access to this mailbox: sign in as the "
            + "mailbox's own user, or give the signing-in user FullAccess to it (and list it in sign-in-as); check that "
            + "the app has the delegated permission (IMAP.AccessAsUser.All / SMTP.Send).";
    private static final String THROTTLED_FIX = "Exchange Online is throttling this mailbox or app: wait a few minutes; "
            + "keep to 3 concurrent connections per mailbox (mailbridge.outbound.max-connections) and fewer polls "
            + "(mailbridge.inbound.poll-delay-ms).";

    private MailServerReplies() {
    }

    /** A refused SMTP sign-in or submission. */
    public static Diagnosis smtp(String reply, Grant grant) {
        String r = lower(reply);
        // 5.7.139 has several texts; only this one means SMTP AUTH is off, the others a refused credential
        if (r.contains("smtpclientauthentication is disabled")) {
            return new Diagnosis("smtp-auth-disabled", "Authenticated SMTP is turned off for this mailbox or the whole "
                    + "tenant. Turn it on for the mailbox (Microsoft 365 admin center > Users > the user > Mail > Manage "
                    + "email apps > Authenticated SMTP) or for the tenant (Set-TransportConfig "
                    + "-SmtpClientAuthenticationDisabled $false).");
        }
        if (r.contains("4.3.2") || r.contains("throttl") || r.contains("concurrent connections")) {
            return new Diagnosis("throttled", THROTTLED_FIX);
        }
        if (r.contains("5.7.60") || r.contains("send as this sender") || r.contains("sendasdenied")) {
            return new Diagnosis("send-as-denied", "The login may not send as this address (a shared mailbox or a "
                    + "group used as the sender): give the login Send As permission on it (Add-RecipientPermission "
                    + "-AccessRights SendAs), or send from the login's own address.");
        }
        if (r.contains("starttls")) {
            return new Diagnosis("starttls-required", "The SMTP server accepts mail only over TLS, and this session did "
                    + "not start it. mailbridge starts TLS whenever a server offers STARTTLS: check that the server "
                    + "advertises it on this port, and that its certificate is trusted by mailbridge's Java runtime "
                    + "(-Djavax.net.ssl.trustStore=...) for a private CA.");
        }
        if (r.contains("5.7.57") || r.contains("not authenticated")) {
            return new Diagnosis("smtp-not-authenticated", "The server took the mail without a sign-in and refused it: "
                    + "SMTP AUTH did not happen. Check that the server offers AUTH XOAUTH2 on this port (Exchange Online: "
                    + "smtp.office365.com:587 with STARTTLS) and that Authenticated SMTP is on for the mailbox.");
        }
        if (r.startsWith("no credential")) {
            return new Diagnosis("token-unavailable", "See the mailbox's token status (GET /api/mailboxes/{id}) for the "
                    + "cause; sign the mailbox in again if it says needs-sign-in.");
        }
        if (r.contains("5.7.3") || r.contains("5.7.139") || r.contains("535") || r.contains("authentication unsuccessful")) {
            return new Diagnosis("smtp-auth-refused", (grant == Grant.CLIENT_CREDENTIALS ? APP_ONLY_FIX : DELEGATED_FIX)
                    + " Check also that the login is a licensed user mailbox, not a shared mailbox or a group.");
        }
        return new Diagnosis("smtp-refused", "The SMTP server refused: read its reply. Check the mailbox's login, grant "
                + "and server (mailbridge.mailboxes.<id>.*).");
    }

    /** A refused IMAP sign-in or command. */
    public static Diagnosis imap(String response, Grant grant) {
        String r = lower(response);
        if (r.contains("throttl") || r.contains("[unavailable]") && r.contains("try again")) {
            return new Diagnosis("throttled", THROTTLED_FIX);
        }
        if (r.contains("not connected")) {
            // Exchange's answer when the token is fine but names no mailbox it can open
            return new Diagnosis("no-mailbox-for-login", "The token was accepted, but no mailbox belongs to the login: "
                    + "the login is a shared mailbox, a group or an unlicensed user. For a shared mailbox, sign in as a "
                    + "user with FullAccess and set login to that user, or use app-only access. "
                    + (grant == Grant.CLIENT_CREDENTIALS ? APP_ONLY_FIX : ""));
        }
        if (r.contains("authenticate failed") || r.contains("authentication failed") || r.contains("login failed")) {
            return new Diagnosis(grant == Grant.CLIENT_CREDENTIALS ? "app-not-permitted-on-mailbox" : "imap-auth-refused",
                    grant == Grant.CLIENT_CREDENTIALS ? APP_ONLY_FIX : DELEGATED_FIX
                            + " IMAP must also be enabled for the mailbox (Set-CASMailbox -ImapEnabled $true).");
        }
        return new Diagnosis("imap-refused", "The IMAP server refused: read its response. Check the mailbox's login, "
                + "grant and server (mailbridge.mailboxes.<id>.*).");
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
