package io.mailbridge.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.support.ChildJvm;
import io.mailbridge.support.DovecotServer;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.TestAuthority;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * Several mailbridge processes sharing one PostgreSQL store and a real Dovecot holding many mailboxes (password sign-in),
 * one inbound route per mailbox in a routes folder they share. Each process connects to the mail server from an address
 * of its own (127.0.0.2, .3, ...), so that the server's log tells which process polls which mailbox.
 */
final class ClusterNodes implements AutoCloseable {

    static final String PASSWORD = "cluster-test-password";
    /** Lets Dovecot sign users in with a password besides the OAuth tokens its configuration starts with. */
    static final List<String> PASSWORD_SIGN_IN = List.of(
            "auth_mechanisms = xoauth2 oauthbearer plain login",
            "passdb {",
            "  driver = static",
            "  mechanisms = plain login",
            "  args = password=" + PASSWORD,
            "}");
    private static final Pattern LOGIN = Pattern.compile("imap-login: Info: Login: user=<([^>]+)>.*?rip=([0-9.]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One mailbridge process. */
    record Node(String id, String sourceAddress, int port, Path home, Path config) {
    }

    private final Path root;
    private final Path routes;
    private final DovecotServer dovecot;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * @param settings the settings every node shares (store, cluster type, ERP); each node adds its own ports and homes
     */
    ClusterNodes(Path root, DovecotServer dovecot, List<String> nodeIds, Map<String, String> settings) throws Exception {
        this.root = root;
        this.dovecot = dovecot;
        this.routes = Files.createDirectories(root.resolve("routes"));
        int n = 2;
        for (String id : nodeIds) {
            Path home = Files.createDirectories(root.resolve(id));
            int port = RunningApp.freePort();
            Map<String, String> p = new LinkedHashMap<>(RunningApp.sandboxSettings(home, port));
            p.put("mailbridge.sandbox.enabled", "false");
            p.put("camel.main.routes-reload-directory", routes.toString());
            p.put("mailbridge.instance-id", id);
            p.putAll(settings);
            String source = "127.0.0." + n++;
            p.put("cluster-test.source-address", source);
            nodes.add(new Node(id, source, port, home, RunningApp.writeConfig(home, p)));
        }
    }

    /** Settings for one mailbox per address, signed in with the password, on the Dovecot server. */
    /**
     * What every node of a cluster test shares: the mailboxes on Dovecot, the PostgreSQL store, the ERP, a short poll
     * delay and the takeover time; the test adds its cluster type.
     */
    static Map<String, String> sharedSettings(List<String> addresses, DovecotServer dovecot, String storeUrl, String erpUrl,
                                              int takeoverSeconds) {
        Map<String, String> shared = mailboxes(addresses, dovecot.imapPort());
        shared.put("mailbridge.store.url", storeUrl);
        shared.put("mailbridge.store.user", "postgres");
        shared.put("mailbridge.erp.url", erpUrl);
        shared.put("mailbridge.inbound.poll-delay-ms", "300");
        shared.put("mailbridge.cluster.takeover-seconds", String.valueOf(takeoverSeconds));
        return shared;
    }

    static Map<String, String> mailboxes(List<String> addresses, int imapPort) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String address : addresses) {
            String id = mailboxId(address);
            p.put("mailbridge.mailboxes." + id + ".address", address);
            p.put("mailbridge.mailboxes." + id + ".grant", "password");
            p.put("mailbridge.mailboxes." + id + ".password", PASSWORD);
            p.put("mailbridge.mailboxes." + id + ".imap", "imap://127.0.0.1:" + imapPort);
        }
        return p;
    }

    static String mailboxId(String address) {
        return address.substring(0, address.indexOf('@'));
    }

    /** The route reading a mailbox: the shipped inbound route, its id and mailbox changed, from the node's own address. */
    void writeRoute(String address) throws Exception {
        String id = mailboxId(address);
        String route = Files.readString(Path.of("routes/inbound-sandbox-erp.camel.yaml"))
                .replace("id: inbound-sandbox-erp", "id: inbound-" + id)
                .replace("sandbox-ap", id)
                .replace("        mapMailMessage: false", "        mapMailMessage: false\n"
                        + "        mail.imap.localaddress: \"{{cluster-test.source-address}}\"");
        Path tmp = routes.resolve(id + ".tmp");
        Files.writeString(tmp, route);
        // whole or not at all: the live reload must never read half a file
        Files.move(tmp, routes.resolve("inbound-" + id + ".camel.yaml"), StandardCopyOption.ATOMIC_MOVE);
    }

    List<Node> nodes() {
        return nodes;
    }

    /** Starts every node at once and returns once each answers on its admin API. */
    void startAll() throws Exception {
        for (Node node : nodes) {
            processes.put(node.id(), ChildJvm.start(node.home(), node.config(), node.home().resolve("run.log"), "-Xmx256m",
                    "-XX:TieredStopAtLevel=1"));
        }
        for (Node node : nodes) {
            await().atMost(Duration.ofSeconds(60)).until(() -> up(node.id()));
        }
    }

    private boolean up(String nodeId) {
        try {
            return get(nodeId, "/api/mailboxes").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    void kill(String id) {
        ChildJvm.kill(processes.get(id));
    }

    Node node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    /** The node whose address a connection came from. */
    String nodeAt(String address) {
        return nodes.stream().filter(n -> n.sourceAddress().equals(address)).map(Node::id).findFirst().orElse(address);
    }

    /** From the mail server's log: for each mailbox address, the nodes that signed in to it, with how many logins each. */
    Map<String, Map<String, Integer>> loginsByMailbox() {
        Map<String, Map<String, Integer>> logins = new TreeMap<>();
        Matcher m = LOGIN.matcher(dovecot.log());
        while (m.find()) {
            logins.computeIfAbsent(m.group(1), k -> new TreeMap<>()).merge(nodeAt(m.group(2)), 1, Integer::sum);
        }
        return logins;
    }

    /** The nodes that signed in to the mailbox so far. */
    Set<String> pollersOf(String address) {
        return new TreeSet<>(loginsByMailbox().getOrDefault(address, Map.of()).keySet());
    }

    /** {@code GET path} on a node's admin API. */
    HttpResponse<String> get(String nodeId, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node(nodeId).port() + path))
                .header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code /api/mailboxes} of a node: for each mailbox id, the instance its API says polls it. */
    Map<String, String> pollersByApi(String nodeId) throws Exception {
        JsonNode mailboxes = JSON.readTree(get(nodeId, "/api/mailboxes").body());
        Map<String, String> pollers = new TreeMap<>();
        for (JsonNode m : mailboxes) {
            for (JsonNode p : m.path("polledBy")) {
                pollers.put(m.path("id").asText(), p.path("instance").isNull() ? null : p.path("instance").asText());
            }
        }
        return pollers;
    }

    @Override
    public void close() throws Exception {
        processes.values().forEach(ChildJvm::kill);
        Path logs = Files.createDirectories(Path.of("target/cluster-test-logs"));
        for (Node n : nodes) {
            Path log = n.home().resolve("run.log");
            if (Files.exists(log)) {
                Files.copy(log, logs.resolve(root.getFileName() + "-" + n.id() + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
