package io.mailbridge.bench;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.sun.net.httpserver.HttpServer;
import io.mailbridge.sandbox.SandboxMailServer;
import io.mailbridge.support.TestAuthority;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.file.Files;
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
    /** Messages the mail server accepted over SMTP (once {@link #discardSentMail} is on), and their distinct Message-IDs. */
    final AtomicLong received = new AtomicLong();
    final Set<String> receivedIds = ConcurrentHashMap.newKeySet();

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

    /**
     * mailbridge's settings for sending as mailbox ap through these servers with the shipped outbound route, the
     * per-mailbox limits raised so that they do not bound the figures.
     */
    Map<String, String> outboundSettings(Path home, int port) throws Exception {
        Map<String, String> p = authority.inboundSettings(home, port, ADDRESS, mail.imapPort(), sinkUrl());
        // no inbound route: nothing should poll the inbox while mail goes out
        Files.delete(home.resolve("routes/inbound-ap.camel.yaml"));
        Files.copy(Path.of("routes/outbound-sandbox.camel.yaml"), home.resolve("routes/outbound-sandbox.camel.yaml"));
        p.put("mailbridge.mailboxes.ap.smtp", "smtp://127.0.0.1:" + mail.smtpPort());
        p.put("mailbridge.outbound.templates", Path.of("templates").toAbsolutePath().toString());
        p.put("mailbridge.outbound.drop-folder", home.resolve("drop").toString());
        p.put("mailbridge.outbound.messages-per-minute", "1000000");
        p.put("mailbridge.outbound.recipients-per-day", "100000000");
        return p;
    }

    /**
     * From now on the mail server counts each message that arrives over SMTP (after its XOAUTH2 check) and keeps none,
     * so that its store does not grow during a run: benchmarks send tens of thousands of messages.
     */
    void discardSentMail() {
        UserManager users = mail.greenMail().getUserManager();
        MessageDeliveryHandler checked = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, address) -> {
            GreenMailUser user = checked.handle(message, address);
            return (GreenMailUser) Proxy.newProxyInstance(GreenMailUser.class.getClassLoader(), new Class<?>[] {GreenMailUser.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("deliver")) {
                            received.incrementAndGet();
                            receivedIds.add(message.getMessage().getMessageID());
                            return null;
                        }
                        try {
                            return method.invoke(user, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        });
    }

    @Override
    public void close() {
        sink.stop(0);
        mail.close();
        authority.close();
    }
}
