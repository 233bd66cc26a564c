package io.mailbridge.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.support.DovecotServer;
import io.mailbridge.support.LogCapture;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.ScriptedErp;
import io.mailbridge.support.TestAuthority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hundreds of messages that used to loop for ever sit in front of good mail on Dovecot: addresses the server's
 * ENVELOPE cannot carry ({@code From: foo}, {@code To: XX}, an unterminated quote), which mailbridge now reads from
 * the message's bytes and delivers with a warning, and multiparts without a single boundary, which cannot be read at
 * all and are quarantined after the last attempt. The good mail is delivered meanwhile, every message ends in a known
 * state, and the log holds one line per attempt and no stack trace.
 */
class InboundPoisonTest {

    private static final String ADDRESS = "ap@dovecot.test";
    private static final int BROKEN_HEADERS = 150;
    private static final int UNREADABLE = 150;
    private static final int GOOD = 20;
    private static final int MAX_ATTEMPTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void poisonInFrontOfGoodMailEndsDeliveredOrQuarantinedWithoutStackTraces() throws Exception {
        try (TestAuthority authority = new TestAuthority(DovecotServer.tokenClaims(ADDRESS));
             DovecotServer dovecot = DovecotServer.start(authority, ADDRESS);
             ScriptedErp erp = new ScriptedErp();
             LogCapture log = new LogCapture()) {
            for (int i = 1; i <= BROKEN_HEADERS + UNREADABLE; i++) {
                dovecot.deliver(ADDRESS, i % 2 == 0 ? brokenHeaders(i) : unreadable(i));
            }
            for (int i = 1; i <= GOOD; i++) {
                dovecot.deliver(ADDRESS, good(i));
            }
            int port = RunningApp.freePort();
            Map<String, String> settings = authority.inboundSettings(home, port, ADDRESS, dovecot.imapPort(),
                    erp.url("/documents"));
            settings.put("mailbridge.inbound.poll-delay-ms", "500");
            settings.put("mailbridge.inbound.max-attempts", String.valueOf(MAX_ATTEMPTS));
            settings.put("mailbridge.inbound.retry-delay-seconds", "2");
            settings.put("mailbridge.inbound.max-retry-delay-seconds", "2");
            long start = System.nanoTime();
            try (RunningApp app = RunningApp.start(home, settings, port)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> erp.requestsFor("Good invoice").size() == GOOD);
                long goodAfter = (System.nanoTime() - start) / 1_000_000;
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> dovecot.count(ADDRESS, "INBOX") == 0);
                long allAfter = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("poison: %d good messages delivered after %d ms, every message in a final state after "
                        + "%d ms%n", GOOD, goodAfter, allAfter);

                assertThat(dovecot.count(ADDRESS, "Processed")).isEqualTo(GOOD + BROKEN_HEADERS);
                assertThat(dovecot.count(ADDRESS, "Quarantine")).isEqualTo(UNREADABLE);
                assertThat(erp.requestsFor("Spam offer")).hasSize(BROKEN_HEADERS);
                assertThat(erp.requests()).hasSize(GOOD + BROKEN_HEADERS);
                // the good mail really sat behind the poison: the server gave it the highest UIDs
                assertThat(erp.requestsFor("Good invoice")).allMatch(r -> r.document().get("uid").asLong()
                        > BROKEN_HEADERS + UNREADABLE);
                // what is no address keeps its text instead of stopping the message
                // by its exact subject: "Spam offer 2" is also part of 20 to 29 and 200 on, and mail arrives in any order
                JsonNode spam = erp.requests().stream().map(ScriptedErp.Request::document)
                        .filter(d -> d.path("subject").asText().equals("Spam offer 2")).findFirst().orElseThrow();
                assertThat(spam.get("from").get(0).get("address").isNull()).isTrue();
                assertThat(spam.get("from").get(0).get("raw").asText()).isEqualTo("foo");
                assertThat(spam.get("to").get(0).get("raw").asText()).isEqualTo("XX");
                assertThat(spam.get("warnings").toString()).contains("which is not an address");

                HttpResponse<String> quarantined = app.get("/api/inbound?state=quarantined", RunningApp.ADMIN_TOKEN);
                JsonNode records = JSON.readTree(quarantined.body());
                JsonNode items = records.isArray() ? records : records.path("items");
                // the API lists the latest 100
                assertThat(items).hasSize(Math.min(100, UNREADABLE));
                for (JsonNode item : items) {
                    assertThat(item.get("attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
                    assertThat(item.get("lastError").asText()).contains("unreadable mail").contains("boundary");
                }
            }
            List<String> lines = log.lines();
            assertThat(lines).as("stack traces in the log").noneMatch(line -> line.contains("\n\tat "));
            assertThat(lines).noneMatch(line -> line.contains("Failed to load IMAP envelope"));
            assertThat(lines).noneMatch(line -> line.contains("rolling back message status"));
            // one line per failed attempt, naming the message and the cause
            long attemptLines = lines.stream().filter(line -> line.startsWith("WARN") && line.contains("not delivered (attempt")
                    && line.contains("boundary")).count();
            assertThat(attemptLines).isEqualTo((long) UNREADABLE * (MAX_ATTEMPTS - 1));
        }
    }

    /** Spam whose addresses the server's ENVELOPE gives in a form Jakarta Mail refuses to read. */
    private static byte[] brokenHeaders(int n) {
        String from = switch (n % 3) {
            case 0 -> "foo";
            case 1 -> "\"unterminated <spam@offers.example>";
            default -> "<@route.example:spam@offers.example>";
        };
        return ("From: " + (n == 2 ? "foo" : from) + "\r\n"
                + "To: XX\r\n"
                + "Subject: Spam offer " + n + "\r\n"
                + "Date: Mon, 4 Mar 2024 10:00:00 +0100\r\n"
                + "Message-ID: <spam-" + n + "@offers.example>\r\n"
                + "\r\n"
                + "Cheap offers, number " + n + ".\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A multipart without a single boundary line: there is nothing to read in it. */
    private static byte[] unreadable(int n) {
        return ("From: scanner@printer.example\r\n"
                + "To: ap@dovecot.test\r\n"
                + "Subject: Broken scan " + n + "\r\n"
                + "Message-ID: <broken-" + n + "@printer.example>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"never-used\"\r\n"
                + "\r\n"
                + "This scan was cut off before its first part.\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] good(int n) {
        return ("From: Supplier <billing@supplier.example>\r\n"
                + "To: ap@dovecot.test\r\n"
                + "Subject: Good invoice " + n + "\r\n"
                + "Date: Mon, 4 Mar 2024 10:00:00 +0100\r\n"
                + "Message-ID: <good-" + n + "@supplier.example>\r\n"
                + "\r\n"
                + "Invoice " + n + " is attached.\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
