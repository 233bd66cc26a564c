package io.mailbridge.inbound;

import com.sun.net.httpserver.HttpServer;
import io.mailbridge.mailbox.MailProperties;
import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.support.DovecotServer;
import io.mailbridge.support.IdleLimitProxy;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.TestAuthority;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shipped inbound route against a real Dovecot that checks every XOAUTH2 token by introspection at the authority. */
class InboundDovecotTest {

    private static final String ADDRESS = "ap@example.test";
    private static final int MESSAGES = 10;

    @TempDir
    Path home;

    private TestAuthority authority;
    private DovecotServer dovecot;
    private CountingErp erp;
    private RunningApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (erp != null) {
            erp.close();
        }
        if (dovecot != null) {
            dovecot.close();
        }
        if (authority != null) {
            authority.close();
        }
    }

    /** Authority whose tokens name {@code tokenUser}, Dovecot with the mailbox, mailbridge reading it. */
    private void start(String tokenUser) throws Exception {
        startServers(tokenUser, List.of());
        startApp(dovecot.imapPort(), Map.of());
    }

    private void startServers(String tokenUser, List<String> dovecotConfig) throws Exception {
        authority = new TestAuthority(DovecotServer.tokenClaims(tokenUser));
        dovecot = DovecotServer.start(authority, dovecotConfig, ADDRESS);
        erp = new CountingErp();
    }

    private void startApp(int imapPort, Map<String, String> extra) throws Exception {
        int port = RunningApp.freePort();
        Map<String, String> settings = authority.inboundSettings(home, port, ADDRESS, imapPort, erp.url());
        settings.put("mailbridge.erp.timeout-ms", "5000");
        settings.put("mailbridge.inbound.poll-delay-ms", "200");
        settings.put("mailbridge.inbound.retry-delay-seconds", "1");
        settings.put("mailbridge.inbound.max-retry-delay-seconds", "1");
        settings.putAll(extra);
        app = RunningApp.start(home, settings, port);
    }

    /** The capabilities Dovecot announces to a signed-in client. */
    private Set<String> capabilities() throws Exception {
        String token = new MsalAuthorityClient(authority.trustForClient()).clientCredentials(authority.client()).accessToken();
        Properties props = MailProperties.signIn(new Properties(), "imap", "127.0.0.1", true);
        try (IMAPStore store = (IMAPStore) Session.getInstance(props).getStore("imap")) {
            store.connect("127.0.0.1", dovecot.imapPort(), ADDRESS, token);
            Set<String> names = new TreeSet<>();
            for (String name : List.of("MOVE", "UIDPLUS", "IMAP4REV1")) {
                if (store.hasCapability(name)) {
                    names.add(name);
                }
            }
            return names;
        }
    }

    private void deliverInvoices() throws Exception {
        for (int i = 1; i <= MESSAGES; i++) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setFrom(new InternetAddress("supplier@example.test"));
            m.setRecipients(MimeMessage.RecipientType.TO, ADDRESS);
            m.setSubject("Invoice " + i);
            m.setText("Invoice number " + i, "UTF-8");
            m.saveChanges();
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            m.writeTo(raw);
            dovecot.deliver(ADDRESS, raw.toByteArray());
        }
    }

    private static List<String> invoiceSubjects() {
        return IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> "Invoice " + i).toList();
    }

    @Test
    void everyMessageReachesTheErpOnceAndMovesToProcessed() throws Exception {
        start(ADDRESS);
        deliverInvoices();

        await().atMost(Duration.ofSeconds(30)).until(() -> erp.accepted.size() == MESSAGES
                && dovecot.count(ADDRESS, "INBOX") == 0 && dovecot.count(ADDRESS, "Processed") == MESSAGES);
        assertThat(erp.accepted.keySet()).allMatch(key -> key.matches("ap/INBOX/\\d+/\\d+"));
        assertThat(erp.accepted.values()).allMatch(n -> n.get() == 1);
        assertThat(erp.requests.get()).isEqualTo(MESSAGES);
        assertThat(dovecot.subjects(ADDRESS, "Processed")).containsExactlyInAnyOrderElementsOf(invoiceSubjects());
        assertThat(dovecot.count(ADDRESS, "Quarantine")).isZero();
        assertThat(dovecot.logins(ADDRESS)).isPositive();
    }

    @Test
    void erpOutageLeavesEveryMessageInTheInboxUntilTheErpAcceptsThenEachIsDeliveredOnce() throws Exception {
        start(ADDRESS);
        erp.status = 500;
        deliverInvoices();

        await().atMost(Duration.ofSeconds(30)).until(() -> erp.refusedKeys.size() == MESSAGES);
        // untouched: not moved, and not even flagged seen or deleted
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> dovecot.count(ADDRESS, "INBOX") == MESSAGES
                && dovecot.flags(ADDRESS, "INBOX").stream().allMatch(String::isEmpty)
                && dovecot.count(ADDRESS, "Processed") == 0 && erp.accepted.isEmpty());
        assertThat(erp.requests.get()).as("the ERP is asked again while it fails").isGreaterThan(MESSAGES);

        erp.status = 201;
        await().atMost(Duration.ofSeconds(30)).until(() -> erp.accepted.size() == MESSAGES
                && dovecot.count(ADDRESS, "INBOX") == 0 && dovecot.count(ADDRESS, "Processed") == MESSAGES);
        assertThat(erp.accepted.values()).allMatch(n -> n.get() == 1);
        assertThat(erp.accepted.keySet()).isEqualTo(erp.refusedKeys);
        assertThat(dovecot.subjects(ADDRESS, "Processed")).containsExactlyInAnyOrderElementsOf(invoiceSubjects());
    }

    /**
     * The route stopped and started again and again while 300 messages flow, as a reloaded route file or a cluster
     * lock changing hands does. Camel interrupts the consumer's threads then, which may be inside the store or the
     * IMAP connection at that moment. Every message still reaches the ERP exactly once and leaves the INBOX.
     */
    @Test
    void aRouteStoppedAndStartedWhileMailFlowsDeliversEveryMessageOnce() throws Exception {
        int count = 300;
        start(ADDRESS);
        erp.delayMillis = 20;
        String route = app.camel().getRoutes().stream().filter(r -> r.getEndpoint().getEndpointUri().startsWith("imap"))
                .findFirst().orElseThrow().getRouteId();
        for (int i = 1; i <= count; i++) {
            dovecot.deliver(ADDRESS, ("From: supplier@example.test\r\nTo: " + ADDRESS + "\r\nSubject: Flow " + i
                    + "\r\nMessage-ID: <flow-" + i + "@example.test>\r\n\r\nInvoice " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        // a restart after every tenth of the flow; the ERP's 20 ms per answer keeps the flow going that long
        int restarts = 0;
        for (int tenth = 1; tenth <= 8; tenth++) {
            int reached = tenth * count / 10;
            await().atMost(Duration.ofSeconds(30)).until(() -> erp.accepted.size() >= reached);
            if (erp.accepted.size() == count) {
                break;
            }
            app.camel().getRouteController().stopRoute(route);
            app.camel().getRouteController().startRoute(route);
            restarts++;
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> erp.accepted.size() == count
                && dovecot.count(ADDRESS, "INBOX") == 0 && dovecot.count(ADDRESS, "Processed") == count);
        assertThat(restarts).as("restarts while mail was flowing").isGreaterThanOrEqualTo(5);
        assertThat(erp.accepted.entrySet()).filteredOn(e -> e.getValue().get() > 1).isEmpty();
        assertThat(dovecot.count(ADDRESS, "Quarantine")).isZero();
    }

    /**
     * A server without MOVE (RFC 6851): delivered messages are copied to Processed, then flagged deleted and
     * expunged, by UID where the server has UIDPLUS (RFC 4315), else with a plain EXPUNGE. Nothing is left behind.
     */
    @ParameterizedTest
    @ValueSource(strings = {"IMAP4rev1 SASL-IR LITERAL+ IDLE UIDPLUS", "IMAP4rev1 SASL-IR LITERAL+ IDLE"})
    void aServerWithoutMoveHasEveryDeliveredMessageCopiedThenExpunged(String capability) throws Exception {
        startServers(ADDRESS, List.of("imap_capability = " + capability));
        assertThat(capabilities()).doesNotContain("MOVE").contains("IMAP4REV1")
                .containsAll(capability.contains("UIDPLUS") ? List.of("UIDPLUS") : List.of());
        startApp(dovecot.imapPort(), Map.of());
        deliverInvoices();

        await().atMost(Duration.ofSeconds(30)).until(() -> erp.accepted.size() == MESSAGES
                && dovecot.flags(ADDRESS, "INBOX").isEmpty() && dovecot.count(ADDRESS, "Processed") == MESSAGES);
        assertThat(erp.accepted.values()).allMatch(n -> n.get() == 1);
        assertThat(dovecot.subjects(ADDRESS, "Processed")).containsExactlyInAnyOrderElementsOf(invoiceSubjects());
        assertThat(dovecot.flags(ADDRESS, "Processed")).hasSize(MESSAGES);
    }

    /**
     * An ERP that takes 2 s per answer, one document at a time, through a link that cuts connections idle for 3 s:
     * each message is moved as soon as the ERP accepted it, and the poll keeps its one connection busy while it
     * waits, so the link never cuts it.
     */
    @Test
    void aSlowErpNeitherLetsTheConnectionGoIdleNorHoldsBackTheAcknowledgements() throws Exception {
        startServers(ADDRESS, List.of());
        erp.delayMillis = 2000;
        try (IdleLimitProxy link = new IdleLimitProxy(dovecot.imapPort(), 3000)) {
            startApp(link.port(), Map.of("mailbridge.inbound.concurrency", "1", "mailbridge.inbound.keepalive-seconds", "1"));
            deliverInvoices();

            await().atMost(Duration.ofSeconds(15)).until(() -> dovecot.count(ADDRESS, "Processed") >= 1);
            assertThat(erp.accepted).as("acknowledged before the poll's other messages were delivered").hasSizeLessThan(MESSAGES);
            await().atMost(Duration.ofSeconds(60)).until(() -> erp.accepted.size() == MESSAGES
                    && dovecot.count(ADDRESS, "INBOX") == 0 && dovecot.count(ADDRESS, "Processed") == MESSAGES);
            assertThat(erp.accepted.values()).allMatch(n -> n.get() == 1);
            assertThat(link.cuts()).as("connections cut for idling").isZero();
            assertThat(dovecot.logins(ADDRESS)).isEqualTo(1);
        }
    }

    @Test
    void tokenForAnotherMailboxIsRefusedByDovecotAndNothingIsRead() throws Exception {
        start("someone-else@example.test");
        deliverInvoices();

        // the authority vouches for the token, but introspection names another user
        await().atMost(Duration.ofSeconds(30)).until(() -> dovecot.log().contains("auth failed"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> erp.requests.get() == 0
                && dovecot.count(ADDRESS, "INBOX") == MESSAGES && dovecot.logins(ADDRESS) == 0);
        assertThat(dovecot.log()).contains("user=<" + ADDRESS + ">", "method=XOAUTH2");
    }

    /** An ERP on loopback answering every document with {@link #status}, counting what it accepted per Idempotency-Key. */
    private static final class CountingErp implements AutoCloseable {

        final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
        final Set<String> refusedKeys = ConcurrentHashMap.newKeySet();
        final AtomicInteger requests = new AtomicInteger();
        volatile int status = 201;
        volatile long delayMillis;
        private final HttpServer server;

        CountingErp() throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            server.createContext("/documents", exchange -> {
                exchange.getRequestBody().readAllBytes();
                String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                int answer = status;
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                requests.incrementAndGet();
                exchange.sendResponseHeaders(answer, -1);
                exchange.close();
                if (answer / 100 == 2) {
                    accepted.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                } else {
                    refusedKeys.add(key);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/documents";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
