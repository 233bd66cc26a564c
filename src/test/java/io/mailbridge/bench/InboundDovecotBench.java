package io.mailbridge.bench;

import com.sun.net.httpserver.HttpServer;
import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.support.DelayingProxy;
import io.mailbridge.support.DovecotServer;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.TestAuthority;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Messages per second from a real IMAP server (a private Dovecot checking XOAUTH2 by introspection) to an ERP sink on
 * loopback, optionally through a proxy that delays each direction: mailbridge's shipped inbound route against a
 * one-shot Python imaplib client that fetches each message and posts it as JSON and does nothing else
 * ({@code bench/imap_reference_client.py}), on the same messages, server and sink, in one run. mailbridge is timed
 * in rounds of as many messages: the first right after its start, the last (the figure compared) once it has run,
 * as a service does.
 * Usage: {@code InboundDovecotBench [messages, default 1000] [delay per direction in ms, default 0] [rounds, default 4]}.
 */
public final class InboundDovecotBench {

    private static final String ADDRESS = "ap@dovecot.test";

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int delay = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int roundCount = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Set<String> keys = ConcurrentHashMap.newKeySet();
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        sink.createContext("/documents", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputSink.INSTANCE);
            }
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (key != null) {
                keys.add(key);
            }
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        sink.setExecutor(Executors.newFixedThreadPool(8));
        sink.start();
        String sinkUrl = "http://127.0.0.1:" + sink.getAddress().getPort() + "/documents";
        try (TestAuthority authority = new TestAuthority(DovecotServer.tokenClaims(ADDRESS));
             DovecotServer dovecot = DovecotServer.start(authority, ADDRESS)) {
            for (int i = 1; i <= count; i++) {
                dovecot.deliver(ADDRESS, message(i));
            }
            DelayingProxy proxy = delay > 0 ? new DelayingProxy(dovecot.imapPort(), delay) : null;
            int imapPort = proxy != null ? proxy.port() : dovecot.imapPort();

            String token = new MsalAuthorityClient(authority.trustForClient()).clientCredentials(authority.client()).accessToken();
            Process python = new ProcessBuilder("python3", "bench/imap_reference_client.py", "127.0.0.1",
                    String.valueOf(imapPort), ADDRESS, token, sinkUrl).redirectErrorStream(true).start();
            String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (python.waitFor() != 0) {
                throw new IllegalStateException("the reference client failed: " + out);
            }
            Matcher m = Pattern.compile("reference: (\\d+) messages in ([\\d.]+) s, CPU ([\\d.]+) s").matcher(out);
            if (!m.find() || Integer.parseInt(m.group(1)) != count) {
                throw new IllegalStateException("unexpected reference output: " + out);
            }
            double referenceRate = count / Double.parseDouble(m.group(2));
            double referenceCpu = Double.parseDouble(m.group(3)) * 1000 / count;
            keys.clear();

            Path home = Files.createTempDirectory("mailbridge-bench");
            int port = RunningApp.freePort();
            Map<String, String> settings = authority.inboundSettings(home, port, ADDRESS, imapPort, sinkUrl);
            settings.put("mailbridge.inbound.poll-delay-ms", "100");
        settings.put("mailbridge.inbound.concurrency", System.getProperty("concurrency", "4"));
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            List<String> rounds = new ArrayList<>();
            double rate = 0;
            double cpu = 0;
            try (RunningApp app = RunningApp.start(home, settings, port)) {
                String route = app.camel().getRoutes().stream().filter(r -> r.getEndpoint().getEndpointUri().startsWith("imap"))
                        .findFirst().orElseThrow().getRouteId();
                // round 1 starts with the JVM, so its figure includes compiling the code it runs; each further round
                // puts the same number of new messages in while the route is stopped, then times them; the last
                // round is the one compared (a service runs for days, its code long compiled)
                for (int round = 1; round <= roundCount; round++) {
                    if (round > 1) {
                        app.camel().getRouteController().stopRoute(route);
                        for (int i = (round - 1) * count + 1; i <= round * count; i++) {
                            dovecot.deliver(ADDRESS, message(i));
                        }
                    }
                    long start = System.nanoTime();
                    long cpuStart = os.getProcessCpuTime();
                    if (round > 1) {
                        app.camel().getRouteController().startRoute(route);
                    }
                    awaitDelivered(keys, round * count, dovecot);
                    rate = count / ((System.nanoTime() - start) / 1e9);
                    cpu = (os.getProcessCpuTime() - cpuStart) / 1e6 / count;
                    rounds.add(String.format("%.1f msg/s (CPU %.2f ms/msg)", rate, cpu));
                }
            } finally {
                RunningApp.deleteRecursively(home);
                if (proxy != null) {
                    proxy.close();
                }
            }
            System.out.printf("inbound on Dovecot, %d messages, %d ms each way: reference %.1f msg/s (CPU %.2f ms/msg), "
                    + "mailbridge round %d %.1f msg/s (CPU %.2f ms/msg, its JVM incl. the sink), ratio %.2f; rounds from the "
                    + "start: %s%n", count, delay, referenceRate, referenceCpu, roundCount, rate, cpu, rate / referenceRate,
                    String.join(", ", rounds));
        } finally {
            sink.stop(0);
        }
        System.exit(0);
    }

    private static void awaitDelivered(Set<String> keys, int count, DovecotServer dovecot) throws InterruptedException {
        long start = System.nanoTime();
        while (keys.size() < count || dovecot.count(ADDRESS, "INBOX") > 0) {
            Thread.sleep(20);
            if (System.nanoTime() - start > 3_600_000_000_000L) {
                throw new IllegalStateException("mailbridge delivered only " + keys.size());
            }
        }
    }

    /** About 1 KB, as a supplier's invoice notice. */
    private static byte[] message(int n) {
        String body = ("Invoice " + n + " for 1,234.56 EUR is attached to our portal; payment is due in 30 days. ").repeat(8);
        return ("From: Supplier <billing@supplier.example>\r\nTo: " + ADDRESS + "\r\nSubject: Invoice " + n + "\r\n"
                + "Date: Mon, 4 Mar 2024 10:00:00 +0100\r\nMessage-ID: <invoice-" + n + "@supplier.example>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Discards a request body. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
