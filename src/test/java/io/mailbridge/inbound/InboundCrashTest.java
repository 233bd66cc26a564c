package io.mailbridge.inbound;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mailbridge.sandbox.SandboxMailServer;
import io.mailbridge.store.Database;
import io.mailbridge.support.DovecotServer;
import io.mailbridge.support.MailFolders;
import io.mailbridge.support.ChildJvm;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.TestAuthority;
import io.mailbridge.support.TripwireProxy;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * mailbridge as a child JVM, killed with SIGKILL at several points while 200 messages flow, then restarted: every
 * message reaches the ERP, none is lost, a key repeats only where the crash fell between the ERP's answer and the
 * ledger's record of it (counted from the ledger after each kill), and the acknowledgement (one UID MOVE for many
 * messages) leaves no message twice, even when the kill falls while the server carries it out. Once against
 * GreenMail, once against a real Dovecot.
 */
class InboundCrashTest {

    private static final int MESSAGES = 200;
    private static final String ADDRESS = "ap@example.test";

    /** The IMAP server holding the mailbox. */
    enum Server { GREENMAIL, DOVECOT }

    /** The mailbox on one of the servers: deliver into INBOX, read what a folder holds now. */
    private interface MailServer extends AutoCloseable {
        int imapPort();

        void deliver(MimeMessage message) throws Exception;

        List<String> subjects(String folder);

        @Override
        void close();
    }

    @TempDir
    Path home;

    private Server server;
    private TestAuthority authority;
    private MailServer mail;
    private HttpServer erp;
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    /** ERP requests being answered now: a kill's count waits for them, so that none is counted after it. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicReference<Process> child = new AtomicReference<>();
    /** Keys the ERP accepted that the ledger had not recorded as delivered when the process was killed. */
    private final Set<String> answeredUnrecorded = ConcurrentHashMap.newKeySet();
    /**
     * Answers the ledger had not recorded, counted at each kill: a key can be answered, and lost to a kill, twice
     * (answered again in the next run and killed again before the record), and then repeats twice.
     */
    private int unrecordedAnswers;
    private final Map<String, Integer> acceptedAtLastKill = new ConcurrentHashMap<>();
    private TripwireProxy link;
    private volatile IntPredicate killAfterAnswer = n -> false;
    private volatile IntPredicate killBeforeAnswer = n -> false;

    @BeforeEach
    void startErp() throws Exception {
        erp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        erp.createContext("/documents", exchange -> {
            inFlight.incrementAndGet();
            try {
                answer(exchange);
            } finally {
                inFlight.decrementAndGet();
            }
        });
        erp.start();
    }

