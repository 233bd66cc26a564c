package io.mailbridge.oauth;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.store.Database;
import io.mailbridge.support.ChildJvm;
import io.mailbridge.support.TestAuthority;
import io.mailbridge.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Instances in processes of their own, sharing a PostgreSQL store, renew a token once between them. */
class TokenCacheAcrossProcessesTest {

    @TempDir
    Path dir;

    private TestAuthority authority;
    private TestDatabases.PostgresDatabase pg;
    private Path pem;
    private String key;
    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        authority = new TestAuthority();
        pem = authority.writeCertificatePem(dir.resolve("authority.pem"));
        pg = TestDatabases.newPostgresDatabase();
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        key = Base64.getEncoder().encodeToString(raw);
    }

    @AfterEach
    void stop() throws Exception {
        processes.forEach(ChildJvm::kill);
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        authority.close();
        pg.close();
    }

    /** An instance in a JVM of its own, asking for mailbox app's token once {@code go} exists. */
    private Process instance(String name, String authorityUrl, int leaseSeconds, Path go) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TokenCacheProcess.class.getName(),
                pg.url(5432), key, authorityUrl, pem.toString(), String.valueOf(leaseSeconds), go.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        processes.add(process);
        return process;
    }

    private List<String> output(String name) throws IOException {
        return Files.readAllLines(dir.resolve(name + ".log"));
    }

    @Test
    void twoProcessesRenewingAtTheSameMomentMakeOneRequestAndGetTheSameToken() throws Exception {
        Path go = dir.resolve("go");
        Process a = instance("a", authority.authority().authorityUrl(), 30, go);
        Process b = instance("b", authority.authority().authorityUrl(), 30, go);
        await().atMost(Duration.ofSeconds(60)).until(() -> output("a").contains("ready") && output("b").contains("ready"));

        Files.createFile(go);

        assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> answers = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            output(name).stream().filter(line -> line.startsWith("token ")).forEach(answers::add);
        }
        assertThat(answers).hasSize(20);
        assertThat(answers.stream().distinct()).hasSize(1);
        assertThat(authority.tokenRequests("client_credentials")).isEqualTo(1);
    }

    @Test
    void leaseOfAProcessKilledWhileItWaitedForTheAuthorityExpiresAndAnotherRenews() throws Exception {
        // an authority that takes connections and never answers: the first instance waits in its token request
        List<Socket> held = new CopyOnWriteArrayList<>();
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closing.add(silent);
        closing.add(() -> held.forEach(s -> {
            try {
                s.close();
            } catch (IOException e) {
                // gone
            }
        }));
        Thread accepting = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (IOException e) {
                    return;
                }
            }
        });
        accepting.setDaemon(true);
        accepting.start();
        Path go = dir.resolve("go");
        Files.createFile(go);
        Process stuck = instance("stuck", "https://localhost:" + silent.getLocalPort() + "/", 3, go);
        Database database = Database.open(pg.url(5432), "postgres", null);
        closing.add(database);
        await().atMost(Duration.ofSeconds(60)).until(() -> lease(database) != null);
        assertThat(lease(database).owner()).startsWith(stuck.pid() + "@");

        // while it lives its lease outlasts its three seconds: it is extended while the request runs
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> {
            Lease lease = lease(database);
            return lease != null && lease.owner().startsWith(stuck.pid() + "@") && lease.until().isAfter(Instant.now());
        });

        ChildJvm.kill(stuck);
        Instant leftUntil = lease(database).until();
        TokenService survivor = new TokenService(TestAuthority.registry(TestAuthority.mailbox("app", "app@example.test",
                Grant.CLIENT_CREDENTIALS, authority.client(), null, null)),
                new DatabaseTokenStore(database.dataSource(), TokenCipher.fromBase64(key, "test key"), Clock.systemUTC()),
                new MsalAuthorityClient(authority.trustForClient()), Clock.systemUTC(), Duration.ofMinutes(5));
        closing.add(survivor);

        assertThat(survivor.accessToken("app")).isNotBlank();

        assertThat(survivor.status("app").lastRefreshAt()).isAfter(leftUntil);
        assertThat(authority.tokenRequests()).isEqualTo(1);
        assertThat(lease(database)).isNull();
    }

    private record Lease(String owner, Instant until) {
    }

    private static Lease lease(Database database) throws Exception {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement q = c.prepareStatement("SELECT lease_owner, lease_until FROM token_cache WHERE mailbox_id = 'app'")) {
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return null;
                }
                Timestamp until = rs.getTimestamp(2);
                return new Lease(rs.getString(1), until.toInstant());
            }
        }
    }
}
