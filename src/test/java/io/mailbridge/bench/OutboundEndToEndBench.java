package io.mailbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailbridge.oauth.MsalAuthorityClient;
import com.sun.management.OperatingSystemMXBean;
import io.mailbridge.support.RunningApp;

import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Messages per second through the whole outbound flow, from {@code POST /api/outbound} (recorded in the store and
 * on the durable queue before the answer) over pooled SMTP to a local XOAUTH2 server, until every request's status
 * reads {@code sent}; the same as one batch of that many items; against the plain Jakarta Mail loop on one reused
 * connection and the stock camel-mail producer, in the same JVM and run.
 */
public final class OutboundEndToEndBench {

    /** HTTP client threads posting single requests, as several ERP workers would. */
    private static final int CLIENTS = 4;
    private static final int ROUNDS = 5;
    private static final long TIMEOUT_NANOS = 600_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Messages per second, and the CPU time this JVM (mailbridge, mail server and clients alike) spent per message. */
    private record Figure(double perSecond, double cpuMillisPerMail) {
        @Override
        public String toString() {
            return String.format("%.0f msg/s (%.2f ms CPU/mail)", perSecond, cpuMillisPerMail);
        }
    }

    private interface Run {
        double messagesPerSecond() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Figure[] plain = new Figure[ROUNDS];
        Figure[] singles = new Figure[ROUNDS];
        Figure[] batch = new Figure[ROUNDS];
        try (BenchServers servers = new BenchServers()) {
            servers.discardSentMail();
            String token = new MsalAuthorityClient(servers.authority.trustForClient()).clientCredentials(servers.authority.client()).accessToken();
            int smtp = servers.mail.smtpPort();
            Path home = Files.createTempDirectory("mailbridge-outbound-e2e-bench");
            int port = RunningApp.freePort();
            try (RunningApp app = RunningApp.start(home, servers.outboundSettings(home, port), port)) {
                OutboundClient api = new OutboundClient(port, app.property("mailbridge.admin-token"));
                // warm-up of every path, so that none pays for class loading, JIT and the first SMTP sign-in
                OutboundSenderBench.plainLoop(smtp, token, count / 2);
                singles(servers, api, count / 5);
                batch(servers, api, count / 5);
                for (int round = 0; round < ROUNDS; round++) {
                    plain[round] = measure(count, () -> OutboundSenderBench.plainLoop(smtp, token, count));
                    singles[round] = measure(count, () -> singles(servers, api, count));
                    batch[round] = measure(count, () -> batch(servers, api, count));
                    System.out.printf("outbound end to end, round %d of %d: plain loop %s; API single requests %s, %.2fx; "
                                    + "one batch %s, %.2fx%n", round + 1, ROUNDS, plain[round], singles[round],
                            singles[round].perSecond / plain[round].perSecond, batch[round], batch[round].perSecond / plain[round].perSecond);
                }
            }
            int stockCount = Math.max(20, count / 10);
            double stock = OutboundSenderBench.stockProducer(servers, smtp, stockCount);
            Figure p = median(plain);
            Figure s = median(singles);
            Figure b = median(batch);
            System.out.printf("outbound end to end, %d small mails, median of %d rounds: plain loop %s; API single requests "
                            + "(%d client threads) %s, %.2fx plain, %.1fx stock; one batch %s, %.2fx plain, %.1fx stock; "
                            + "stock camel-mail producer %.1f msg/s over %d messages%n", count, ROUNDS, p, CLIENTS, s,
                    s.perSecond / p.perSecond, s.perSecond / stock, b, b.perSecond / p.perSecond, b.perSecond / stock, stock, stockCount);
            RunningApp.deleteRecursively(home);
        }
        System.exit(0);
    }

    private static Figure measure(int count, Run run) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        double rate = run.messagesPerSecond();
        return new Figure(rate, (os.getProcessCpuTime() - cpu) / 1e6 / count);
    }

    /** The median of each figure on its own. */
    private static Figure median(Figure[] figures) {
        return new Figure(OutboundSenderBench.median(Arrays.stream(figures).mapToDouble(Figure::perSecond).toArray()),
                OutboundSenderBench.median(Arrays.stream(figures).mapToDouble(Figure::cpuMillisPerMail).toArray()));
    }

    /** {@code count} single requests posted by several threads, timed until the server has them and each reads sent. */
    private static double singles(BenchServers servers, OutboundClient api, int count) throws Exception {
        long expected = servers.received.get() + count;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            long start = System.nanoTime();
            List<Future<List<String>>> posted = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int first = c;
                posted.add(clients.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = first; i < count; i += CLIENTS) {
                        ids.add(api.send(i));
                    }
                    return ids;
                }));
            }
            List<List<String>> ids = new ArrayList<>();
            for (Future<List<String>> f : posted) {
                ids.add(f.get());
            }
            awaitReceived(servers, expected, start);
            List<Future<?>> confirmed = new ArrayList<>();
            for (List<String> share : ids) {
                confirmed.add(clients.submit(() -> {
                    for (String id : share) {
                        api.awaitSent(id, start + TIMEOUT_NANOS);
                    }
                    return null;
                }));
            }
            for (Future<?> f : confirmed) {
                f.get();
            }
            return count / ((System.nanoTime() - start) / 1e9);
        } finally {
            clients.shutdownNow();
        }
    }

    /** One batch of {@code count} invoices (the shipped invoice template), timed until its counts read all sent. */
    private static double batch(BenchServers servers, OutboundClient api, int count) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("mailbox", "ap").put("template", "invoice");
        ArrayNode items = body.putArray("items");
        for (int i = 0; i < count; i++) {
            ObjectNode item = items.addObject();
            item.putArray("to").add("customer" + i + "@example.test");
            ObjectNode data = item.putObject("data").put("company", "Contoso Ltd");
            data.putObject("customer").put("name", "Customer " + i);
            data.putObject("invoice").put("number", "INV-" + i).put("date", "2026-11-22").put("due", "2026-12-22")
                    .put("amount", "1234.56").put("currency", "EUR");
        }
        String json = JSON.writeValueAsString(body);
        long expected = servers.received.get() + count;
        long start = System.nanoTime();
        String batchId = api.postBatch(HttpRequest.BodyPublishers.ofString(json));
        while (true) {
            JsonNode counts = api.batchCounts(batchId);
            if (counts.get("sent").intValue() == count) {
                double perSecond = count / ((System.nanoTime() - start) / 1e9);
                awaitReceived(servers, expected, start);
                return perSecond;
            }
            if (counts.get("failed").intValue() > 0 || System.nanoTime() - start > TIMEOUT_NANOS) {
                throw new IllegalStateException("batch " + batchId + " did not complete: " + counts);
            }
            Thread.sleep(20);
        }
    }

    private static void awaitReceived(BenchServers servers, long expected, long start) throws InterruptedException {
        while (servers.received.get() < expected) {
            if (System.nanoTime() - start > TIMEOUT_NANOS) {
                throw new IllegalStateException("the mail server has " + servers.received.get() + " of " + expected + " messages");
            }
            Thread.sleep(5);
        }
    }
}
