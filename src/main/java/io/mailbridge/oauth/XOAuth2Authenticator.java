package io.mailbridge.oauth;

import jakarta.mail.PasswordAuthentication;
import org.apache.camel.component.mail.MailAuthenticator;

/**
 * Hands camel-mail the mailbox's current access token as the XOAUTH2 "password"; asked on every connect, so a
 * renewed token is used as soon as it exists.
 */
public final class XOAuth2Authenticator extends MailAuthenticator {

    private final String mailboxId;
    private final String login;
    private final TokenService tokens;

    public XOAuth2Authenticator(String mailboxId, String login, TokenService tokens) {
        this.mailboxId = mailboxId;
        this.login = login;
        this.tokens = tokens;
    }

    @Override
    public PasswordAuthentication getPasswordAuthentication() {
        try {
            return new PasswordAuthentication(login, tokens.accessToken(mailboxId));
        } catch (TokenUnavailableException e) {
            // camel-mail also asks while creating the endpoint, where only the user name is used; throwing there would
            // stop every route from starting. Without a password the connect fails, and the token service has already
            // logged the named cause and its fix.
            return new PasswordAuthentication(login, null);
        }
    }

    public String mailboxId() {
        return mailboxId;
    }
}
