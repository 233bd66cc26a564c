package io.mailbridge.outbound;

import java.time.Instant;

/**
 * A mailbox whose sign-in the SMTP server refused: its mails wait, uncounted, until {@code retryAt}, when one mail
 * tries again; a success ends the pause.
 *
 * @param cause stable short name, e.g. {@code smtp-auth-disabled}
 * @param reply the server's words, or why no token could be had
 */
public record MailboxPause(String cause, String reply, String fix, Instant since, Instant retryAt) {

    public String describe() {
        return "mailbox paused, " + cause + ": " + reply + " Fix: " + fix;
    }

    /** Names the cause of a refused sign-in from the server's reply. */
    static MailboxPause of(String reply, Instant now, Instant retryAt) {
        String text = reply == null ? "" : reply;
        if (text.contains("5.7.139")) {
            return new MailboxPause("smtp-auth-disabled", text, "Authenticated SMTP is turned off for this mailbox or the "
                    + "whole tenant. Turn it on for the mailbox (Microsoft 365 admin center > Users > the user > Mail > Manage "
                    + "email apps > Authenticated SMTP) or for the tenant (Set-TransportConfig "
                    + "-SmtpClientAuthenticationDisabled $false).", now, retryAt);
        }
        if (text.startsWith("no credential")) {
            return new MailboxPause("token-unavailable", text, "See the mailbox's token status (GET /api/mailboxes/{id}) "
                    + "for the cause; sign the mailbox in again if it says needs-sign-in.", now, retryAt);
        }
        if (text.contains("5.7.3") || text.contains("535")) {
            return new MailboxPause("smtp-auth-refused", text, "The server refused the token. App-only (client "
                    + "credentials): give the app the SMTP.SendAsApp permission with admin consent, register its service "
                    + "principal in Exchange Online (New-ServicePrincipal) and grant it the mailbox (Add-MailboxPermission "
                    + "-AccessRights FullAccess). Delegated: give the app SMTP.Send and sign the mailbox in again. Check "
                    + "also that the login is a licensed user mailbox, not a shared mailbox or a group.", now, retryAt);
        }
        return new MailboxPause("authentication-failed", text, "Check the mailbox's login, grant and server "
                + "(mailbridge.mailboxes.<id>.*).", now, retryAt);
    }
}
