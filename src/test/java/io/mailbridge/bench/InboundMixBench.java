package io.mailbridge.bench;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.sun.net.httpserver.HttpServer;
import io.mailbridge.support.DovecotServer;
import io.mailbridge.support.RunningApp;
import io.mailbridge.support.TestAuthority;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Memory and time for one poll's worth of realistic mail from a real IMAP server (a private Dovecot checking XOAUTH2
 * by introspection): about 1 KB text messages, every tenth with a 100 KB PDF-like attachment, and one with a 50 MB
 * attachment, all in the INBOX at once and listed by a single poll. mailbridge runs the shipped inbound route in a
 * JVM of its own with {@code -Xmx256m}; its peak resident memory is read from {@code /proc}. The ERP sink reads each
 * document as a stream, decodes every attachment and checks its size and SHA-256, without holding any body.
 * Usage: {@code InboundMixBench [messages, default 1000]}.
 */
public final class InboundMixBench {

    private static final String ADDRESS = "ap@dovecot.test";
    private static final String HEAP = "-Xmx256m";
    /** mailbridge loads the route files once Camel has started; the inbound route polls from then on. */
    private static final String ROUTE_STARTED = "Loaded route file ";
    private static final Path KEPT_LOG = Path.of("target/inbound-mix-bench.log");
    private static final Pattern POLL = Pattern.compile("Mailbox ap: (\\d+ of \\d+) messages taken");
    private static final int ATTACHMENT_EVERY = 10;
    private static final int PDF_BYTES = 100 * 1024;
    private static final int BIG_PDF_BYTES = 50 * 1024 * 1024;
    /** Without progress for this long the run is given up and the child's state reported. */
    private static final long STALL_NANOS = 300_000_000_000L;

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        DocumentSink sink = new DocumentSink();
        Path home = null;
        boolean failed = false;
        try (TestAuthority authority = new TestAuthority(DovecotServer.tokenClaims(ADDRESS));
             DovecotServer dovecot = DovecotServer.start(authority, ADDRESS)) {
            // the big one in the middle, so that small messages are fetched both before and while it is streamed
            int bigAt = count / 2;
            Set<String> expected = ConcurrentHashMap.newKeySet();
            long totalBytes = 0;
            for (int i = 1; i <= count; i++) {
                byte[] message;
                if (i == bigAt) {
                    message = withAttachment(i, BIG_PDF_BYTES, expected);
                } else if (i % ATTACHMENT_EVERY == 0) {
                    message = withAttachment(i, PDF_BYTES, expected);
                } else {
                    message = text(i);
                }
                dovecot.deliver(ADDRESS, message);
                totalBytes += message.length;
            }

            home = Files.createTempDirectory("mailbridge-mix-bench");
            int port = RunningApp.freePort();
            Map<String, String> settings = authority.inboundSettings(home, port, ADDRESS, dovecot.imapPort(), sink.url());
            settings.put("mailbridge.inbound.poll-delay-ms", "100");
            // the point of the run: one poll lists every message, and must still not hold them all
            Path route = home.resolve("routes/inbound-ap.camel.yaml");
            String shipped = Files.readString(route);
            String edited = shipped.replaceFirst("maxMessagesPerPoll: \\d+", "maxMessagesPerPoll: " + count);
            if (edited.equals(shipped)) {
                throw new IllegalStateException("the shipped route no longer sets maxMessagesPerPoll; adapt the benchmark");
            }
            Files.writeString(route, edited);
            Path config = RunningApp.writeConfig(home, settings);
            // the shipped logging, plus the consumer's line per poll: how many messages each poll took
            Path logging = home.resolve("logback.xml");
            Files.writeString(logging, Files.readString(Path.of("src/main/resources/logback.xml")).replace("<root ",
                    "<logger name=\"io.mailbridge.inbound.MailboxConsumer\" level=\"DEBUG\"/>\n  <root "));
            Path work = home.resolve("data/work");

            long launched = System.nanoTime();
            long ready = 0;
            long done = 0;
            long peakRssMb;
            long peakWorkBytes = 0;
            boolean alive;
            try (MailbridgeProcess child = new MailbridgeProcess(home, config, HEAP, "-XX:+ExitOnOutOfMemoryError",
                    "-Dlogback.configurationFile=" + logging)) {
                long lastProgress = launched;
                int lastSeen = -1;
                int tick = 0;
                while (child.isAlive()) {
                    child.sample();
                    if (ready == 0 && Files.exists(child.log()) && Files.readString(child.log()).contains(ROUTE_STARTED)) {
                        ready = System.nanoTime();
                    }
                    if (tick++ % 10 == 0) {
                        // once a second: what the poll has spooled to disk instead of holding it
                        peakWorkBytes = Math.max(peakWorkBytes, bytesUnder(work));
                    }
                    int left = dovecot.count(ADDRESS, "INBOX");
                    // progress is a document arriving or a message leaving the INBOX
                    int seen = sink.keys.size() * 10_000 + (count - left);
                    if (sink.keys.size() >= count && left == 0) {
                        done = System.nanoTime();
                        break;
                    }
                    if (seen != lastSeen) {
                        lastSeen = seen;
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > STALL_NANOS) {
                        break;
                    }
                    Thread.sleep(100);
                }
                // the consumer writes its line about the poll just after the last acknowledgement
                for (int i = 0; i < 50 && done != 0 && !Files.readString(child.log()).contains("messages taken"); i++) {
                    Thread.sleep(100);
                }
                peakRssMb = child.peakRssMb();
                alive = child.isAlive();
            }

            String log = Files.readString(home.resolve("mailbridge.log"));
            // kept beside the build for a look afterwards; the home (data, spool) goes
            Files.copy(home.resolve("mailbridge.log"), KEPT_LOG, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            int quarantined = dovecot.count(ADDRESS, "Quarantine");
            List<String> problems = new java.util.ArrayList<>();
            if (done == 0) {
                problems.add("not finished: " + sink.keys.size() + " of " + count + " documents arrived, "
                        + dovecot.count(ADDRESS, "INBOX") + " messages still in the INBOX; mailbridge "
                        + (alive ? "still running (no progress for " + STALL_NANOS / 1_000_000_000 + " s)" : "exited"));
            }
            if (log.contains("OutOfMemoryError")) {
                problems.add("OutOfMemoryError in mailbridge's log");
            }
            if (quarantined > 0 || log.contains("moved to quarantine")) {
                problems.add(quarantined + " messages in Quarantine");
            }
            if (sink.posts.get() != sink.keys.size()) {
                problems.add((sink.posts.get() - sink.keys.size()) + " documents posted more than once");
            }
            if (!sink.badAttachments.isEmpty()) {
                problems.add(sink.badAttachments.size() + " documents with an attachment that does not match its size or "
                        + "sha256, or unreadable, e.g. " + sink.badAttachments.stream().limit(3).toList());
            }
            if (done != 0 && !sink.digests.containsAll(expected)) {
                problems.add((expected.size() - sink.digests.stream().filter(expected::contains).count())
                        + " attachments never arrived intact (of " + expected.size() + ")");
            }
            List<String> polls = new java.util.ArrayList<>();
            Matcher poll = POLL.matcher(log);
            while (poll.find()) {
                polls.add(poll.group(1));
            }
            if (done != 0 && (polls.isEmpty() || !polls.get(0).equals(count + " of " + count))) {
                problems.add("the first poll did not take all " + count + " messages: " + polls);
            }
            long warnings = log.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).count();
            if (!problems.isEmpty()) {
                failed = true;
                System.out.println("FAILED: " + String.join("; ", problems) + "; log: " + home.resolve("mailbridge.log")
                        + ", Dovecot: " + dovecot.directory());
            } else {
                report(count, expected.size() - 1, totalBytes, (done - (ready != 0 ? ready : launched)) / 1e9,
                        (done - launched) / 1e9, peakRssMb, peakWorkBytes, sink, warnings, polls.get(0));
            }
        } finally {
            sink.stop();
            if (home != null && !failed) {
                RunningApp.deleteRecursively(home);
            }
        }
        System.exit(failed ? 1 : 0);
    }

    private static void report(int count, int withPdf, long totalBytes, double seconds, double withJvmStart, long peakRssMb,
                               long peakWorkBytes, DocumentSink sink, long warnings, String firstPoll) {
        System.out.printf("inbound mix on Dovecot: %d messages (%d with a 100 KB attachment, 1 with %d MB), %.1f MB in "
                        + "the INBOX, the first poll took %s; %.1f s from the route's start (%.1f s incl. JVM start), %.1f msg/s, %.2f MB/s; "
                        + "peak RSS %d MB with %s; work folder peak %.1f MB; %d attachments checked by sha256, "
                        + "%d distinct Idempotency-Keys, %d warnings in the log (" + KEPT_LOG + ")%n",
                count, withPdf, BIG_PDF_BYTES >> 20, totalBytes / 1e6, firstPoll, seconds, withJvmStart, count / seconds,
                totalBytes / 1e6 / seconds, peakRssMb, HEAP, peakWorkBytes / 1e6, sink.digests.size(), sink.keys.size(),
                warnings);
    }

    /** About 1 KB, as a supplier's invoice notice. */
    private static byte[] text(int n) {
        return (headers(n, "Invoice " + n) + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + notice(n) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The notice with a PDF-like attachment of random bytes (nothing compresses), base64 in lines of 76 as mail
     * programs write it; its SHA-256 goes into {@code expected}.
     */
    private static byte[] withAttachment(int n, int size, Set<String> expected) throws IOException {
        byte[] pdf = new byte[size];
        new Random(n).nextBytes(pdf);
        byte[] magic = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, pdf, 0, magic.length);
        expected.add(sha256(pdf));
        String boundary = "=_mix_" + n;
        ByteArrayOutputStream out = new ByteArrayOutputStream(size * 4 / 3 + size / 38 + 4096);
        out.write((headers(n, "Invoice " + n + " (PDF)") + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + notice(n) + "\r\n"
                + "--" + boundary + "\r\nContent-Type: application/pdf; name=\"invoice-" + n + ".pdf\"\r\n"
                + "Content-Disposition: attachment; filename=\"invoice-" + n + ".pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(Base64.getMimeEncoder().encode(pdf));
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String headers(int n, String subject) {
        return "From: Supplier <billing@supplier.example>\r\nTo: " + ADDRESS + "\r\nSubject: " + subject + "\r\n"
                + "Date: Mon, 4 Mar 2024 10:00:00 +0100\r\nMessage-ID: <invoice-" + n + "@supplier.example>\r\n"
                + "MIME-Version: 1.0\r\n";
    }

    private static String notice(int n) {
        return ("Invoice " + n + " for 1,234.56 EUR is attached to our portal; payment is due in 30 days. ").repeat(8);
    }

    private static long bytesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.mapToLong(f -> {
                try {
                    return Files.isRegularFile(f) ? Files.size(f) : 0;
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException notYetOrGone) {
            return 0;
        }
    }

    static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The ERP: counts distinct Idempotency-Keys and reads each document as a stream, decoding every attachment's
     * content into a digest as it goes and comparing it with the document's own {@code size} and {@code sha256}. No
     * body is held: a 50 MB attachment costs the sink a buffer, not 50 MB.
     */
    private static final class DocumentSink {
        final Set<String> keys = ConcurrentHashMap.newKeySet();
        final Set<String> digests = ConcurrentHashMap.newKeySet();
        final Set<String> badAttachments = ConcurrentHashMap.newKeySet();
        final AtomicLong posts = new AtomicLong();
        /** Leaves the request body open: the sink drains it after the document's end. */
        private final JsonFactory json = JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();
        private final HttpServer server;

        DocumentSink() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
            server.createContext("/documents", exchange -> {
                String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                try (InputStream in = exchange.getRequestBody()) {
                    read(in, key);
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException | RuntimeException e) {
                    badAttachments.add(key + ": unreadable document (" + e + ")");
                }
                posts.incrementAndGet();
                if (key != null) {
                    keys.add(key);
                }
                exchange.sendResponseHeaders(201, -1);
                exchange.close();
            });
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/documents";
        }

        /** Walks the document's tokens; only attachment contents are decoded, other values are skipped unread. */
        private void read(InputStream in, String key) throws IOException {
            try (JsonParser parser = json.createParser(in)) {
                String digest = null;
                long size = -1;
                for (JsonToken token; (token = parser.nextToken()) != null; ) {
                    if (token != JsonToken.FIELD_NAME) {
                        continue;
                    }
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("content".equals(name) && value == JsonToken.VALUE_STRING) {
                        MessageDigest sha = digest();
                        CountingOutput out = new CountingOutput(sha);
                        parser.readBinaryValue(Base64Variants.MIME_NO_LINEFEEDS, out);
                        digest = HexFormat.of().formatHex(sha.digest());
                        size = out.count;
                    } else if ("size".equals(name) && digest != null && parser.getLongValue() != size) {
                        badAttachments.add(key + ": size " + parser.getLongValue() + " but " + size + " bytes decoded");
                    } else if ("sha256".equals(name) && digest != null) {
                        if (!digest.equals(parser.getText())) {
                            badAttachments.add(key + ": sha256 differs from the decoded content");
                        }
                        digests.add(digest);
                        digest = null;
                    }
                }
            }
        }

        void stop() {
            server.stop(0);
        }
    }

    /** Feeds a digest and counts what passed. */
    private static final class CountingOutput extends OutputStream {
        private final MessageDigest digest;
        long count;

        CountingOutput(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
            count += len;
        }
    }
}
