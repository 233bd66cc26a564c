package io.mailbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailbridge.support.ArtemisServer;
import io.mailbridge.support.RecordingSmtpServer;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.TestDatabases;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Outbound throughput of 1, 2 and 3 mailbridge instances sharing one external Artemis (a standalone broker in its own
 * process, queues from {@code broker/mailbridge-broker.xml}) and one PostgreSQL database, sending for 60 mailboxes with
 * their limits raised out of the way to one SMTP server on loopback ({@link RecordingSmtpServer}: AUTH PLAIN, keeps only
 * each mail's Message-ID, so it costs little). Per instance count: a warm-up, then one invoice batch per mailbox, the
 * batches posted to the instances in turn, timed from the first post until every batch reads all sent. The CPU time of
 * the instances, the broker, PostgreSQL and the benchmark's JVM (the mail server and the HTTP client) is read from
 * {@code /proc} over the timed run, to see which of them bounds the rate on this machine.
 * Usage: {@code OutboundInstancesBench [mails per mailbox, default 50] [max instances, default 3]}.
 */
public final class OutboundInstancesBench {

    private static final int MAILBOXES = 60;
    private static final String PASSWORD = "secret-for-bench";
    private static final long TIMEOUT_NANOS = 600_000_000_000L;

    private OutboundInstancesBench() {
    }

    public static void main(String[] args) throws Exception {
        int perMailbox = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int maxInstances = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path root = Files.createTempDirectory("mailbridge-instances-bench");
        Map<String, String> logins = new HashMap<>();
        for (int m = 0; m < MAILBOXES; m++) {
            logins.put(address(m), PASSWORD);
        }
        boolean failed = true;
        try (ArtemisServer broker = ArtemisServer.start(Path.of("target/instances-bench").toAbsolutePath()
                     .resolve("artemis-" + System.nanoTime()), "mailbridge", "bench-broker-pw", true);
             TestDatabases.PostgresDatabase database = TestDatabases.newPostgresDatabase();
             RecordingSmtpServer smtp = new RecordingSmtpServer(logins, () -> { }, () -> 0)) {
            for (int n = 1; n <= maxInstances; n++) {
                List<MailbridgeProcess> children = new ArrayList<>();
                List<OutboundClient> apis = new ArrayList<>();
                try {
                    for (int i = 0; i < n; i++) {
                        int port = RunningApp.freePort();
                        Path home = Files.createDirectories(root.resolve("run" + n + "-instance" + i));
                        children.add(new MailbridgeProcess(home, config(home, port, broker, database, smtp), "-Xmx384m"));
                        apis.add(new OutboundClient(port, RunningApp.ADMIN_TOKEN));
                    }
                    for (int i = 0; i < n; i++) {
                        awaitUp(children.get(i), apis.get(i));
                    }
                    run(apis, smtp, Math.max(1, perMailbox / 5), "warm-up");
                    long cpuBroker = MailbridgeProcess.cpuMillis(broker.pid());
                    long cpuPostgres = postgresCpuMillis();
                    long cpuBench = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime() / 1_000_000;
                    long cpuInstances = children.stream().mapToLong(MailbridgeProcess::cpuMillis).sum();
                    long[] sentBefore = sentPerInstance(apis);
                    long start = System.nanoTime();
                    double rate = run(apis, smtp, perMailbox, "timed");
                    double seconds = (System.nanoTime() - start) / 1e9;
                    int mails = MAILBOXES * perMailbox;
                    double instances = (children.stream().mapToLong(MailbridgeProcess::cpuMillis).sum() - cpuInstances) / seconds / 1000;
                    double brokerCpu = (MailbridgeProcess.cpuMillis(broker.pid()) - cpuBroker) / seconds / 1000;
                    double postgresCpu = (postgresCpuMillis() - cpuPostgres) / seconds / 1000;
                    double benchCpu = (ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                            .getProcessCpuTime() / 1_000_000 - cpuBench) / seconds / 1000;
                    long[] sentAfter = sentPerInstance(apis);
                    StringBuilder shares = new StringBuilder();
                    for (int i = 0; i < n; i++) {
                        shares.append(i == 0 ? "" : " / ").append(sentAfter[i] - sentBefore[i]);
                    }
                    System.out.printf("outbound instances %d: %d mails (%d mailboxes x %d) in %.1f s: %.0f msg/s, sent by each "
                                    + "instance %s; CPU in cores: mailbridge %.2f (%.2f ms/mail), broker %.2f, PostgreSQL %.2f, "
                                    + "mail server and client %.2f, total %.2f of 2; load average %s%n", n, mails, MAILBOXES,
                            perMailbox, seconds, rate, shares, instances, instances * seconds * 1000 / mails, brokerCpu,
                            postgresCpu, benchCpu, instances + brokerCpu + postgresCpu + benchCpu,
                            Files.readString(Path.of("/proc/loadavg")).substring(0, 14));
                } finally {
                    for (MailbridgeProcess child : children) {
                        child.close();
                    }
                }
            }
            failed = false;
        } finally {
            if (failed) {
                System.out.println("FAILED: the instances' logs are kept under " + root);
            } else {
                RunningApp.deleteRecursively(root);
            }
        }
        System.exit(failed ? 1 : 0);
    }

    private static String address(int mailbox) {
        return "mb" + mailbox + "@example.test";
    }

    /** One batch per mailbox, posted to the instances in turn; timed until every one reads all sent. */
    private static double run(List<OutboundClient> apis, RecordingSmtpServer smtp, int perMailbox, String what) throws Exception {
        int before = smtp.receivedCount();
        long start = System.nanoTime();
        List<String> batches = new ArrayList<>();
        for (int m = 0; m < MAILBOXES; m++) {
            OutboundClient api = apis.get(m % apis.size());
            batches.add(api.postBatch(HttpRequest.BodyPublishers.ofString(OutboundClient.invoiceBatch("mb" + m, perMailbox))));
        }
        for (int i = 0; i < batches.size(); i++) {
            // any instance answers for any batch; asked of the last one
            OutboundClient api = apis.get(apis.size() - 1 - i % apis.size());
            while (true) {
                JsonNode counts = api.batchCounts(batches.get(i));
                if (counts.get("sent").intValue() == perMailbox) {
                    break;
                }
                if (counts.get("failed").intValue() > 0 || System.nanoTime() - start > TIMEOUT_NANOS) {
                    throw new IllegalStateException(what + " batch " + batches.get(i) + " did not complete: " + counts);
                }
                Thread.sleep(20);
            }
        }
        double rate = MAILBOXES * perMailbox / ((System.nanoTime() - start) / 1e9);
        int received = smtp.receivedCount() - before;
        if (received != MAILBOXES * perMailbox) {
            throw new IllegalStateException(what + ": the mail server took " + received + " mails, " + MAILBOXES * perMailbox
                    + " were sent");
        }
        return rate;
    }

    /** The mails each instance has sent so far, from its Prometheus metrics. */
    private static long[] sentPerInstance(List<OutboundClient> apis) throws Exception {
        long[] sent = new long[apis.size()];
        for (int i = 0; i < apis.size(); i++) {
            for (String line : apis.get(i).metrics().split("\n")) {
                if (line.startsWith("mailbridge_outbound_messages_total{") && line.contains("outcome=\"sent\"")) {
                    sent[i] += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sent;
    }

    private static void awaitUp(MailbridgeProcess child, OutboundClient api) throws Exception {
        long up = System.nanoTime();
        while (!api.isUp()) {
            if (!child.isAlive() || System.nanoTime() - up > 120_000_000_000L) {
                throw new IllegalStateException("mailbridge did not start; its log: " + child.log());
            }
            Thread.sleep(200);
        }
    }

    private static Path config(Path home, int port, ArtemisServer broker, TestDatabases.PostgresDatabase database,
                               RecordingSmtpServer smtp) throws IOException {
        Map<String, String> settings = RunningApp.sandboxSettings(home, port);
        settings.put("mailbridge.sandbox.enabled", "false");
        settings.put("mailbridge.store.url", database.url(5432));
        settings.put("mailbridge.store.user", "postgres");
        for (int m = 0; m < MAILBOXES; m++) {
            String prefix = "mailbridge.mailboxes.mb" + m + ".";
            settings.put(prefix + "address", address(m));
            settings.put(prefix + "grant", "password");
            settings.put(prefix + "password", PASSWORD);
            settings.put(prefix + "smtp", "smtp://127.0.0.1:" + smtp.port());
        }
        settings.put("mailbridge.outbound.templates", Path.of("templates").toAbsolutePath().toString());
        settings.put("mailbridge.outbound.drop-folder", home.resolve("drop").toString());
        settings.put("mailbridge.outbound.messages-per-minute", "1000000");
        settings.put("mailbridge.outbound.recipients-per-day", "100000000");
        settings.put("mailbridge.outbound.broker-url", broker.url());
        settings.put("mailbridge.outbound.broker-user", "mailbridge");
        settings.put("mailbridge.outbound.broker-password", "bench-broker-pw");
        Path config = RunningApp.writeConfig(home, settings);
        Files.copy(Path.of("routes/outbound-sandbox.camel.yaml"), home.resolve("routes/outbound-sandbox.camel.yaml"));
        return config;
    }

    /** The CPU time of every PostgreSQL process (the server and its backends), ended backends not counted. */
    private static long postgresCpuMillis() throws IOException {
        long total = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(p.resolve("comm")).trim().startsWith("postgres")) {
                        total += MailbridgeProcess.cpuMillis(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | IllegalStateException e) {
                    // the process has ended
                }
            }
        }
        return total;
    }
}
