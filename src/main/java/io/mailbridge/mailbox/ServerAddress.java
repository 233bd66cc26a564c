package io.mailbridge.mailbox;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** A mail server a mailbox talks to, written as a URI such as {@code imaps://outlook.office365.com:993}. */
public record ServerAddress(String protocol, String host, int port) {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-f:.]+");
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

    /**
     * Whether a host is this machine's loopback, where clear-text sign-in exposes nothing: {@code localhost} or a
     * loopback IP literal. Other names count as remote whatever they resolve to now, since their DNS answer can change
     * between this check and the connection ({@code 127.evil.example}).
     */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost")) {
            return true;
        }
        if (!IPV4_LITERAL.matcher(h).matches() && !(h.contains(":") && IPV6_LITERAL.matcher(h).matches())) {
            return false;
        }
        try {
            // a literal is parsed, never looked up
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
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
