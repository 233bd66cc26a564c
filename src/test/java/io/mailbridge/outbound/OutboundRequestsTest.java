package io.mailbridge.outbound;

import io.mailbridge.support.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbound status records on both stores: the embedded H2 file and PostgreSQL. */
class OutboundRequestsTest {

    @TempDir
    Path dir;

    private static OutboundRequests.NewRequest item(String batchId, int index) {
        return new OutboundRequests.NewRequest(batchId + "-" + index, "ap", null, null, batchId, index,
                "<" + batchId + "-" + index + "@example.test>", "Invoice " + index, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aSentRequestIsNeverAttemptedAgainAndAnInterruptedAttemptIsVisible(String store) throws Exception {
        try (var db = TestDatabases.open(store, dir)) {
            OutboundRequests requests = new OutboundRequests(db.database().dataSource(), Clock.systemUTC());
            try (Connection c = requests.dataSource().getConnection()) {
                requests.insert(c, List.of(new OutboundRequests.NewRequest("r1", "ap", "erp-1", "hash", null, null, "<r1@x>", "s", 2)));
            }
            OutboundRequests.Entry first = requests.beginAttempt("r1").orElseThrow();
            assertThat(first.status()).isEqualTo(OutboundRequests.Status.QUEUED);
            // the process stopped here; the queue hands the mail over again
            OutboundRequests.Entry second = requests.beginAttempt("r1").orElseThrow();
            assertThat(second.status()).isEqualTo(OutboundRequests.Status.SENDING);
            assertThat(second.attempts()).isEqualTo(1);
            requests.sent("r1", "250 OK", 1);

            OutboundRequests.Entry sent = requests.find("r1").orElseThrow();
            assertThat(sent.status()).isEqualTo(OutboundRequests.Status.SENT);
            assertThat(sent.attempts()).isEqualTo(2);
            assertThat(sent.uncertain()).isEqualTo(1);
            assertThat(sent.sentAt()).isNotNull();
            assertThat(requests.findByRequestId("erp-1").orElseThrow().id()).isEqualTo("r1");
            // a copy delivered once more by the queue finds the request final and is not attempted
            assertThat(requests.beginAttempt("r1").orElseThrow().status()).isEqualTo(OutboundRequests.Status.SENT);
            assertThat(requests.find("r1").orElseThrow().attempts()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRequestIdIsTakenOnce(String store) throws Exception {
        try (var db = TestDatabases.open(store, dir)) {
            OutboundRequests requests = new OutboundRequests(db.database().dataSource(), Clock.systemUTC());
            try (Connection c = requests.dataSource().getConnection()) {
                requests.insert(c, List.of(new OutboundRequests.NewRequest("a", "ap", "erp-7", "h", null, null, "<a@x>", "s", 1)));
                assertThatThrownBy(() -> requests.insert(c, List.of(
                        new OutboundRequests.NewRequest("b", "ap", "erp-7", "h", null, null, "<b@x>", "s", 1))))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("23"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aBatchCompletesOnceWhenItsLastItemIsFinalWhoeverFinishesIt(String store) throws Exception {
        try (var db = TestDatabases.open(store, dir)) {
            OutboundRequests requests = new OutboundRequests(db.database().dataSource(), Clock.systemUTC());
            try (Connection c = requests.dataSource().getConnection()) {
                requests.insertBatch(c, new OutboundRequests.Batch("b1", "ap", "run-1", "h", "invoice", "api", 4, false,
                        Instant.now(), null));
                requests.insert(c, List.of(item("b1", 0), item("b1", 1), item("b1", 2), item("b1", 3)));
            }
            requests.batchAccepted("b1");
            requests.sent("b1-0", "250 OK", 0);
            requests.failed("b1-1", "550 5.1.1 User unknown", 0);
            requests.sent("b1-2", "250 OK", 0);
            assertThat(requests.completeBatchIfDone("b1")).isFalse();
            requests.sent("b1-3", "250 OK", 0);

            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> completions = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    completions.add(pool.submit((Callable<Boolean>) () -> requests.completeBatchIfDone("b1")));
                }
                int completed = 0;
                for (Future<Boolean> f : completions) {
                    completed += f.get() ? 1 : 0;
                }
                assertThat(completed).isEqualTo(1);
            } finally {
                pool.shutdown();
            }
            OutboundRequests.Batch batch = requests.findBatchByRequestId("run-1").orElseThrow();
            assertThat(batch.accepted()).isTrue();
            assertThat(batch.completedAt()).isNotNull();
            assertThat(requests.batchCounts("b1")).containsEntry(OutboundRequests.Status.SENT, 3)
                    .containsEntry(OutboundRequests.Status.FAILED, 1).containsEntry(OutboundRequests.Status.QUEUED, 0);
            assertThat(requests.failedItems("b1", 10)).extracting(OutboundRequests.Entry::lastReply)
                    .containsExactly("550 5.1.1 User unknown");
            assertThat(requests.itemIds("b1")).containsExactly("b1-0", "b1-1", "b1-2", "b1-3");
        }
    }
}
