package io.mailbridge.bench;

import com.sun.net.httpserver.HttpServer;
import io.mailbridge.sandbox.SandboxMailServer;
import io.mailbridge.support.TestAuthority;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
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
        mail = authority.startMailServer(ADDRESS);
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
        Map<String, String> p = authority.inboundSettings(home, port, ADDRESS, mail.imapPort(), sinkUrl());
        p.put("mailbridge.inbound.poll-delay-ms", "100");
        return p;
    }

    @Override
    public void close() {
        sink.stop(0);
        mail.close();
        authority.close();
    }
}
