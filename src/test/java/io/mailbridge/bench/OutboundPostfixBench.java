package io.mailbridge.bench;

import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.support.DovecotServer;
import io.mailbridge.support.PostfixServer;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.TestAuthority;
import jakarta.mail.Session;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The whole outbound flow against a real MTA: a private Postfix on loopback that wants STARTTLS, checks XOAUTH2
 * through Dovecot's auth socket (tokens introspected at the test authority), and writes each mail to its queue on disk
 * before it answers {@code 250}; it then discards the mail, so that delivery does not compete for the machine. Three
 * ways are timed in each round, 1 KB mails each: a plain Jakarta Mail loop over one connection (STARTTLS, signed in
 * once, {@code sendMessage} in a loop); single requests ({@code POST /api/outbound} from 4 client threads, timed
 * until every status reads {@code sent}); and one batch with the shipped invoice template, timed until its counts read
 * all sent. mailbridge runs in a JVM of its own with the shipped outbound route (three connections per mailbox, its
 * limits raised out of the way); the mails Postfix accepted are counted in its own log, by Message-ID.
 * Usage: {@code OutboundPostfixBench [mails per way and round, default 1000] [rounds, default 3]}.
 */
public final class OutboundPostfixBench {

    private static final String ADDRESS = "ap@dovecot.test";
    private static final String DOMAIN = "dovecot.test";
    private static final Path KEPT_LOG = Path.of("target/outbound-postfix-bench.log");

    /** Mails per second, and the CPU time per mail of the sending side (the loop's thread, or mailbridge's JVM). */
    private record Figure(double perSecond, double cpuMillisPerMail) {
        @Override
        public String toString() {
            return String.format("%.0f msg/s (%.2f ms CPU/mail)", perSecond, cpuMillisPerMail);
        }

        static Figure median(List<Figure> figures) {
            return new Figure(OutboundSenderBench.median(figures.stream().mapToDouble(Figure::perSecond).toArray()),
                    OutboundSenderBench.median(figures.stream().mapToDouble(Figure::cpuMillisPerMail).toArray()));
        }
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Figure> plain = new ArrayList<>();
        List<Figure> singles = new ArrayList<>();
        List<Figure> batch = new ArrayList<>();
        Path home = Files.createTempDirectory("mailbridge-outbound-postfix-bench");
        boolean failed = true;
        try (TestAuthority authority = new TestAuthority(DovecotServer.tokenClaims(ADDRESS));
             DovecotServer dovecot = DovecotServer.start(authority, ADDRESS);
             // every mail is written to the queue and synced before its 250, then dropped instead of delivered
             PostfixServer postfix = PostfixServer.start(dovecot, DOMAIN, true, "default_transport = discard",
                     "relay_transport = discard", "virtual_transport = discard")) {
            String token = new MsalAuthorityClient(authority.trustForClient()).clientCredentials(authority.client()).accessToken();
            Session loopSession = Session.getInstance(loopSettings(postfix));

            int port = RunningApp.freePort();
            Map<String, String> settings = authority.inboundSettings(home, port, ADDRESS, dovecot.imapPort(), "http://127.0.0.1:9/none");
            // no inbound route: nothing polls the inbox while mail goes out
            Files.delete(home.resolve("routes/inbound-ap.camel.yaml"));
            Files.copy(Path.of("routes/outbound-sandbox.camel.yaml"), home.resolve("routes/outbound-sandbox.camel.yaml"));
            settings.put("mailbridge.mailboxes.ap.smtp", "smtp://127.0.0.1:" + postfix.port());
            settings.put("mailbridge.outbound.templates", Path.of("templates").toAbsolutePath().toString());
            settings.put("mailbridge.outbound.messages-per-minute", "1000000");
            settings.put("mailbridge.outbound.recipients-per-day", "100000000");
            Path config = RunningApp.writeConfig(home, settings);
            // Postfix's certificate trusted as an admin trusts a private CA: in the Java trust store
            Path trust = postfix.trustStore("changeit");
            try (MailbridgeProcess child = new MailbridgeProcess(home, config, "-Djavax.net.ssl.trustStore=" + trust,
                    "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12")) {
                OutboundClient api = new OutboundClient(port, RunningApp.ADMIN_TOKEN);
                long up = System.nanoTime();
                while (!api.isUp()) {
                    if (!child.isAlive() || System.nanoTime() - up > 120_000_000_000L) {
                        throw new IllegalStateException("mailbridge did not start; its log: " + child.log());
                    }
                    Thread.sleep(200);
                }
                AcceptedMail accepted = new AcceptedMail(postfix);
                // warm-up of every way, so that none pays for class loading, JIT and the first sign-in
                plainLoop(loopSession, postfix, token, count / 2);
                singles(api, count / 5);
                batch(api, count / 5);
                accepted.expect(count / 2 + 2 * (count / 5));
                for (int round = 1; round <= rounds; round++) {
                    plain.add(plainLoop(loopSession, postfix, token, count));
                    singles.add(timedInChild(child, count, () -> singles(api, count)));
                    batch.add(timedInChild(child, count, () -> batch(api, count)));
                    // counted at the far end: Postfix logged each mail's Message-ID as it took the mail in
                    accepted.expect(3 * count);
                    System.out.printf("outbound against Postfix, round %d of %d: plain loop %s; API single requests %s, %.2fx; "
                                    + "one batch %s, %.2fx; Postfix took %d distinct mails so far%n", round, rounds,
                            last(plain), last(singles), last(singles).perSecond / last(plain).perSecond, last(batch),
                            last(batch).perSecond / last(plain).perSecond, accepted.count());
                }
                Figure p = Figure.median(plain);
                Figure s = Figure.median(singles);
                Figure b = Figure.median(batch);
                System.out.printf("outbound against Postfix (STARTTLS, XOAUTH2, queued to disk before 250), %d mails of 1 KB, "
                                + "median of %d rounds: plain loop on one connection %s; API single requests (%d client threads) "
                                + "%s, %.2fx plain; one batch %s, %.2fx plain%n", count, rounds, p, OutboundClient.SENDERS, s,
                        s.perSecond / p.perSecond, b, b.perSecond / p.perSecond);
                failed = false;
            } finally {
                if (failed && Files.exists(home.resolve("mailbridge.log"))) {
                    Files.copy(home.resolve("mailbridge.log"), KEPT_LOG, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    System.out.println("FAILED: mailbridge's log is kept in " + KEPT_LOG.toAbsolutePath());
                }
            }
        } finally {
            RunningApp.deleteRecursively(home);
        }
        System.exit(failed ? 1 : 0);
    }

