package io.mailbridge.diagnosis;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.MailServerReplies;

/** A broken link of a connection test: the step fails with this cause and fix. */
final class BrokenLink extends Exception {

    private final String cause;
    private final String fix;

    BrokenLink(String detail, String cause, String fix) {
        super(detail, null, false, false);
        this.cause = cause;
        this.fix = fix;
    }

    /** A refusal of the IMAP server, its cause and fix named from its reply. */
    static BrokenLink imap(String detail, String reply, Grant grant) {
        MailServerReplies.Diagnosis d = MailServerReplies.imap(reply, grant);
        return new BrokenLink(detail, d.cause(), d.fix());
    }

    /** A refusal of the SMTP server, its cause and fix named from its reply. */
    static BrokenLink smtp(String detail, String reply, Grant grant) {
        MailServerReplies.Diagnosis d = MailServerReplies.smtp(reply, grant);
        return new BrokenLink(detail, d.cause(), d.fix());
    }

    String cause() {
        return cause;
    }

    String fix() {
        return fix;
    }
}
