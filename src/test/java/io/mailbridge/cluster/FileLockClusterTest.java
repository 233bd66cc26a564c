package io.mailbridge.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.inbound.InboundLedger;
import io.mailbridge.store.Database;
import io.mailbridge.support.DovecotServer;
import io.mailbridge.support.ScriptedErp;
import io.mailbridge.support.TestAuthority;
import io.mailbridge.support.TestDatabases;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three mailbridge processes on one host, one PostgreSQL store, a cluster folder they share, 20 mailboxes on a real
 * Dovecot with a route each: every mailbox is polled by exactly one process (told by the server's log of logins) and
 * the mailboxes spread over all three; the process polling a busy mailbox is killed with SIGKILL, another takes it over
 * within the takeover time, and the ERP gets every message once, repeated only where the kill fell between the ERP's
 * answer and the ledger's record of it.
 */
class FileLockClusterTest {

    private static final int MAILBOXES = 20;
    private static final int BUSY_MESSAGES = 500;
    private static final int TAKEOVER_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void eachMailboxIsPolledByOneProcessAndAKilledProcessIsReplaced() throws Exception {
        List<String> addresses = IntStream.rangeClosed(1, MAILBOXES).mapToObj(i -> String.format("m%02d@example.test", i)).toList();
        String busy = addresses.get(0);
        try (TestAuthority authority = new TestAuthority();
             DovecotServer dovecot = DovecotServer.start(authority, ClusterNodes.PASSWORD_SIGN_IN, addresses.toArray(String[]::new));
             TestDatabases.PostgresDatabase store = TestDatabases.newPostgresDatabase();
             ScriptedErp erp = new ScriptedErp()) {
            Map<String, String> shared = ClusterNodes.sharedSettings(addresses, dovecot, store.url(5432), erp.url("/documents"),
                    TAKEOVER_SECONDS);
            // the messages the killed process was sending are the ledger's for twice this long before another retries
            shared.put("mailbridge.erp.timeout-ms", "3000");
            shared.put("mailbridge.cluster.type", "file");
            shared.put("mailbridge.cluster.file-root", Files.createDirectories(root.resolve("cluster")).toString());
            try (ClusterNodes cluster = new ClusterNodes(root, dovecot, List.of("node-a", "node-b", "node-c"), shared)) {
                long t0 = System.nanoTime();
                cluster.startAll();
                System.out.printf("three processes up after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
                // the routes arrive by live reload, one at a time: each is a new lock the three processes race for
                for (String address : addresses) {
                    cluster.writeRoute(address);
                    Thread.sleep(150);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> cluster.loginsByMailbox().keySet().containsAll(addresses));
                System.out.printf("every mailbox polled after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
                // exactly one process per mailbox, over a period: no second process ever signs in to one
                await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8)).until(() ->
                        addresses.stream().allMatch(a -> cluster.pollersOf(a).size() == 1));
                Map<String, Set<String>> byNode = addresses.stream().collect(Collectors.groupingBy(
                        a -> cluster.pollersOf(a).iterator().next(), Collectors.toCollection(TreeSet::new)));
                System.out.println("mailboxes per process: " + byNode.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue().size()).toList());
                assertThat(byNode.keySet()).containsExactlyInAnyOrder("node-a", "node-b", "node-c");
                // every process's API tells who polls each mailbox, as the mail server saw it
                Map<String, String> seenByServer = addresses.stream().collect(Collectors.toMap(ClusterNodes::mailboxId,
                        a -> cluster.pollersOf(a).iterator().next()));
                for (ClusterNodes.Node node : cluster.nodes()) {
                    assertThat(cluster.pollersByApi(node.id())).isEqualTo(seenByServer);
                    assertThat(cluster.get(node.id(), "/api/mailboxes").headers().firstValue("Mailbridge-Instance"))
                            .contains(node.id());
                    JsonNode health = JSON.readTree(cluster.get(node.id(), "/observe/health?exposureLevel=full&data=true").body());
                    JsonNode check = null;
                    for (JsonNode c : health.path("checks")) {
                        check = "cluster".equals(c.path("name").asText()) ? c.path("data") : check;
                    }
                    assertThat(check).as("health check 'cluster' of " + node.id()).isNotNull();
                    assertThat(check.path("instance").asText()).isEqualTo(node.id());
                    assertThat(check.path("route.inbound-m07").asText()).isEqualTo(seenByServer.get("m07") + " (mailbox m07)");
                    // every metric, Camel's per route and mailbridge's own, names the instance
                    List<String> samples = cluster.get(node.id(), "/observe/metrics").body().lines()
                            .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
                    assertThat(samples).isNotEmpty().allMatch(l -> l.contains("instance=\"" + node.id() + "\""));
                }

                killTheBusyMailboxesPoller(cluster, dovecot, erp, store, busy);
            }
        }
    }

    private void killTheBusyMailboxesPoller(ClusterNodes cluster, DovecotServer dovecot, ScriptedErp erp,
                                            TestDatabases.PostgresDatabase store, String busy) throws Exception {
        String owner = cluster.pollersOf(busy).iterator().next();
        for (int i = 1; i <= BUSY_MESSAGES; i++) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setFrom(new InternetAddress("supplier@example.test"));
            m.setRecipients(MimeMessage.RecipientType.TO, busy);
            m.setSubject("Invoice " + i);
            m.setText("Invoice number " + i, "UTF-8");
            dovecot.deliver(busy, m);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> erp.requestsFor("Invoice ").size() >= 120);
        cluster.kill(owner);
        long killedAt = System.nanoTime();
        int atKill = erp.requestsFor("Invoice ").size();
        // what the dead process had sent is all in before anyone else takes over (no other poller for seconds)
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                .until(() -> erp.requestsFor("Invoice ").size(), n -> n == erp.requestsFor("Invoice ").size());
        Set<String> unrecorded = unrecordedAnswers(erp, store);
        int beforeTakeover = erp.requestsFor("Invoice ").size();

        await().atMost(Duration.ofSeconds(TAKEOVER_SECONDS + 10)).until(() -> erp.requestsFor("Invoice ").size() > beforeTakeover);
        long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
        await().atMost(Duration.ofSeconds(90)).until(() -> acceptedKeys(erp).size() == BUSY_MESSAGES
                && dovecot.count(busy, "INBOX") == 0);
        System.out.printf("all %d messages delivered %d ms after the kill%n", BUSY_MESSAGES, (System.nanoTime() - killedAt) / 1_000_000);
        Set<String> newPollers = new TreeSet<>(cluster.pollersOf(busy));
        newPollers.remove(owner);

        Map<String, Long> perKey = erp.requestsFor("Invoice ").stream().filter(r -> r.answered() == 201)
                .collect(Collectors.groupingBy(ScriptedErp.Request::idempotencyKey, Collectors.counting()));
        long repeats = perKey.values().stream().mapToLong(c -> c - 1).sum();
        System.out.printf("kill -9 of %s (polling %s) after %d requests: taken over by %s, first request %d ms after the kill "
                        + "(takeover time %d s); %d messages, %d accepted keys, %d repeats, %d answers unrecorded at the kill%n",
                owner, busy, atKill, newPollers, takeoverMillis, TAKEOVER_SECONDS, BUSY_MESSAGES, perKey.size(), repeats,
                unrecorded.size());
        assertThat(newPollers).hasSize(1);
        assertThat(takeoverMillis).isLessThanOrEqualTo(TAKEOVER_SECONDS * 1000L + 5_000);
        assertThat(perKey).hasSize(BUSY_MESSAGES);
        assertThat(repeats).isLessThanOrEqualTo(unrecorded.size());
        assertThat(perKey.entrySet()).filteredOn(e -> e.getValue() > 1).allMatch(e -> unrecorded.contains(e.getKey()));
        assertThat(dovecot.count(busy, "INBOX")).isZero();
        assertThat(new HashSet<>(dovecot.subjects(busy, "Processed"))).hasSize(BUSY_MESSAGES);
        // the survivors' API names the new poller
        String survivor = newPollers.iterator().next();
        await().atMost(Duration.ofSeconds(5)).until(() -> survivor.equals(cluster.pollersByApi(survivor).get(ClusterNodes.mailboxId(busy))));
    }

    private static Set<String> acceptedKeys(ScriptedErp erp) {
        return erp.requestsFor("Invoice ").stream().filter(r -> r.answered() == 201).map(ScriptedErp.Request::idempotencyKey)
                .collect(Collectors.toSet());
    }

    /** The keys the ERP accepted that the ledger does not have as delivered: the only ones that may come again. */
    private static Set<String> unrecordedAnswers(ScriptedErp erp, TestDatabases.PostgresDatabase store) {
        Set<String> unrecorded = new HashSet<>();
        try (Database db = Database.open(store.url(5432), "postgres", null)) {
            InboundLedger ledger = new InboundLedger(db.dataSource(), Clock.systemUTC());
            for (String key : acceptedKeys(erp)) {
                if (ledger.find(key).map(r -> r.state() != InboundLedger.State.DELIVERED).orElse(true)) {
                    unrecorded.add(key);
                }
            }
        }
        return unrecorded;
    }
}
