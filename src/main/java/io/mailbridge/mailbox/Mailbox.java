package io.mailbridge.mailbox;

/**
 * A configured mailbox: an address, how it signs in and where its servers are.
 *
 * @param client   the OAuth client, null for {@link Grant#PASSWORD}
 * @param login    the user name presented to the mail server; the address unless configured otherwise
 * @param password the password for {@link Grant#PASSWORD}, null otherwise
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
        Secret password) {

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