    private static Figure last(List<Figure> figures) {
        return figures.get(figures.size() - 1);
    }

    /** STARTTLS required, the server's certificate and name checked, then XOAUTH2: as mailbridge connects. */
    private static Properties loopSettings(PostfixServer postfix) {
        Properties p = OutboundSenderBench.plainLoopSettings();
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.socketFactory", postfix.trust().getSocketFactory());
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        return p;
    }

    private static Figure plainLoop(Session session, PostfixServer postfix, String token, int count) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        double rate = OutboundSenderBench.plainLoop(session, postfix.port(), ADDRESS, token, count);
        return new Figure(rate, (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / count);
    }

    private interface Run {
        double mailsPerSecond() throws Exception;
    }

    private static Figure timedInChild(MailbridgeProcess child, int count, Run run) throws Exception {
        long cpu = child.cpuMillis();
        double rate = run.mailsPerSecond();
        return new Figure(rate, (double) (child.cpuMillis() - cpu) / count);
    }

    /** {@code count} single requests, timed until each reads sent (Postfix's log is checked after the round). */
    private static double singles(OutboundClient api, int count) throws Exception {
        return api.sendSingles(count, () -> { });
    }

    /** One batch of {@code count} invoices, timed until its counts read all sent. */
    private static double batch(OutboundClient api, int count) throws Exception {
        return api.sendInvoiceBatch(count, () -> { });
    }

    /** The mails Postfix took in, read from its log: one {@code message-id=} line per mail its cleanup queued. */
    private static final class AcceptedMail {

        private final PostfixServer postfix;
        private long expected;

        AcceptedMail(PostfixServer postfix) {
            this.postfix = postfix;
        }

        /** Distinct Message-IDs; a mail taken in twice would show as more lines than these. */
        long count() {
            List<String> ids = Arrays.stream(postfix.log().split("\n"))
                    .filter(line -> line.contains("/cleanup[") && line.contains(": message-id="))
                    .map(line -> line.substring(line.indexOf(": message-id=") + 13)).toList();
            long distinct = ids.stream().distinct().count();
            if (distinct != ids.size()) {
                throw new IllegalStateException("Postfix took " + (ids.size() - distinct) + " mails in twice");
            }
            return distinct;
        }

        /** Waits (Postfix writes its log through a daemon of its own) until that many more mails are logged. */
        void expect(long more) throws InterruptedException {
            expected += more;
            long deadline = System.nanoTime() + 30_000_000_000L;
            long seen;
            while ((seen = count()) < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Postfix logged " + seen + " distinct mails, " + expected + " were sent");
                }
                Thread.sleep(200);
            }
            if (seen > expected) {
                throw new IllegalStateException("Postfix logged " + seen + " distinct mails, only " + expected + " were sent");
            }
        }
    }
}
