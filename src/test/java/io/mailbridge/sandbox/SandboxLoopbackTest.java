package io.mailbridge.sandbox;

import io.mailbridge.support.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sandbox stays on this machine: its authority and mail server listen on loopback only, and its sample ERP, served
 * on mailbridge's web port (which may face the network), refuses callers from any other address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxLoopbackTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private Path home;
    private RunningApp app;
    private int port;
    private Sandbox sandbox;
    private InetAddress lan;

    @BeforeAll
    void start() throws Exception {
        lan = nonLoopbackAddress();
        home = RunningApp.newHome("mailbridge-sandbox-loopback");
        port = RunningApp.freePort();
        app = RunningApp.start(home, RunningApp.sandboxSettings(home, port), port);
        sandbox = app.camel().getRegistry().lookupByNameAndType("sandbox", Sandbox.class);
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (home != null) {
            RunningApp.deleteRecursively(home);
        }
    }

    @Test
    void sampleErpAnswersLoopbackCallersAndRefusesOthers() throws Exception {
        assertThat(post("localhost", "from-loopback").statusCode()).isEqualTo(201);
        assertThat(get("localhost").statusCode()).isEqualTo(200);

        assumeTrue(lan != null, "this machine has no address besides loopback to call from");
        HttpResponse<String> post = post(lan.getHostAddress(), "from-network");
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(post.body()).contains("only on this machine");
        HttpResponse<String> list = get(lan.getHostAddress());
        assertThat(list.statusCode()).isEqualTo(403);
        assertThat(list.body()).doesNotContain("from-loopback");
        assertThat(get("localhost").body()).contains("from-loopback").doesNotContain("from-network");
    }

    @Test
    void authorityAndMailServerListenOnLoopbackOnly() throws Exception {
        int authority = URI.create(sandbox.authority().authorityUrl()).getPort();
        for (int p : new int[] {authority, sandbox.mailServer().imapPort(), sandbox.mailServer().smtpPort()}) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 2000);
            }
            if (lan != null) {
                assertThatThrownBy(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(lan, p), 2000);
                    }
                }).as("port %d on %s", p, lan).isInstanceOf(ConnectException.class);
            }
        }
    }

    private HttpResponse<String> post(String host, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/sandbox/erp/documents"))
                .header("Idempotency-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + key + "\", \"subject\": \"s\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String host) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/sandbox/erp/documents")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An IPv4 address of this machine other than loopback, or null. */
    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        return null;
    }
}
