package io.mailbridge.cluster;

import io.mailbridge.support.ChildJvm;
import io.mailbridge.support.DovecotServer;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.ScriptedErp;
import io.mailbridge.support.TestAuthority;
import io.mailbridge.support.TestDatabases;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A ZooKeeper server in a process of its own and two mailbridge processes electing a poller per route through it:
 * each mailbox has one poller (the mailboxes usually split between the two), and when the process polling the most is
 * killed with SIGKILL the other takes its mailboxes over once the dead one's ZooKeeper session expires (the takeover
 * time).
 */
class ZooKeeperClusterTest {

    private static final int MAILBOXES = 8;
    private static final int TAKEOVER_SECONDS = 5;

    @TempDir
    Path root;

    @Test
    void twoProcessesSplitTheMailboxesAndOneTakesOverWhenTheOtherIsKilled() throws Exception {
        List<String> addresses = IntStream.rangeClosed(1, MAILBOXES).mapToObj(i -> String.format("z%02d@example.test", i)).toList();
        int zkPort = RunningApp.freePort();
        Process zookeeper = startZooKeeper(zkPort);
        try (TestAuthority authority = new TestAuthority();
             DovecotServer dovecot = DovecotServer.start(authority, ClusterNodes.PASSWORD_SIGN_IN, addresses.toArray(String[]::new));
             TestDatabases.PostgresDatabase store = TestDatabases.newPostgresDatabase();
             ScriptedErp erp = new ScriptedErp()) {
            Map<String, String> shared = ClusterNodes.sharedSettings(addresses, dovecot, store.url(5432), erp.url("/documents"),
                    TAKEOVER_SECONDS);
            shared.put("mailbridge.cluster.type", "zookeeper");
            shared.put("mailbridge.cluster.zookeeper.nodes", "127.0.0.1:" + zkPort);
            shared.put("mailbridge.cluster.zookeeper.base-path", "/mailbridge-test");
            try (ClusterNodes cluster = new ClusterNodes(root, dovecot, List.of("host-1", "host-2"), shared)) {
                cluster.startAll();
                for (String address : addresses) {
                    cluster.writeRoute(address);
                    Thread.sleep(200);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> cluster.loginsByMailbox().keySet().containsAll(addresses));
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() ->
                        addresses.stream().allMatch(a -> cluster.pollersOf(a).size() == 1));
                Map<String, Set<String>> byNode = addresses.stream().collect(Collectors.groupingBy(
                        a -> cluster.pollersOf(a).iterator().next(), Collectors.toCollection(TreeSet::new)));
                System.out.println("ZooKeeper: mailboxes per process: " + byNode);
                // ZooKeeper gives each route to whichever process asks first: usually a split, but one process may
                // win them all; the one polling the most is killed, so that there is always something to take over
                assertThat(byNode.keySet()).isSubsetOf("host-1", "host-2");
                String victim = byNode.keySet().stream().max(Comparator.comparingInt(n -> byNode.get(n).size()))
                        .orElseThrow();
                String survivor = victim.equals("host-1") ? "host-2" : "host-1";

                cluster.kill(victim);
                long killedAt = System.nanoTime();
                Set<String> orphaned = byNode.get(victim);
                await().atMost(Duration.ofSeconds(TAKEOVER_SECONDS + 10)).until(() ->
                        orphaned.stream().allMatch(a -> cluster.pollersOf(a).contains(survivor)));
                long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
                System.out.printf("ZooKeeper: %s polls %s's %d mailboxes %d ms after the kill (takeover time %d s)%n",
                        survivor, victim, orphaned.size(), takeoverMillis, TAKEOVER_SECONDS);
                assertThat(takeoverMillis).isLessThanOrEqualTo(TAKEOVER_SECONDS * 1000L + 5_000);
                await().atMost(Duration.ofSeconds(10)).until(() -> cluster.pollersByApi(survivor).values().stream()
                        .allMatch(survivor::equals));
            }
        } finally {
            ChildJvm.kill(zookeeper);
        }
    }

    /**
     * ZooKeeper's own server class in a JVM of its own, as {@code zkServer.sh} would start it, on loopback, without its
     * admin web server; a tick of 1 s allows sessions of 2 to 20 s.
     */
    private Process startZooKeeper(int port) throws Exception {
        Path data = Files.createDirectories(root.resolve("zookeeper"));
        Path config = Files.writeString(root.resolve("zoo.cfg"), String.join("\n",
                "tickTime=1000", "dataDir=" + data, "clientPort=" + port, "clientPortAddress=127.0.0.1",
                "admin.enableServer=false") + "\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ZooKeeperServerMain.class.getName(), config.toString())
                .redirectErrorStream(true).redirectOutput(Path.of("target", "zookeeper-test.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (Exception e) {
                return false;
            }
        });
        return p;
    }
}
