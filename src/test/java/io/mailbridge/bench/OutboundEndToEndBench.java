package io.mailbridge.bench;

import io.mailbridge.oauth.MsalAuthorityClient;
import com.sun.management.OperatingSystemMXBean;
import io.mailbridge.support.RunningApp;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Messages per second through the whole outbound flow, from {@code POST /api/outbound} (recorded in the store and
 * on the durable queue before the answer) over pooled SMTP to a local XOAUTH2 server, until every request's status
 * reads {@code sent}; the same as one batch of that many items; against the plain Jakarta Mail loop on one reused
 * connection and the stock camel-mail producer, in the same JVM and run.
 */
public final class OutboundEndToEndBench {

    private static final int ROUNDS = 5;
    private static final long TIMEOUT_NANOS = 600_000_000_000L;

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
                            + "stock camel-mail producer %.1f msg/s over %d messages%n", count, ROUNDS, p, OutboundClient.SENDERS, s,
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

    /** {@code count} single requests, timed until the server has them and each reads sent. */
    private static double singles(BenchServers servers, OutboundClient api, int count) throws Exception {
        long expected = servers.received.get() + count;
        return api.sendSingles(count, () -> awaitReceived(servers, expected));
    }

    /** One batch of {@code count} invoices, timed until its counts read all sent; the server must then have them. */
    private static double batch(BenchServers servers, OutboundClient api, int count) throws Exception {
        long expected = servers.received.get() + count;
        return api.sendInvoiceBatch(count, () -> awaitReceived(servers, expected));
    }

    private static void awaitReceived(BenchServers servers, long expected) throws InterruptedException {
        long start = System.nanoTime();
        while (servers.received.get() < expected) {
            if (System.nanoTime() - start > TIMEOUT_NANOS) {
                throw new IllegalStateException("the mail server has " + servers.received.get() + " of " + expected + " messages");
            }
            Thread.sleep(5);
        }
    }
}
