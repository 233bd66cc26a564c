package io.mailbridge.mailbox;

import jakarta.mail.PasswordAuthentication;
import org.apache.camel.component.mail.MailAuthenticator;

/** Supplies a password-grant mailbox's configured password, so it never has to be written into a route. */
final class PasswordAuthenticator extends MailAuthenticator {

    private final String login;
    private final Secret password;

    PasswordAuthenticator(String login, Secret password) {
        this.login = login;
        this.password = password;
    }

    @Override
    public PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication(login, password.reveal());
    }
}
