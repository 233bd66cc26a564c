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

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real-world corpus ({@code src/test/resources/corpus}, mail from many programs and MTAs, bounces, broken spam)
 * delivered through Dovecot into the shipped inbound route: every message reaches the ERP, and each document says
 * what Python's {@code email} package (policy {@code default}) reads from the same bytes, computed by
 * {@code src/test/python/mime_reference.py}. Every difference is either gone or listed in {@link #DELIBERATE} with its
 * reason (and in the README's inbound section).
 */
class InboundCorpusTest {

    private static final String ADDRESS = "corpus@dovecot.test";
    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Where mailbridge reads a message differently from the reference on purpose: file, then the compared field and
     * why. The README's inbound section says the same.
     */
    static final Map<String, Map<String, String>> DELIBERATE = Map.of(
            "123-lotus-notes-related-html.eml", Map.of("cc", "Lotus Notes' unquoted 'Gerhard Vogel/DE/EXAMPLE@EXAMPLE' is "
                    + "kept as written; Python quotes the local part"),
            "140-outlook-two-scan-pdf-same-name.eml", Map.of("attachment names", "the second of two attachments named "
                    + "scan.pdf is renamed 'scan (2).pdf', so that saving both keeps both"),
            "216-from-unterminated-quote.eml", Map.of("from", "the address in angle brackets after an unterminated quote "
                    + "is recovered; Python gives up on the whole header"),
            "245-truncated-base64.eml", Map.of("attachments", "truncated base64 is decoded as far as it goes, with a "
                    + "warning; Python hands back the undecoded base64 text"));

    @TempDir
    Path home;

    @Test
    void everyCorpusMessageReachesTheErpAsPythonsEmailPackageReadsIt() throws Exception {
        List<String> files;
        try (Stream<Path> list = Files.list(CORPUS)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml")).sorted().toList();
        }
        assertThat(files).as("corpus size").hasSizeGreaterThanOrEqualTo(80);
        JsonNode expected = reference(files);

        try (TestAuthority authority = new TestAuthority(DovecotServer.tokenClaims(ADDRESS));
             DovecotServer dovecot = DovecotServer.start(authority, ADDRESS);
             ScriptedErp erp = new ScriptedErp();
             LogCapture log = new LogCapture()) {
            for (String file : files) {
                dovecot.deliver(ADDRESS, withReturnPath(Files.readAllBytes(CORPUS.resolve(file)), file));
            }
            int port = RunningApp.freePort();
            Map<String, String> settings = authority.inboundSettings(home, port, ADDRESS, dovecot.imapPort(),
                    erp.url("/documents"));
            settings.put("mailbridge.inbound.poll-delay-ms", "200");
            // a message that fails is seen again within the test's time, and ends in quarantine if it keeps failing
            settings.put("mailbridge.inbound.retry-delay-seconds", "1");
            settings.put("mailbridge.inbound.max-retry-delay-seconds", "1");
            try (RunningApp app = RunningApp.start(home, settings, port)) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> dovecot.count(ADDRESS, "INBOX") == 0);
            }
            assertThat(dovecot.count(ADDRESS, "Quarantine")).as("quarantined").isZero();
            assertThat(dovecot.count(ADDRESS, "Processed")).isEqualTo(files.size());

            Map<String, JsonNode> documents = new TreeMap<>();
            for (ScriptedErp.Request request : erp.requests()) {
                String file = request.document().path("headers").path("Return-Path").asText()
                        .replaceAll("^<|@corpus\\.test>$", "");
                assertThat(documents.put(file, request.document())).as("second delivery of " + file).isNull();
            }
            assertThat(documents.keySet()).containsExactlyInAnyOrderElementsOf(files);

            List<String> differences = new ArrayList<>();
            for (String file : files) {
                differences.addAll(compare(file, expected.get(file), documents.get(file)));
            }
            System.out.printf("corpus: %d messages, %d differences from the reference%n", files.size(), differences.size());
            differences.forEach(System.out::println);
            assertThat(differences).as("differences from Python's email package").isEmpty();
            assertThat(log.lines()).as("stack traces in the log").noneMatch(line -> line.contains("\n\tat "));
        }
    }

    /**
     * The reference's reading of every corpus file, by the Python script, from the bytes as IMAP serves them: lines
     * end in CRLF (RFC 3501 requires it, and Dovecot converts bare LF), and Dovecot serves a NUL byte as 0x80.
     */
    private JsonNode reference(List<String> files) throws Exception {
        Path served = Files.createDirectories(home.resolve("served"));
        for (String file : files) {
            Files.write(served.resolve(file), asServed(Files.readAllBytes(CORPUS.resolve(file))));
        }
        Process python = new ProcessBuilder("python3", "src/test/python/mime_reference.py", served.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = python.getInputStream().readAllBytes();
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as("mime_reference.py exit code").isZero();
        JsonNode reference = JSON.readTree(out);
        reference.fields().forEachRemaining(e -> assertThat(e.getValue().has("error"))
                .as("the reference cannot read " + e.getKey() + ": " + e.getValue().path("error").asText()).isFalse());
        return reference;
    }

    /**
     * The message as a delivery agent stores it, with a Return-Path on top naming the corpus file, which the document
     * carries back ({@code headers.Return-Path}); nothing else changes.
     */
    private static byte[] withReturnPath(byte[] raw, String file) {
        int lf = indexOf(raw, (byte) '\n');
        String eol = lf > 0 && raw[lf - 1] == '\r' ? "\r\n" : "\n";
        byte[] header = ("Return-Path: <" + file + "@corpus.test>" + eol).getBytes(StandardCharsets.US_ASCII);
        byte[] result = new byte[header.length + raw.length];
        System.arraycopy(header, 0, result, 0, header.length);
        System.arraycopy(raw, 0, result, header.length, raw.length);
        return result;
    }

    private static byte[] asServed(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 1024);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '\n' && (i == 0 || raw[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(b == 0 ? (byte) 0x80 : b);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The differences between the reference and the document, one line each, minus the deliberate ones. */
    static List<String> compare(String file, JsonNode expected, JsonNode actual) {
        Map<String, String> allowed = DELIBERATE.getOrDefault(file, Map.of());
        Map<String, Object[]> fields = new LinkedHashMap<>();
        fields.put("subject", new Object[] {oneLine(expected.get("subject")), oneLine(actual.get("subject"))});
        fields.put("messageId", new Object[] {oneLine(expected.get("messageId")), oneLine(actual.get("messageId"))});
        for (String header : List.of("from", "to", "cc")) {
            fields.put(header, new Object[] {addresses(expected.get(header)), addresses(actual.get(header))});
        }
        fields.put("text", new Object[] {body(expected.get("text")), body(actual.get("text"))});
        fields.put("html", new Object[] {body(expected.get("html")), body(actual.get("html"))});
        fields.put("attachments", new Object[] {attachments(expected.get("attachments"), false),
                attachments(actual.get("attachments"), true)});
        fields.put("attachment names", new Object[] {names(expected.get("attachments"), null),
                names(expected.get("attachments"), actual.get("attachments"))});
        fields.put("report", new Object[] {report(expected.get("report")), report(actual.get("report"))});
        List<String> differences = new ArrayList<>();
        fields.forEach((name, pair) -> {
            if (!Objects.equals(pair[0], pair[1]) && !allowed.containsKey(name)) {
                differences.add(file + " " + name + ":\n  reference: " + pair[0] + "\n  mailbridge: " + pair[1]);
            }
        });
        return differences;
    }

    private static String oneLine(JsonNode value) {
        return value == null || value.isNull() ? null : String.join(" ", value.asText().strip().split("\\s+"));
    }

    /** Line breaks as LF, trailing white space of each line and of the whole body dropped. */
    private static String body(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String line : value.asText().replace("\r\n", "\n").split("\n", -1)) {
            out.append(line.stripTrailing()).append('\n');
        }
        return out.toString().strip();
    }

    /**
     * Real addresses in order, lower case; what is no address counts as "(text)" without its wording, which the two
     * readers render differently.
     */
    private static List<String> addresses(JsonNode list) {
        List<String> result = new ArrayList<>();
        if (list != null) {
            list.forEach(a -> result.add(a.path("address").isNull() || a.path("address").isMissingNode()
                    ? "(text)" : a.get("address").asText().toLowerCase(Locale.ROOT)));
        }
        return result;
    }

    /**
     * Type, size and hash of each attachment, and its name where the sender gave one; forwarded messages by type and
     * subject only (their bytes are re-encoded by either reader); files unpacked from a TNEF are mailbridge's addition.
     */
    private static List<String> attachments(JsonNode list, boolean mailbridge) {
        List<String> result = new ArrayList<>();
        for (JsonNode a : list) {
            if (mailbridge && a.has("fromTnef")) {
                continue;
            }
            String type = (mailbridge ? a.get("contentType").asText() : a.get("type").asText()).split(";")[0]
                    .toLowerCase(Locale.ROOT);
            if (a.path("forwarded").asBoolean()) {
                result.add(type + " (forwarded)");
                continue;
            }
            if (type.equals("message/delivery-status") || type.equals("message/global-delivery-status")) {
                // the reference parses it into fields (compared as the report) and keeps no bytes
                result.add(type);
                continue;
            }
            result.add(type + " " + a.get("size").asLong() + " " + a.get("sha256").asText());
        }
        return result;
    }

    /**
     * The names the sender gave, by the reference; with {@code documents}, mailbridge's names of the same attachments
     * (matched by position, TNEF contents left out).
     */
    private static List<String> names(JsonNode reference, JsonNode documents) {
        List<JsonNode> ours = new ArrayList<>();
        if (documents != null) {
            documents.forEach(a -> {
                if (!a.has("fromTnef")) {
                    ours.add(a);
                }
            });
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < reference.size(); i++) {
            JsonNode name = reference.get(i).get("name");
            if (name == null || name.isNull()) {
                continue;
            }
            result.add(documents == null ? name.asText() : i < ours.size() ? ours.get(i).get("fileName").asText() : null);
        }
        return result;
    }

    private static String report(JsonNode report) {
        if (report == null || report.isNull()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode r : report.get("recipients")) {
            out.append('[');
            for (String field : List.of("finalRecipient", "action", "status", "diagnosticCode", "remoteMta")) {
                out.append(field).append('=').append(oneLine(r.get(field))).append(' ');
            }
            out.append(']');
        }
        out.append(" originalMessageId=").append(oneLine(report.get("originalMessageId")));
        out.append(" originalSubject=").append(oneLine(report.get("originalSubject")));
        return out.toString();
    }
}
