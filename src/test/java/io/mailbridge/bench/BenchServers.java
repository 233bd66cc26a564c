package io.mailbridge.bench;

import com.sun.net.httpserver.HttpServer;
import io.mailbridge.sandbox.SandboxMailServer;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.TestAuthority;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** The loopback servers a benchmark runs against: OAuth authority, XOAUTH2 mail server, and an ERP sink. */
final class BenchServers implements AutoCloseable {

    static final String ADDRESS = "ap@example.test";

    final TestAuthority authority = new TestAuthority();
    final SandboxMailServer mail;
    final HttpServer sink;
    final Set<String> keys = ConcurrentHashMap.newKeySet();
    final AtomicLong posts = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();

    BenchServers() throws Exception {
        mail = new SandboxMailServer(0, 0, authority.authority());
        mail.start();
        mail.addMailbox(ADDRESS, SandboxMailServer.appOnly(TestAuthority.CLIENT_ID));
        sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        sink.createContext("/documents", exchange -> {
            long n = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = exchange.getRequestBody()) {
                for (int r; (r = in.read(buffer)) > 0; ) {
                    n += r;
                }
            }
            bytes.addAndGet(n);
            posts.incrementAndGet();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (key != null) {
                keys.add(key);
            }
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        sink.setExecutor(Executors.newFixedThreadPool(8));
        sink.start();
    }

    String sinkUrl() {
        return "http://127.0.0.1:" + sink.getAddress().getPort() + "/documents";
    }

    /** mailbridge's settings for these servers, one client-credentials mailbox named ap. */
    Map<String, String> settings(Path home, int port) throws Exception {
        Path pem = home.resolve("authority.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(authority.authority().certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Map<String, String> p = new LinkedHashMap<>(RunningApp.sandboxSettings(home, port));
        p.put("mailbridge.sandbox.enabled", "false");
        p.put("mailbridge.clients.local.tenant-id", "sandbox");
        p.put("mailbridge.clients.local.client-id", TestAuthority.CLIENT_ID);
        p.put("mailbridge.clients.local.client-secret", TestAuthority.SECRET);
        p.put("mailbridge.clients.local.authority", authority.authority().authorityUrl());
        p.put("mailbridge.clients.local.authority-certificate", pem.toString());
        p.put("mailbridge.clients.local.app-scopes", "api://test/.default");
        p.put("mailbridge.mailboxes.ap.address", ADDRESS);
        p.put("mailbridge.mailboxes.ap.client", "local");
        p.put("mailbridge.mailboxes.ap.grant", "client-credentials");
        p.put("mailbridge.mailboxes.ap.imap", "imap://127.0.0.1:" + mail.imapPort());
        p.put("mailbridge.erp.url", sinkUrl());
        p.put("mailbridge.inbound.poll-delay-ms", "100");
        Files.createDirectories(home.resolve("routes"));
        Files.writeString(home.resolve("routes/inbound-ap.camel.yaml"),
                Files.readString(Path.of("routes/inbound-sandbox-erp.camel.yaml")).replace("sandbox-ap", "ap"));
        return p;
    }

    @Override
    public void close() {
        sink.stop(0);
        mail.close();
        authority.close();
    }
}
