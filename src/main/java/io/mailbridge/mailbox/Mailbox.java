package io.mailbridge.mailbox;

import java.util.List;

/**
 * A configured mailbox: an address, how it signs in and where its servers are.
 *
 * @param client   the OAuth client, null for {@link Grant#PASSWORD}
 * @param login    the user name presented to the mail server; the address unless configured otherwise
 * @param password the password for {@link Grant#PASSWORD}, null otherwise
 * @param signInAs accounts besides the address and login that may sign the mailbox in (delegates of a shared
 *                 mailbox); empty for none
 */
public record Mailbox(
        String id,
        String address,
        String login,
        Grant grant,
        OAuthClient client,
        ServerAddress imap,
        ServerAddress smtp,
        ServerAddress pop3,
        Secret password,
        List<String> signInAs) {

    /** Whether this mailbox's server for the protocol is that host and port. */
    public boolean serves(String protocol, String host, int port) {
        ServerAddress server = serverFor(protocol);
        return server != null && server.host().equalsIgnoreCase(host) && server.port() == port;
    }

    /** Whether this account may sign the mailbox in. */
    public boolean acceptsSignInBy(String account) {
        return account.equalsIgnoreCase(address) || account.equalsIgnoreCase(login)
                || signInAs.stream().anyMatch(account::equalsIgnoreCase);
    }

    /** The server configured for a camel-mail protocol, or null. */
    public ServerAddress serverFor(String protocol) {
        return switch (protocol) {
            case "imap", "imaps" -> imap;
            case "smtp", "smtps" -> smtp;
            case "pop3", "pop3s" -> pop3;
            default -> null;
        };
    }
}
