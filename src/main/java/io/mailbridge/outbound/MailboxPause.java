package io.mailbridge.outbound;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.MailServerReplies;

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
    static MailboxPause of(String reply, Grant grant, Instant now, Instant retryAt) {
        MailServerReplies.Diagnosis d = MailServerReplies.smtp(reply, grant);
        return new MailboxPause(d.cause(), reply == null ? "" : reply, d.fix(), now, retryAt);
    }
}