    /** The ERP's answer: 201, counted as accepted, unless the test kills mailbridge before or after it. */
    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        int n = requests.incrementAndGet();
        if (killBeforeAnswer.test(n)) {
            kill();
            exchange.close();
            return;
        }
        // counted before the answer leaves: a kill that falls between the two must find it counted
        accepted.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        exchange.sendResponseHeaders(201, -1);
        exchange.close();
        if (killAfterAnswer.test(n)) {
            kill();
        }
    }

    private void startMailServer(Server server) throws Exception {
        this.server = server;
        if (server == Server.GREENMAIL) {
            authority = new TestAuthority();
            SandboxMailServer greenMail = authority.startMailServer(ADDRESS);
            mail = new MailServer() {
                public int imapPort() {
                    return greenMail.imapPort();
                }

                public void deliver(MimeMessage message) throws Exception {
                    greenMail.deliver(ADDRESS, message);
                }

                public List<String> subjects(String folder) {
                    return MailFolders.subjects(greenMail.greenMail(), ADDRESS, folder);
                }

                public void close() {
                    greenMail.close();
                }
            };
        } else {
            authority = new TestAuthority(DovecotServer.tokenClaims(ADDRESS));
            DovecotServer dovecot = DovecotServer.start(authority, ADDRESS);
            mail = new MailServer() {
                public int imapPort() {
                    return dovecot.imapPort();
                }

                public void deliver(MimeMessage message) throws Exception {
                    dovecot.deliver(ADDRESS, message);
                }

                // read from the maildir on disk, not through IMAP
                public List<String> subjects(String folder) {
                    return dovecot.subjects(ADDRESS, folder);
                }

                public void close() {
                    dovecot.close();
                }
            };
        }
    }

    @AfterEach
    void stop() throws Exception {
        kill();
        Path logs = Path.of("target/crash-test-logs");
        Files.createDirectories(logs);
        try (var runs = Files.list(home)) {
            for (Path log : runs.filter(p -> p.getFileName().toString().startsWith("run-")).toList()) {
                Files.copy(log, logs.resolve(server.name().toLowerCase() + "-" + log.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        erp.stop(0);
        if (link != null) {
            link.close();
        }
        if (mail != null) {
            mail.close();
        }
        if (authority != null) {
            authority.close();
        }
    }

    private void kill() {
        ChildJvm.kill(child.get());
    }

    private Path config() throws Exception {
        link = new TripwireProxy(mail.imapPort());
        Map<String, String> p = authority.inboundSettings(home, RunningApp.freePort(), ADDRESS, link.port(),
                "http://127.0.0.1:" + erp.getAddress().getPort() + "/documents");
        p.put("mailbridge.erp.timeout-ms", "5000");
        p.put("mailbridge.inbound.poll-delay-ms", "200");
        p.put("mailbridge.inbound.retry-delay-seconds", "1");
        p.put("mailbridge.inbound.max-retry-delay-seconds", "1");
        // the killed run's lock looks alive until the takeover time has passed: the next run waits that long to poll
        p.put("mailbridge.cluster.takeover-seconds", "2");
        return RunningApp.writeConfig(home, p);
    }

    private Process launch(Path config, int run) throws Exception {
        Process p = ChildJvm.start(home, config, home.resolve("run-" + run + ".log"), "-Xmx256m");
        child.set(p);
        return p;
    }

    private List<String> live(String name) {
        return mail.subjects(name);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Server.class)
    void killedAtSeveralPointsEveryMessageReachesTheErpAndNoneIsLost(Server server) throws Exception {
        startMailServer(server);
        for (int i = 1; i <= MESSAGES; i++) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setFrom(new InternetAddress("supplier@example.test"));
            m.setRecipients(MimeMessage.RecipientType.TO, ADDRESS);
            m.setSubject("Invoice " + i);
            m.setText("Invoice number " + i, "UTF-8");
            mail.deliver(m);
        }
        Path config = config();

        // 1: killed right after the ERP answered, before the ledger could record it
        killAfterAnswer = n -> n == 40;
        long t0 = System.nanoTime();
        Process run1 = launch(config, 1);
        await().atMost(Duration.ofSeconds(90)).until(() -> !run1.isAlive());
        killAfterAnswer = n -> false;
        countUnrecordedAnswers();
        System.out.printf("run 1 ended after %d ms, %d accepted%n", (System.nanoTime() - t0) / 1_000_000, accepted.size());

        // 2: killed while the ERP holds a request, which therefore was never accepted
        int before2 = requests.get();
        killBeforeAnswer = n -> n == before2 + 40;
        Process run2 = launch(config, 2);
        await().atMost(Duration.ofSeconds(90)).until(() -> !run2.isAlive());
        killBeforeAnswer = n -> false;
        countUnrecordedAnswers();
        System.out.printf("run 2 ended after %d ms, %d accepted%n", (System.nanoTime() - t0) / 1_000_000, accepted.size());

        // 3: killed at an arbitrary moment of steady flow (acknowledgements included)
        int target = accepted.size() + 40;
        Process run3 = launch(config, 3);
        await().atMost(Duration.ofSeconds(90)).until(() -> accepted.size() >= target);
        kill();
        countUnrecordedAnswers();
        System.out.printf("run 3 ended after %d ms, %d accepted%n", (System.nanoTime() - t0) / 1_000_000, accepted.size());

        // 4: killed the moment it sends its second acknowledgement (UID MOVE of the messages the ERP accepted): the
        // server moves them, mailbridge never hears so
        link.arm("UID MOVE", 2, this::kill);
        Process run4 = launch(config, 4);
        await().atMost(Duration.ofSeconds(90)).until(() -> !run4.isAlive());
        link.disarm();
        countUnrecordedAnswers();
        System.out.printf("run 4 ended after %d ms, %d accepted%n", (System.nanoTime() - t0) / 1_000_000, accepted.size());

        // 5: runs to the end
        launch(config, 5);
        await().atMost(Duration.ofSeconds(120)).until(() -> accepted.size() == MESSAGES && live("INBOX").isEmpty());
        kill();

        int repeats = accepted.values().stream().mapToInt(c -> c.get() - 1).sum();
        List<String> processed = live("Processed");
        int extraCopies = processed.size() - Set.copyOf(processed).size();
        System.out.printf("crash test (%s) took %d s%n", server, (System.nanoTime() - t0) / 1_000_000_000);
        System.out.printf("crash test (" + server + "): %d messages, %d ERP requests, %d accepted keys, %d repeated deliveries "
                + "(%d answers unrecorded at a kill), %d extra copies in Processed%n", MESSAGES, requests.get(), accepted.size(),
                repeats, unrecordedAnswers, extraCopies);

        assertThat(accepted).hasSize(MESSAGES);
        // a repeat is only possible where the process died between the ERP's answer and the ledger's record
        assertThat(repeats).as("repeated keys: " + accepted.entrySet().stream().filter(e -> e.getValue().get() > 1).toList())
                .isLessThanOrEqualTo(unrecordedAnswers);
        assertThat(accepted.entrySet()).filteredOn(e -> e.getValue().get() > 1).allMatch(e -> answeredUnrecorded.contains(e.getKey()));
        assertThat(live("INBOX")).isEmpty();
        assertThat(Set.copyOf(processed)).hasSize(MESSAGES);
        // each acknowledgement is one UID MOVE: a message is in the INBOX or in Processed, never in both
        assertThat(extraCopies).isZero();
        try (Database db = Database.open(Database.embeddedUrl(home.resolve("data")), null, null)) {
            InboundLedger ledger = new InboundLedger(db.dataSource(), Clock.systemUTC());
            for (String key : accepted.keySet()) {
                assertThat(ledger.find(key).orElseThrow().state()).isEqualTo(InboundLedger.State.DELIVERED);
            }
        }
        assertThat(Files.readString(home.resolve("run-5.log"), StandardCharsets.UTF_8)).contains("delivered");
    }

    /** After a kill: the keys the ERP accepted that the ledger does not have as delivered. */
    private void countUnrecordedAnswers() {
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() == 0);
        try (Database db = Database.open(Database.embeddedUrl(home.resolve("data")), null, null)) {
            InboundLedger ledger = new InboundLedger(db.dataSource(), Clock.systemUTC());
            for (Map.Entry<String, AtomicInteger> e : accepted.entrySet()) {
                String key = e.getKey();
                int answers = e.getValue().get();
                boolean answeredSinceLastKill = answers > acceptedAtLastKill.getOrDefault(key, 0);
                if (answeredSinceLastKill && ledger.find(key).map(r -> r.state() != InboundLedger.State.DELIVERED).orElse(true)) {
                    answeredUnrecorded.add(key);
                    unrecordedAnswers++;
                }
                acceptedAtLastKill.put(key, answers);
            }
        }
    }
}
