package io.mailbridge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mailbridge.common.Causes;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * The one database of mailbridge: an embedded H2 file under the data directory by default, PostgreSQL (or another
 * JDBC database) when several instances share the work. The schema is migrated by Flyway at startup.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The embedded default: a single file {@code <dataDir>/mailbridge.mv.db}. */
    public static String embeddedUrl(Path dataDir) {
        // WRITE_DELAY=0 writes each commit out at once, where H2 would otherwise keep the last second in memory and
        // lose it if the process is killed. DB_CLOSE_ON_EXIT=FALSE: H2's own exit hook would close the store while
        // Camel still finishes the exchanges in flight; mailbridge closes it itself once Camel has stopped. async: reads
        // and writes the same file through an AsynchronousFileChannel: with H2's default file channel, one thread
        // interrupted inside the store closes the file, and with it the store for every thread until a restart. Camel
        // interrupts a poll in progress when it stops its route (a reloaded route file, a cluster lock lost), and the
        // poll may be reading the ledger just then
        return "jdbc:h2:async:" + dataDir.toAbsolutePath().resolve("mailbridge") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    /**
     * Connects, then brings the schema up to date.
     *
     * @throws StoreException naming the cause when the database cannot be reached or migrated
     */
    public static Database open(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName("mailbridge-store");
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to the store " + safe(url) + ": " + Causes.root(e).getMessage()
                    + ". Check mailbridge.store.url, user and password, and that the database runs", e);
        }
        try {
            var result = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Store {} migrated to schema version {}", safe(url), result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            dataSource.close();
            throw new StoreException("cannot bring the store " + safe(url) + " to the current schema: " + Causes.root(e).getMessage(), e);
        }
        LOG.info("Store: {}", safe(url));
        return new Database(dataSource);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** A JDBC URL without any password it may carry as a parameter. */
    static String safe(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1****");
    }
}
