package io.mailbridge;

import io.mailbridge.support.ChildJvm;
import io.mailbridge.support.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM lets the exchange in flight finish, then the process ends within the shutdown timeout; the store stays open
 * until the routes have stopped.
 */
class GracefulShutdownTest {

    @TempDir
    Path home;

    @Test
    void sigtermFinishesInFlightWorkAndExitsInBoundedTime() throws Exception {
        int port = RunningApp.freePort();
        Path config = RunningApp.writeConfig(home, RunningApp.sandboxSettings(home, port));
        Files.writeString(home.resolve("routes/slow.camel.yaml"), """
                - route:
                    id: slow-work
                    from:
                      uri: "timer:slow"
                      parameters:
                        repeatCount: 1
                      steps:
                        - log: "slow work started"
                        - delay:
                            constant: 3000
                        - log: "slow work finished"
                """);
        Path log = home.resolve("out.log");
        Process process = ChildJvm.start(home, config, log);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log, StandardCharsets.UTF_8).contains("slow work started"));
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits within the shutdown timeout").isTrue();
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String all = String.join("\n", lines);
            assertThat(all).contains("SIGTERM").contains("slow work finished").contains("is shutdown");
            assertThat(all.indexOf("slow work finished")).isLessThan(all.lastIndexOf("is shutdown"));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void theStoreStaysOpenForATransactionInFlightAtSigterm() throws Exception {
        int port = RunningApp.freePort();
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>(RunningApp.sandboxSettings(home, port));
        settings.put("camel.main.routes-builder-classes", io.mailbridge.support.StoreTransactionRoute.class.getName());
        Path config = RunningApp.writeConfig(home, settings);
        Path log = home.resolve("out.log");
        Process process = ChildJvm.start(home, config, log);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log, StandardCharsets.UTF_8)
                    .contains("store transaction started"));
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits within the shutdown timeout").isTrue();
            String all = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(all).contains("SIGTERM").contains("store transaction committed: 1 recipient").contains("is shutdown")
                    .doesNotContain("Database is already closed");
        } finally {
            process.destroyForcibly();
        }
    }
}
