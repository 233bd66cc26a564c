package io.mailbridge.support;

import io.mailbridge.store.Database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Fresh stores for tests: an embedded H2 file, or a new database on the local PostgreSQL (started if it is down). */
public final class TestDatabases {

    private static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private TestDatabases() {
    }

    /** A store and how to throw it away. */
    public record TestStore(Database database, Runnable drop) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
            drop.run();
        }
    }

    public static TestStore open(String kind, Path dir) throws Exception {
        return switch (kind) {
            case "h2" -> new TestStore(Database.open(Database.embeddedUrl(dir), null, null), () -> { });
            case "postgresql" -> postgres();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** A new, empty database on the local PostgreSQL (user postgres, no password), for an app to connect to itself. */
    public record PostgresDatabase(String name, Runnable drop) implements AutoCloseable {
        /** Its JDBC URL when reached on {@code port} of loopback (5432, or a relay in front of it). */
        public String url(int port) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
        }

        @Override
        public void close() {
            drop.run();
        }
    }

    public static PostgresDatabase newPostgresDatabase() throws Exception {
        ensurePostgresRunning();
        String name = "mailbridge_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new PostgresDatabase(name, () -> {
            try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static TestStore postgres() throws Exception {
        PostgresDatabase created = newPostgresDatabase();
        Database db = Database.open(created.url(5432), "postgres", null);
        return new TestStore(db, created.drop());
    }

    /** The machine starts PostgreSQL before a session, but a test must not rely on it still running. */
    static synchronized void ensurePostgresRunning() throws Exception {
        if (reachable()) {
            return;
        }
        Path versions = Path.of("/etc/postgresql");
        if (!Files.isDirectory(versions)) {
            throw new IllegalStateException("PostgreSQL is not installed here (no /etc/postgresql)");
        }
        String version;
        try (var list = Files.list(versions)) {
            version = list.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b).orElseThrow();
        }
        Process start = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start")
                .inheritIO().start();
        start.waitFor(60, TimeUnit.SECONDS);
        for (int i = 0; i < 60 && !reachable(); i++) {
            Thread.sleep(500);
        }
        if (!reachable()) {
            throw new IllegalStateException("PostgreSQL did not start");
        }
    }

    private static boolean reachable() {
        try (Connection ignored = DriverManager.getConnection(PG_ADMIN_URL, "postgres", "")) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
