package io.mailbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.diagnosis.TestMailMarker;
import io.mailbridge.sandbox.Sandbox;
import io.mailbridge.support.MailFolders;
import io.mailbridge.support.RunningApp;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connection test over {@code POST /api/mailboxes/{id}/test} and from the command line, on the sandbox with the
 * sample inbound route polling the same inbox: the test finds its own mail, and the ERP never sees it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path home;
    private RunningApp app;

    @BeforeAll
    void start() throws Exception {
        home = RunningApp.newHome("mailbridge-test-command", "inbound-sandbox-erp.camel.yaml");
        int port = RunningApp.freePort();
        Map<String, String> settings = new HashMap<>(RunningApp.sandboxSettings(home, port));
        settings.put("mailbridge.inbound.poll-delay-ms", "200");
        settings.put("mailbridge.erp.url", "http://localhost:" + port + "/sandbox/erp/documents");
        app = RunningApp.start(home, settings, port);
        await().atMost(Duration.ofSeconds(10)).until(() -> app.camel().getRoute("inbound-sandbox-erp") != null
                && app.get("/sandbox/erp/documents", null).body().contains("Welcome to the mailbridge sandbox"));
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        RunningApp.deleteRecursively(home);
    }

    private HttpResponse<String> test(String mailbox, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.url("/api/mailboxes/" + mailbox + "/test"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyLinkOfTheSandboxMailboxPassesAndTheErpNeverSeesTheTestMail() throws Exception {
        HttpResponse<String> answer = test("sandbox-ap", RunningApp.ADMIN_TOKEN);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode report = JSON.readTree(answer.body());
        assertThat(report.get("passed").asBoolean()).as(answer.body()).isTrue();
        assertThat(report.get("steps")).hasSize(9);
        report.get("steps").forEach(step -> assertThat(step.get("outcome").asText()).isEqualTo("passed"));
        assertThat(report.toString()).doesNotContain(RunningApp.ADMIN_TOKEN);
        assertThat(app.get("/sandbox/erp/documents", null).body()).doesNotContain("mailbridge connection test");
    }

    @Test
    void theInboundRouteLeavesATestMailAloneButDeliversOneWithAForgedMark() throws Exception {
        TestMailMarker marker = app.camel().getRegistry().lookupByNameAndType("testMailMarker", TestMailMarker.class);
        Sandbox sandbox = app.camel().getRegistry().lookupByNameAndType("sandbox", Sandbox.class);
        sandbox.mailServer().deliver(Sandbox.APP_ADDRESS, marked("genuine test mail", marker.mark("n1")));
        sandbox.mailServer().deliver(Sandbox.APP_ADDRESS, marked("forged test mail", "n2." + "0".repeat(64)));

        await().atMost(Duration.ofSeconds(10)).until(() -> app.get("/sandbox/erp/documents", null).body().contains("forged test mail"));
        // several polls later the genuine one still waits for its test, and the ERP never saw it
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(app.get("/sandbox/erp/documents", null).body()).doesNotContain("genuine test mail"));
        assertThat(MailFolders.subjects(sandbox.mailServer().greenMail(), Sandbox.APP_ADDRESS, "INBOX")).as("processed: " + MailFolders.subjects(sandbox.mailServer().greenMail(), Sandbox.APP_ADDRESS, "Processed")).contains("genuine test mail");
    }

    private static MimeMessage marked(String subject, String mark) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress(Sandbox.APP_ADDRESS));
        m.setRecipients(MimeMessage.RecipientType.TO, Sandbox.APP_ADDRESS);
        m.setSubject(subject);
        m.setHeader(TestMailMarker.HEADER, mark);
        m.setText("x");
        m.saveChanges();
        return m;
    }

    @Test
    void theCommandLinePrintsEachStepAndExitsWithTheOutcome() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String config = "file:" + home.resolve("application.properties");

        int passed = TestCommand.run(config, new String[] {"test", "sandbox-ap"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(passed).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("PASSED  receive", "All steps passed.");

        out.reset();
        int failed = TestCommand.run(config, new String[] {"test", "sandbox-sales"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(failed).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAILED  token", "cause: not-signed-in", "/oauth/sandbox-sales/sign-in");
    }

    @Test
    void theTestIsRefusedWithoutTheAdminTokenAndForAnUnknownMailbox() throws Exception {
        assertThat(test("sandbox-ap", null).statusCode()).isEqualTo(401);
        assertThat(test("nobody", RunningApp.ADMIN_TOKEN).statusCode()).isEqualTo(404);
    }
}
