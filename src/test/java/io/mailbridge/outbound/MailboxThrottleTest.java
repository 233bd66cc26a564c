package io.mailbridge.outbound;

import io.mailbridge.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailboxThrottleTest {

    @TempDir
    Path dir;

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void atMostThirtyMessagesInAnySixtySeconds() throws Exception {
        try (var db = TestDatabases.open("h2", dir)) {
            ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
            MailboxThrottle throttle = new MailboxThrottle("ap", 30, 10_000, new RecipientCounts(db.database().dataSource()), clock);
            for (int i = 0; i < 30; i++) {
                assertThat(throttle.tryAcquire(1)).isZero();
                clock.advance(Duration.ofSeconds(1));
            }
            // 30 sent between 10:00:00 and 10:00:29; the first slot frees at 10:01:00
            assertThat(throttle.tryAcquire(1)).isEqualTo(Duration.ofSeconds(30));
            clock.advance(Duration.ofSeconds(30));
            assertThat(throttle.tryAcquire(1)).isZero();
            assertThat(throttle.tryAcquire(1)).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void dailyRecipientBudgetSurvivesARestartAndResetsAtUtcMidnight(String store) throws Exception {
        try (var db = TestDatabases.open(store, dir)) {
            ManualClock clock = new ManualClock(Instant.parse("2026-11-22T23:00:00Z"));
            RecipientCounts counts = new RecipientCounts(db.database().dataSource());
            MailboxThrottle first = new MailboxThrottle("ap", 1000, 100, counts, clock);
            assertThat(first.tryAcquire(60)).isZero();

            MailboxThrottle afterRestart = new MailboxThrottle("ap", 1000, 100, counts, clock);
            assertThat(afterRestart.tryAcquire(40)).isZero();
            assertThatThrownBy(() -> afterRestart.tryAcquire(1))
                    .isInstanceOf(MailboxThrottle.DailyLimitReachedException.class)
                    .hasMessageContaining("100 of its 100")
                    .satisfies(e -> assertThat(((MailboxThrottle.DailyLimitReachedException) e).resumeAt())
                            .isEqualTo(Instant.parse("2026-11-23T00:00:00Z")));
            assertThat(new MailboxThrottle("other", 1000, 100, counts, clock).tryAcquire(5)).isZero();

            clock.advance(Duration.ofHours(1));
            assertThat(afterRestart.tryAcquire(100)).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void budgetIsTakenFromTheStoreABlockAtATimeAndWhatIsUnusedGoesBack(String store) throws Exception {
        try (var db = TestDatabases.open(store, dir)) {
            RecipientCounts counts = new RecipientCounts(db.database().dataSource());
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            MailboxThrottle throttle = new MailboxThrottle("ap", 1000, 30, counts, Clock.systemUTC());
            assertThat(throttle.tryAcquire(1)).isZero();
            assertThat(counts.get("ap", today)).isEqualTo(MailboxThrottle.RESERVE_BLOCK);
            for (int i = 1; i < MailboxThrottle.RESERVE_BLOCK; i++) {
                assertThat(throttle.tryAcquire(1)).isZero();
            }
            assertThat(counts.get("ap", today)).isEqualTo(MailboxThrottle.RESERVE_BLOCK);
            // a block would overrun the budget of 30: exactly what is needed is taken, up to the last recipient
            for (int i = 0; i < 10; i++) {
                assertThat(throttle.tryAcquire(1)).isZero();
            }
            assertThat(counts.get("ap", today)).isEqualTo(30);
            assertThatThrownBy(() -> throttle.tryAcquire(1)).isInstanceOf(MailboxThrottle.DailyLimitReachedException.class)
                    .hasMessageContaining("30 of its 30");
            throttle.refund(2);
            throttle.release();
            assertThat(counts.get("ap", today)).isEqualTo(28);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void instancesSharingTheStoreCannotOverspendTheDay(String store) throws Exception {
        try (var db = TestDatabases.open(store, dir)) {
            RecipientCounts counts = new RecipientCounts(db.database().dataSource());
            ExecutorService instances = Executors.newFixedThreadPool(8);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(instances.submit(() -> {
                    try {
                        return new MailboxThrottle("ap", 1000, 100, counts, Clock.systemUTC()).tryAcquire(60).isZero();
                    } catch (MailboxThrottle.DailyLimitReachedException e) {
                        return false;
                    }
                }));
            }
            int sent = 0;
            for (var f : results) {
                sent += f.get() ? 1 : 0;
            }
            instances.shutdown();
            assertThat(sent).isEqualTo(1);
            assertThat(counts.get("ap", LocalDate.now(ZoneOffset.UTC))).isEqualTo(60);
        }
    }
}
