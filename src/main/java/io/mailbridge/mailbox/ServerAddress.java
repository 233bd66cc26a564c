package io.mailbridge.mailbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/** A mail server a mailbox talks to, written as a URI such as {@code imaps://outlook.office365.com:993}. */
public record ServerAddress(String protocol, String host, int port) {

    private static final Set<String> PROTOCOLS = Set.of("imap", "imaps", "smtp", "smtps", "pop3", "pop3s");

    /**
     * Parses a server URI; the message of the exception names what is wrong but not the property, which the caller
     * knows.
     */
    public static ServerAddress parse(String text, Set<String> allowedProtocols) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URI (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !allowedProtocols.contains(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' is not a server URI; write it as "
                    + String.join(" or ", allowedProtocols.stream().sorted().map(p -> p + "://host:port").toList()));
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/") || uri.getQuery() != null) {
            throw new IllegalArgumentException("'" + text + "' must name only protocol, host and port; "
                    + "folders and options belong in the route");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : defaultPort(scheme);
        return new ServerAddress(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
    }

    static int defaultPort(String protocol) {
        return switch (protocol) {
            case "imap" -> 143;
            case "imaps" -> 993;
            case "smtp" -> 587;
            case "smtps" -> 465;
            case "pop3" -> 110;
            case "pop3s" -> 995;
            default -> throw new IllegalArgumentException("unknown protocol " + protocol);
        };
    }

    static Set<String> protocols() {
        return PROTOCOLS;
    }

    /** Whether a host name or address is this machine's loopback, where clear-text sign-in exposes nothing. */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** The URI form, usable as the start of a camel-mail endpoint URI. */
    public String uri() {
        return protocol + "://" + host + ":" + port;
    }

    @Override
    public String toString() {
        return uri();
    }
}
