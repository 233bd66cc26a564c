package io.mailbridge.mailbox;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The configured OAuth clients and mailboxes, as read and checked at startup. */
public final class MailboxRegistry {

    private final Map<String, OAuthClient> clients;
    private final Map<String, Mailbox> mailboxes;

    public MailboxRegistry(Map<String, OAuthClient> clients, Map<String, Mailbox> mailboxes) {
        this.clients = new LinkedHashMap<>(clients);
        this.mailboxes = new LinkedHashMap<>(mailboxes);
    }

    public Collection<Mailbox> mailboxes() {
        return mailboxes.values();
    }

    public Collection<OAuthClient> clients() {
        return clients.values();
    }

    public Optional<Mailbox> mailbox(String id) {
        return Optional.ofNullable(mailboxes.get(id));
    }

    /** The mailbox a mail endpoint signs in as: the user name is its login or address, and the server is its own. */
    public Optional<Mailbox> serving(String user, String protocol, String host, int port) {
        String p = protocol.toLowerCase(Locale.ROOT);
        return byLogin(user).stream().filter(m -> m.serves(p, host, port)).findFirst();
    }

    /** Mailboxes whose login or address is the given mail user name. */
    public List<Mailbox> byLogin(String user) {
        if (user == null) {
            return List.of();
        }
        String wanted = user.toLowerCase(Locale.ROOT);
        return mailboxes.values().stream()
                .filter(m -> m.login().toLowerCase(Locale.ROOT).equals(wanted)
                        || m.address().toLowerCase(Locale.ROOT).equals(wanted))
                .toList();
    }
}
