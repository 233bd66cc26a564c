package io.mailbridge.inbound;

import io.mailbridge.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger on both stores: the embedded H2 file and PostgreSQL. */
class InboundLedgerTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void firstSightCreatesTheRecordAndEachAttemptIsCounted(String store) throws Exception {
        try (var db = TestDatabases.open(store, dir)) {
            InboundLedger ledger = new InboundLedger(db.database().dataSource(), Clock.systemUTC());

            InboundLedger.Entry first = ledger.startAttempt("ap/INBOX/7/1", "ap", "INBOX", 7, 1, Duration.ZERO);
            InboundLedger.Entry second = ledger.startAttempt("ap/INBOX/7/1", "ap", "INBOX", 7, 1, Duration.ZERO);

            assertThat(first.state()).isEqualTo(InboundLedger.State.RECEIVED);
            assertThat(first.attempts()).isEqualTo(1);
            assertThat(second.attempts()).isEqualTo(2);
            assertThat(second.firstSeenAt()).isEqualTo(first.firstSeenAt());
            assertThat(second.uidValidity()).isEqualTo(7);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void deliveredMessageIsNeverAttemptedAgain(String store) throws Exception {
        try (var db = TestDatabases.open(store, dir)) {
            InboundLedger ledger = new InboundLedger(db.database().dataSource(), Clock.systemUTC());
            ledger.startAttempt("ap/INBOX/7/2", "ap", "INBOX", 7, 2, Duration.ZERO);
            ledger.delivered("ap/INBOX/7/2", "<m@x>", "Invoice");

            InboundLedger.Entry again = ledger.startAttempt("ap/INBOX/7/2", "ap", "INBOX", 7, 2, Duration.ZERO);

            assertThat(again.state()).isEqualTo(InboundLedger.State.DELIVERED);
            assertThat(again.attempts()).isEqualTo(1);
            assertThat(again.subject()).isEqualTo("Invoice");
            assertThat(ledger.waiting(List.of("ap/INBOX/7/2")).isEmpty()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void failedMessageWaitsForItsRetryTimeWithTheError(String store) throws Exception {
        try (var db = TestDatabases.open(store, dir)) {
            InboundLedger ledger = new InboundLedger(db.database().dataSource(), Clock.systemUTC());
            ledger.startAttempt("ap/INBOX/7/3", "ap", "INBOX", 7, 3, Duration.ZERO);
            ledger.failed("ap/INBOX/7/3", "ERP answered 503", Instant.now().plus(Duration.ofMinutes(5)));
            assertThat(ledger.waiting(List.of("ap/INBOX/7/3")).isEmpty()).isFalse();
            assertThat(ledger.find("ap/INBOX/7/3").orElseThrow().lastError()).isEqualTo("ERP answered 503");

            ledger.failed("ap/INBOX/7/3", "ERP answered 503", Instant.now().minusSeconds(1));
            assertThat(ledger.waiting(List.of("ap/INBOX/7/3")).isEmpty()).isTrue();
            assertThat(ledger.waiting(List.of("ap/INBOX/7/unknown")).isEmpty()).isTrue();

            ledger.quarantined("ap/INBOX/7/3", "ERP answered 422: missing VAT number", "<m@x>", "Bad invoice");
            InboundLedger.Entry quarantined = ledger.find("ap/INBOX/7/3").orElseThrow();
            assertThat(quarantined.state()).isEqualTo(InboundLedger.State.QUARANTINED);
            assertThat(quarantined.lastError()).contains("422");
            assertThat(ledger.recent("ap", 10)).extracting(InboundLedger.Entry::id).containsExactly("ap/INBOX/7/3");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void attemptsThatNeverFinishedAreCountedAndLeaseTheMessage(String store) throws Exception {
        try (var db = TestDatabases.open(store, dir)) {
            InboundLedger ledger = new InboundLedger(db.database().dataSource(), Clock.systemUTC());
            assertThat(ledger.startAttempt("ap/INBOX/7/9", "ap", "INBOX", 7, 9, Duration.ofMinutes(1)).leased()).isTrue();
            assertThat(ledger.waiting(List.of("ap/INBOX/7/9")).isEmpty()).as("leased while the attempt runs").isFalse();
            InboundLedger.Entry elsewhere = ledger.startAttempt("ap/INBOX/7/9", "ap", "INBOX", 7, 9, Duration.ofMinutes(1));
            assertThat(elsewhere.leased()).as("a second attempt meanwhile gets no lease").isFalse();
            assertThat(elsewhere.attempts()).isEqualTo(1);

            InboundLedger.Entry short1 = ledger.startAttempt("ap/INBOX/7/10", "ap", "INBOX", 7, 10, Duration.ofMillis(1));
            Thread.sleep(20);
            // the process died during that attempt: the next one finds it unfinished
            InboundLedger.Entry second = ledger.startAttempt("ap/INBOX/7/10", "ap", "INBOX", 7, 10, Duration.ofMillis(1));
            assertThat(short1.leased()).isTrue();
            assertThat(second.leased()).isTrue();
            assertThat(second.unfinishedAttempts()).isEqualTo(1);
            ledger.failed("ap/INBOX/7/10", "ERP answered 503", Instant.now());
            Thread.sleep(5);
            assertThat(ledger.startAttempt("ap/INBOX/7/10", "ap", "INBOX", 7, 10, Duration.ZERO).unfinishedAttempts()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void concurrentFirstAttemptsFromSeveralWorkersMakeOneRecordAndOneLease(String store) throws Exception {
        try (var db = TestDatabases.open(store, dir)) {
            InboundLedger ledger = new InboundLedger(db.database().dataSource(), Clock.systemUTC());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<InboundLedger.Entry>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit((Callable<InboundLedger.Entry>) () ->
                        ledger.startAttempt("ap/INBOX/7/4", "ap", "INBOX", 7, 4, Duration.ofMinutes(1))));
            }
            int leases = 0;
            for (Future<InboundLedger.Entry> f : results) {
                leases += f.get().leased() ? 1 : 0;
            }
            pool.shutdown();
            assertThat(leases).as("instances sharing the store: one attempt at a time").isEqualTo(1);
            assertThat(ledger.find("ap/INBOX/7/4").orElseThrow().attempts()).isEqualTo(1);
        }
    }

    @Test
    void recordsSurviveReopeningTheEmbeddedStore() throws Exception {
        String store = "h2";
        try (var db = TestDatabases.open(store, dir)) {
            new InboundLedger(db.database().dataSource(), Clock.systemUTC()).startAttempt("ap/INBOX/7/5", "ap", "INBOX", 7, 5, Duration.ZERO);
        }
        try (var db = TestDatabases.open(store, dir)) {
            assertThat(new InboundLedger(db.database().dataSource(), Clock.systemUTC()).find("ap/INBOX/7/5")).isPresent();
        }
    }
}
