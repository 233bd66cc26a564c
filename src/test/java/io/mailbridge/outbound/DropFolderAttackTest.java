package io.mailbridge.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.mailbridge.sandbox.Sandbox;
import io.mailbridge.support.RunningApp;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batch files in the drop folder of a running mailbridge that try to mail files from outside the folder (links to
 * them, links in the path, files swapped or grown after the check) to an outside address: each is refused naming the
 * attachment's path, or sends only the bytes that were checked, and nothing else reaches the mail server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DropFolderAttackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 1024 * 1024;
    private static final String SECRET = "SECRET-REFRESH-TOKEN-do-not-mail";

    private Path home;
    private Path drop;
    private Path secret;
    private RunningApp app;
    private GreenMail greenMail;

    @BeforeAll
    void start() throws Exception {
        home = RunningApp.newHome("mailbridge-drop-attack", "outbound-sandbox.camel.yaml");
        drop = Files.createDirectories(home.resolve("drop"));
        // stands for data/tokens/… or any other file the process may read: outside the drop folder
        secret = Files.writeString(Files.createDirectories(home.resolve("data/tokens")).resolve("ap.token"), SECRET);
        int port = RunningApp.freePort();
        Map<String, String> settings = new HashMap<>(RunningApp.sandboxSettings(home, port));
        settings.put("mailbridge.outbound.drop-folder", drop.toString());
        settings.put("mailbridge.outbound.messages-per-minute", "100000");
        settings.put("mailbridge.outbound.max-attachment-bytes", String.valueOf(LIMIT));
        app = RunningApp.start(home, settings, port);
        greenMail = app.camel().getRegistry().lookupByNameAndType("sandbox", Sandbox.class).mailServer().greenMail();
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        RunningApp.deleteRecursively(home);
    }

    @Test
    void aLinkToAFileOutsideTheFolderIsRefused() throws Exception {
        Files.createSymbolicLink(drop.resolve("environ"), Path.of("/proc/self/environ"));
        Files.createSymbolicLink(drop.resolve("token.pdf"), secret);

        assertRefused("environ.json", "environ", "'environ' is a symbolic link");
        assertRefused("token.json", "token.pdf", "'token.pdf' is a symbolic link");
    }

    @Test
    void aLinkInsideTheFolderIsRefusedWhereverItPoints() throws Exception {
        Path invoices = Files.createDirectories(drop.resolve("invoices"));
        Files.createSymbolicLink(invoices.resolve("4711.pdf"), Path.of("../../data/tokens/ap.token"));
        Files.writeString(invoices.resolve("real.pdf"), "%PDF-1.4 real");
        Files.createSymbolicLink(invoices.resolve("alias.pdf"), Path.of("real.pdf"));

        assertRefused("relative-link.json", "invoices/4711.pdf", "'invoices/4711.pdf' is a symbolic link");
        assertRefused("alias.json", "invoices/alias.pdf", "'invoices/alias.pdf' is a symbolic link");
    }

    @Test
    void aFolderLinkInThePathIsRefused() throws Exception {
        Files.createSymbolicLink(drop.resolve("archive"), home.resolve("data/tokens"));

        assertRefused("folder-link.json", "archive/ap.token", "'archive' is a symbolic link");
    }

    @Test
    void aHardLinkToAFileElsewhereIsRefused() throws Exception {
        Files.createLink(drop.resolve("hard.pdf"), secret);

        assertRefused("hard-link.json", "hard.pdf", "hard links");
    }

    @Test
    void aBatchFileThatIsALinkIsRefused() throws Exception {
        Path elsewhere = Files.writeString(home.resolve("elsewhere.json"), batch("x@attacker.test", "real.pdf"));
        Files.createSymbolicLink(drop.resolve("linked.json"), elsewhere);

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(drop.resolve("failed/linked.json.error.json")));
        JsonNode error = JSON.readTree(drop.resolve("failed/linked.json.error.json").toFile());
        assertThat(error.get("message").asText()).contains("the batch file").contains("symbolic link");
        assertNothingMailedTo("attacker.test");
    }

    @Test
    void aFileGrowingBeyondTheLimitWhileItIsPickedUpIsRefused() throws Exception {
        Path growing = drop.resolve("growing.pdf");
        Files.writeString(growing, "%PDF-1.4 small at first");
        AtomicBoolean stop = new AtomicBoolean();
        // keeps appending while the batch is listed, picked up and read: what counts is what is read
        Thread writer = new Thread(() -> {
            byte[] block = new byte[16 * 1024];
            try (OutputStream out = Files.newOutputStream(growing, StandardOpenOption.APPEND)) {
                for (long written = 0; !stop.get() && written < 40L * LIMIT; written += block.length) {
                    out.write(block);
                    out.flush();
                    Thread.sleep(1);
                }
            } catch (Exception e) {
                // the test ends it
            }
        });
        writer.start();
        try {
            String field = "items[0].attachments[0].path";
            drop("growing.json", batch("grow@attacker.test", "growing.pdf"));
            JsonNode error = awaitError("growing.json");
            assertThat(error.get("field").asText()).isEqualTo(field);
            assertThat(error.get("message").asText()).contains("more than " + LIMIT + " bytes")
                    .contains("mailbridge.outbound.max-attachment-bytes");
        } finally {
            stop.set(true);
            writer.join();
        }
        assertNothingMailedTo("attacker.test");
    }

    /**
     * A file swapped for a link to a secret, and another one grown past the limit, once mailbridge has checked them
     * and before it queues the mails. The moment is taken from mailbridge's copy of the file appearing in its work
     * folder; many items follow, so the check goes on for a while after the swap. What this proves: the mail carries
     * the bytes the check read, whatever happens to the file afterwards.
     */
    @Test
    void filesSwappedOrGrownAfterTheCheckSendTheBytesThatWereChecked() throws Exception {
        byte[] original = "%PDF-1.4 the invoice as checked".getBytes(StandardCharsets.US_ASCII);
        Path swapped = Files.write(drop.resolve("swapped.pdf"), original);
        Path grown = Files.write(drop.resolve("grown.pdf"), original);
        byte[] filler = new byte[LIMIT / 2];
        StringBuilder items = new StringBuilder(item("swap@customer.test", "Swap", "swapped.pdf")).append(',')
                .append(item("grow@customer.test", "Grow", "grown.pdf"));
        for (int i = 0; i < 20; i++) {
            Files.write(drop.resolve("filler-" + i + ".pdf"), filler);
            items.append(',').append(item("filler" + i + "@customer.test", "Filler " + i, "filler-" + i + ".pdf"));
        }
        drop("swap.json", "{\"mailbox\": \"sandbox-ap\", \"items\": [" + items + "]}");

        Path work = home.resolve("data/work");
        // file-0 is the batch file, file-1 and file-2 the copies of swapped.pdf and grown.pdf
        Path[] copies = awaitCopies(work, original.length);
        Files.delete(swapped);
        Files.createSymbolicLink(swapped, secret);
        try (OutputStream out = Files.newOutputStream(grown, StandardOpenOption.APPEND)) {
            out.write(new byte[2 * LIMIT]);
        }
        assertThat(copies).hasSize(2);

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(drop.resolve("done/swap.json.result.json")));
        assertThat(attachmentOf(awaitMail("Swap"))).isEqualTo(original);
        assertThat(attachmentOf(awaitMail("Grow"))).isEqualTo(original);
        assertNoMailCarriesTheSecret();
        // the copies are mailbridge's own and are gone once the batch is queued
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(copies[0]));
    }

    private void assertRefused(String batchName, String path, String reason) throws Exception {
        drop(batchName, batch("steal@attacker.test", path));
        JsonNode error = awaitError(batchName);
        assertThat(error.get("error").asText()).isEqualTo("invalid-request");
        assertThat(error.get("field").asText()).isEqualTo("items[0].attachments[0].path");
        assertThat(error.get("message").asText()).contains(reason).contains("not a file inside the drop folder");
        assertNothingMailedTo("attacker.test");
    }

    private JsonNode awaitError(String batchName) throws Exception {
        Path error = drop.resolve("failed/" + batchName + ".error.json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(drop.resolve("failed/" + batchName)));
        assertThat(drop.resolve("done/" + batchName + ".result.json")).doesNotExist();
        return JSON.readTree(error.toFile());
    }

    /** Over a few seconds, long enough for a queued mail to be sent, nothing reaches the mail server for that domain. */
    private void assertNothingMailedTo(String domain) {
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> greenMail.getReceivedMessagesForDomain(domain).length == 0);
        assertNoMailCarriesTheSecret();
    }

    /** Neither as text nor in base64 (as an attachment starting with it would carry it). */
    private void assertNoMailCarriesTheSecret() {
        String base64 = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.US_ASCII)).substring(0, 20);
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            try {
                String raw = new String(m.getRawInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(raw).doesNotContain(SECRET).doesNotContain(base64);
            } catch (IOException | MessagingException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The copies mailbridge made of the first two attachments, once both are complete. */
    private static Path[] awaitCopies(Path work, long size) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(work)) {
                try (Stream<Path> batches = Files.list(work)) {
                    for (Path batch : batches.toList()) {
                        Path a = batch.resolve("file-1");
                        Path b = batch.resolve("file-2");
                        if (sizeOf(a) == size && sizeOf(b) == size) {
                            return new Path[] {a, b};
                        }
                    }
                }
            }
            Thread.sleep(1);
        }
        throw new AssertionError("mailbridge made no copy of the attachments in " + work);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (Exception e) {
            return -1;
        }
    }

    private MimeMessage awaitMail(String subject) {
        await().atMost(Duration.ofSeconds(30)).until(() -> find(subject) != null);
        return find(subject);
    }

    private MimeMessage find(String subject) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return subject.equals(m.getSubject());
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElse(null);
    }

    private static byte[] attachmentOf(MimeMessage mail) throws Exception {
        return ((Multipart) mail.getContent()).getBodyPart(1).getInputStream().readAllBytes();
    }

    private void drop(String name, String content) throws Exception {
        Path part = drop.resolve(name + ".part");
        Files.writeString(part, content);
        Files.move(part, drop.resolve(name));
    }

    private static String batch(String to, String path) {
        return "{\"mailbox\": \"sandbox-ap\", \"items\": [" + item(to, "Attachment", path) + "]}";
    }

    private static String item(String to, String subject, String path) {
        return """
                {"to": ["%s"], "subject": "%s", "text": "see attachment",
                 "attachments": [{"fileName": "a.pdf", "contentType": "application/pdf", "path": "%s"}]}"""
                .formatted(to, subject, path);
    }
}
