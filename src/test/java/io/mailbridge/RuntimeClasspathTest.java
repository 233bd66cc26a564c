package io.mailbridge;

import io.mailbridge.support.ChildJvm;
import io.mailbridge.support.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * mailbridge starts on the class path it is packaged with ({@code target/lib}: the runtime dependencies, no test
 * library), with the shipped routes: a dependency the tests bring in by themselves cannot hide a missing one.
 */
class RuntimeClasspathTest {

    @TempDir
    Path home;

    @Test
    void theApplicationStartsOnItsOwnClassPath() throws Exception {
        Path runtime = Path.of("target/runtime.classpath");
        assertThat(runtime).as("written by the build (maven-dependency-plugin, runtime-classpath)").exists();
        String classPath = Path.of("target/classes").toAbsolutePath() + File.pathSeparator + Files.readString(runtime).strip();
        // (JUnit 4 is there: the sandbox's mail server and authority bring it)
        assertThat(classPath).doesNotContain("junit-jupiter", "assertj", "awaitility", "camel-test");

        Files.createDirectories(home.resolve("routes"));
        for (String route : new String[] {"inbound-sandbox-erp.camel.yaml", "outbound-sandbox.camel.yaml"}) {
            Files.copy(Path.of("routes", route), home.resolve("routes").resolve(route));
        }
        int port = RunningApp.freePort();
        Map<String, String> settings = RunningApp.sandboxSettings(home, port);
        settings.put("mailbridge.erp.url", "http://localhost:" + port + "/sandbox/erp/documents");
        settings.put("mailbridge.outbound.templates", Path.of("templates").toAbsolutePath().toString());
        settings.put("mailbridge.outbound.drop-folder", home.resolve("drop").toString());
        Path config = RunningApp.writeConfig(home, settings);
        Process child = ChildJvm.startOn(classPath, home, config, home.resolve("run.log"), "-Xmx256m");
        HttpClient http = HttpClient.newHttpClient();
        try {
            // the admin API, its OpenAPI document, and the sandbox's mail delivered by the shipped inbound route
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> !child.isAlive() || get(http, port, "/api/openapi.json").statusCode() == 200);
            assertThat(child.isAlive()).as("mailbridge exited: %s", Files.readString(home.resolve("run.log"))).isTrue();
            assertThat(get(http, port, "/api/mailboxes").body()).contains("sandbox-ap");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> get(http, port, "/sandbox/erp/documents").body().contains("Invoice 2024-001"));
        } finally {
            ChildJvm.kill(child);
        }
        assertThat(Files.readString(home.resolve("run.log"))).doesNotContain("did not start", "ClassNotFoundException",
                "NoClassDefFoundError");
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }
}
