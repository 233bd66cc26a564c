package io.mailbridge.mailbox;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads {@code mailbridge.clients.*} and {@code mailbridge.mailboxes.*} properties into a {@link MailboxRegistry},
 * collecting every problem so that one startup error names all properties to fix.
 */
public final class MailboxSettingsReader {

    public static final String CLIENTS = "mailbridge.clients.";
    public static final String MAILBOXES = "mailbridge.mailboxes.";

    private static final Set<String> CLIENT_KEYS = Set.of("tenant-id", "client-id", "client-secret", "certificate-file",
            "certificate-password", "authority", "authority-certificate", "redirect-uri", "delegated-scopes", "app-scopes",
            "secret-expires");
    private static final Set<String> MAILBOX_KEYS = Set.of("address", "login", "client", "grant", "imap", "smtp", "pop3",
            "password", "sign-in-as");
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final List<String> problems = new ArrayList<>();

    /**
     * @param properties every {@code mailbridge.*} property with placeholders already resolved
     */
    public static MailboxRegistry read(Map<String, String> properties) {
        return new MailboxSettingsReader().readAll(properties);
    }

    private MailboxRegistry readAll(Map<String, String> properties) {
        Map<String, Map<String, String>> clientProps = group(properties, CLIENTS, CLIENT_KEYS);
        Map<String, Map<String, String>> mailboxProps = group(properties, MAILBOXES, MAILBOX_KEYS);
        Map<String, OAuthClient> clients = new LinkedHashMap<>();
        clientProps.forEach((id, p) -> {
            OAuthClient client = readClient(id, p);
            if (client != null) {
                clients.put(id, client);
            }
        });
        Map<String, Mailbox> mailboxes = new LinkedHashMap<>();
        mailboxProps.forEach((id, p) -> {
            Mailbox mailbox = readMailbox(id, p, clients, clientProps.keySet());
            if (mailbox != null) {
                mailboxes.put(id, mailbox);
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new MailboxRegistry(clients, mailboxes);
    }

    private Map<String, Map<String, String>> group(Map<String, String> properties, String prefix, Set<String> known) {
        Map<String, Map<String, String>> byId = new LinkedHashMap<>();
        new TreeSet<>(properties.keySet()).stream().filter(k -> k.startsWith(prefix)).forEach(key -> {
            String rest = key.substring(prefix.length());
            int dot = rest.indexOf('.');
            if (dot <= 0) {
                problems.add(key + ": expected " + prefix + "<id>.<setting>");
                return;
            }
            String id = rest.substring(0, dot);
            String setting = rest.substring(dot + 1);
            if (!ID.matcher(id).matches()) {
                problems.add(key + ": the id '" + id + "' must be lower-case letters, digits and '-'");
            } else if (!known.contains(setting)) {
                problems.add(key + ": unknown setting '" + setting + "'; known: " + String.join(", ", new TreeSet<>(known)));
            } else {
                byId.computeIfAbsent(id, x -> new LinkedHashMap<>()).put(setting, properties.get(key).trim());
            }
        });
        return byId;
    }

    private OAuthClient readClient(String id, Map<String, String> p) {
        String prefix = CLIENTS + id + ".";
        int before = problems.size();
        String tenant = required(p, prefix, "tenant-id", "the directory (tenant) ID or domain from the app registration's Overview page");
        String clientId = required(p, prefix, "client-id", "the application (client) ID from the app registration's Overview page");
        Secret secret = Secret.of(p.get("client-secret"));
        if (secret != null && GUID.matcher(secret.reveal()).matches()) {
            problems.add(prefix + "client-secret looks like the secret's ID (a GUID), not its value: in Entra, "
                    + "Certificates & secrets, copy the 'Value' column (it is shown only right after the secret is created; "
                    + "create a new secret if it is hidden)");
        }
        Path certificate = null;
        if (p.containsKey("certificate-file")) {
            certificate = Path.of(p.get("certificate-file"));
            if (!Files.isReadable(certificate)) {
                problems.add(prefix + "certificate-file: cannot read '" + certificate + "' (a PKCS#12 file with the key and certificate)");
            }
            if (secret != null) {
                problems.add(prefix + "client-secret and " + prefix + "certificate-file are both set; keep one");
            }
        }
        String authority = p.getOrDefault("authority", OAuthClient.MICROSOFT_AUTHORITY);
        if (!authority.endsWith("/")) {
            authority = authority + "/";
        }
        if (!authority.startsWith("https://") || authority.substring("https://".length()).indexOf('/') != authority.length() - "https://".length() - 1) {
            problems.add(prefix + "authority: '" + authority + "' must be an https URL of the authority host only, "
                    + "such as " + OAuthClient.MICROSOFT_AUTHORITY + " (the tenant is added from tenant-id)");
        }
        String redirect = p.get("redirect-uri");
        if (redirect != null && !redirect.matches("https?://[^\\s]+")) {
            problems.add(prefix + "redirect-uri: '" + redirect + "' must be an http(s) URL ending in /oauth/callback, "
                    + "exactly as registered under Authentication in the app registration");
        }
        Path authorityCertificate = null;
        if (p.containsKey("authority-certificate")) {
            authorityCertificate = Path.of(p.get("authority-certificate"));
            if (!Files.isReadable(authorityCertificate)) {
                problems.add(prefix + "authority-certificate: cannot read '" + authorityCertificate + "' (PEM or DER certificate)");
            }
        }
        LocalDate secretExpires = null;
        if (p.containsKey("secret-expires")) {
            try {
                secretExpires = LocalDate.parse(p.get("secret-expires"));
            } catch (DateTimeParseException e) {
                problems.add(prefix + "secret-expires: '" + p.get("secret-expires") + "' is not a date such as 2027-03-31 "
                        + "(the Expires column under Certificates & secrets)");
            }
        }
        boolean microsoft = authority.equals(OAuthClient.MICROSOFT_AUTHORITY);
        List<String> delegated = scopes(p.get("delegated-scopes"), microsoft ? OAuthClient.MICROSOFT_DELEGATED_SCOPES : List.of("offline_access"));
        List<String> app = scopes(p.get("app-scopes"), microsoft ? OAuthClient.MICROSOFT_APP_SCOPES : List.of());
        if (problems.size() > before) {
            return null;
        }
        return new OAuthClient(id, tenant, clientId, secret, certificate, Secret.of(p.get("certificate-password")),
                authority, redirect, authorityCertificate, delegated, app, secretExpires);
    }

    private Mailbox readMailbox(String id, Map<String, String> p, Map<String, OAuthClient> clients, Set<String> clientIds) {
        String prefix = MAILBOXES + id + ".";
        int before = problems.size();
        String address = required(p, prefix, "address", "the mailbox's e-mail address, such as ap@contoso.com");
        if (address != null && !isAddress(address)) {
            problems.add(prefix + "address: '" + address + "' is not an e-mail address (expected name@domain)");
        }
        String clientRef = p.get("client");
        Grant grant = null;
        String grantName = p.get("grant");
        if (grantName == null) {
            grant = clientRef != null ? Grant.AUTHORIZATION_CODE : p.containsKey("password") ? Grant.PASSWORD : null;
            if (grant == null) {
                problems.add(prefix + "grant is missing: set one of " + Grant.allowedNames()
                        + " (and " + prefix + "client for the OAuth grants)");
            }
        } else {
            grant = Grant.fromConfig(grantName).orElse(null);
            if (grant == null) {
                problems.add(prefix + "grant: '" + grantName + "' is not one of " + Grant.allowedNames());
            }
        }
        OAuthClient client = null;
        if (grant != null && grant.isOAuth()) {
            if (clientRef == null) {
                problems.add(prefix + "client is missing: grant " + grant.configName() + " needs an OAuth client, "
                        + "one of " + (clientIds.isEmpty() ? "(none configured: add mailbridge.clients.<id>.*)" : String.join(", ", clientIds)));
            } else if (!clientIds.contains(clientRef)) {
                problems.add(prefix + "client: unknown client '" + clientRef + "'; configured clients: "
                        + (clientIds.isEmpty() ? "none (add mailbridge.clients." + clientRef + ".tenant-id and client-id)" : String.join(", ", clientIds)));
            } else {
                client = clients.get(clientRef);
                if (client != null && !client.hasCredential() && grant != Grant.DEVICE_CODE) {
                    problems.add(prefix + "grant " + grant.configName() + " needs a client credential: set "
                            + CLIENTS + clientRef + ".client-secret (the secret's value) or certificate-file");
                }
                if (client != null && grant == Grant.CLIENT_CREDENTIALS && client.appScopes().isEmpty()) {
                    problems.add(CLIENTS + clientRef + ".app-scopes is missing: grant client-credentials needs the scope to ask for");
                }
            }
            if (p.containsKey("password")) {
                problems.add(prefix + "password is set but grant is " + grant.configName() + "; remove it or use grant password");
            }
        }
        Secret password = Secret.of(p.get("password"));
        if (grant == Grant.PASSWORD && password == null) {
            problems.add(prefix + "password is missing: grant password needs it (write it as {{env:NAME}})");
        }
        boolean microsoft = client != null && client.authority().equals(OAuthClient.MICROSOFT_AUTHORITY);
        ServerAddress imap = server(p, prefix, "imap", Set.of("imap", "imaps"), microsoft ? "imaps://outlook.office365.com:993" : null);
        ServerAddress smtp = server(p, prefix, "smtp", Set.of("smtp", "smtps"), microsoft ? "smtp://smtp.office365.com:587" : null);
        ServerAddress pop3 = server(p, prefix, "pop3", Set.of("pop3", "pop3s"), null);
        if (problems.size() > before) {
            return null;
        }
        String login = p.getOrDefault("login", address);
        List<String> signInAs = p.containsKey("sign-in-as") ? scopes(p.get("sign-in-as"), List.of()) : List.of();
        return new Mailbox(id, address, login, grant, client, imap, smtp, pop3, password, signInAs);
    }

    private ServerAddress server(Map<String, String> p, String prefix, String key, Set<String> protocols, String fallback) {
        String value = p.getOrDefault(key, fallback);
        if (value == null) {
            return null;
        }
        try {
            return ServerAddress.parse(value, protocols);
        } catch (IllegalArgumentException e) {
            problems.add(prefix + key + ": " + e.getMessage());
            return null;
        }
    }

    private String required(Map<String, String> p, String prefix, String key, String what) {
        String value = p.get(key);
        if (value == null || value.isBlank()) {
            problems.add(prefix + key + " is missing: set it to " + what);
            return null;
        }
        return value;
    }

    private static List<String> scopes(String value, List<String> fallback) {
        if (value == null) {
            return fallback;
        }
        return Arrays.stream(value.split("[\\s,]+")).filter(s -> !s.isBlank()).toList();
    }

    static boolean isAddress(String text) {
        try {
            InternetAddress parsed = new InternetAddress(text, true);
            return parsed.getPersonal() == null && text.equals(parsed.getAddress()) && text.indexOf('@') > 0
                    && text.substring(text.indexOf('@') + 1).contains(".");
        } catch (AddressException e) {
            return false;
        }
    }
}
