package io.mailbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailbridge.support.RunningApp;

import java.io.IOException;
import java.io.Writer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * An invoice run of 10,000 mails with a 100 KB PDF each, sent by mailbridge running in its own JVM with
 * {@code -Xmx256m}: posted to the API as one JSON body of about 1.3 GB (the PDFs in base64), and dropped into the
 * drop folder as a batch file whose items refer to PDF files beside it. Reports the time until every mail is sent,
 * the peak resident memory, and what the mail server received. Arguments: the number of mails (10,000),
 * {@code api} or {@code drop} to run one of the two only, and the size of each PDF in KB (100).
 */
public final class OutboundBatchMemoryBench {

    private static int pdfBytes = 100 * 1024;
    private static final long TIMEOUT_NANOS = 3_600_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String only = args.length > 1 ? args[1] : "";
        pdfBytes = args.length > 2 ? Integer.parseInt(args[2]) * 1024 : pdfBytes;
        boolean ok = true;
        try (BenchServers servers = new BenchServers()) {
            servers.discardSentMail();
            if (!only.equals("drop")) {
                ok &= run(servers, items, false);
            }
            if (!only.equals("api")) {
                ok &= run(servers, items, true);
            }
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean run(BenchServers servers, int items, boolean dropFolder) throws Exception {
        String variant = dropFolder ? "drop folder, PDFs as files" : "API, PDFs in base64";
        Path home = Files.createTempDirectory("mailbridge-outbound-memory-bench");
        int port = RunningApp.freePort();
        Map<String, String> settings = servers.outboundSettings(home, port);
        Path config = RunningApp.writeConfig(home, settings);
        Path input = dropFolder ? writeDropFolderBatch(home.resolve("drop"), items) : writeApiBatch(home.resolve("batch.json"), items);
        long inputMb = Files.size(input) >> 20;
        long receivedBefore = servers.received.get();
        int idsBefore = servers.receivedIds.size();
        OutboundClient api = new OutboundClient(port, settings.get("mailbridge.admin-token"));
        try (MailbridgeProcess child = new MailbridgeProcess(home, config, "-Xmx256m", "-XX:+HeapDumpOnOutOfMemoryError",
                "-XX:HeapDumpPath=" + home, "-XX:+ExitOnOutOfMemoryError")) {
            while (!api.isUp()) {
                if (!child.isAlive()) {
                    return failed(variant, "mailbridge did not start", child);
                }
                Thread.sleep(100);
            }
            long start = System.nanoTime();
            Acceptance acceptance = dropFolder ? dropped(input) : posted(api, input);
            String batchId = null;
            double acceptedAfter = 0;
            JsonNode counts = null;
            long nextPoll = 0;
            while (counts == null || counts.get("sent").intValue() + counts.get("failed").intValue() < items) {
                if (!child.isAlive() || System.nanoTime() - start > TIMEOUT_NANOS) {
                    return failed(variant, (child.isAlive() ? "timed out" : "mailbridge exited") + (counts == null ? "" : " at " + counts), child);
                }
                child.sample();
                Thread.sleep(100);
                try {
                    if (batchId == null) {
                        batchId = acceptance.batchId();
                        acceptedAfter = (System.nanoTime() - start) / 1e9;
                    } else if (System.nanoTime() > nextPoll) {
                        nextPoll = System.nanoTime() + 1_000_000_000L;
                        counts = api.batchCounts(batchId);
                    }
                } catch (Exception e) {
                    return failed(variant, child.isAlive() ? e.toString() : "mailbridge exited", child);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long received = servers.received.get() - receivedBefore;
            int distinct = servers.receivedIds.size() - idsBefore;
            System.out.printf("outbound memory, %s: %d mails with a %d KB PDF each (batch file %d MB) with -Xmx256m: accepted "
                            + "after %.1f s, all final after %.1f s (%.1f mails/s); statuses %s; mail server received %d messages, "
                            + "%d distinct Message-IDs; mailbridge peak RSS %d MB%n", variant, items, pdfBytes >> 10, inputMb,
                    acceptedAfter, seconds, items / seconds, counts, received, distinct, child.peakRssMb());
            boolean complete = counts.get("sent").intValue() == items && distinct == items;
            if (complete) {
                child.close();
                RunningApp.deleteRecursively(home);
            }
            return complete;
        } finally {
            // the input is gigabytes; the log, a heap dump and the data folder stay for a failed run
            Files.deleteIfExists(home.resolve("batch.json"));
            RunningApp.deleteRecursively(home.resolve("drop"));
        }
    }

    /** Where a submitted batch stands: its batchId once accepted, null until then; throws if it was refused. */
    private interface Acceptance {
        String batchId() throws Exception;
    }

    /** Renames the batch file into the drop folder, as an ERP should once it is written out. */
    private static Acceptance dropped(Path part) throws IOException {
        Path named = part.resolveSibling(part.getFileName().toString().replace(".part", ""));
        Files.move(part, named, StandardCopyOption.ATOMIC_MOVE);
        Path result = named.resolveSibling("done").resolve(named.getFileName() + ".result.json");
        Path refused = named.resolveSibling("failed");
        return () -> {
            if (Files.isDirectory(refused)) {
                throw new IllegalStateException("the batch file was refused; see " + refused);
            }
            // the result file may be seen before it is written out
            JsonNode id = Files.exists(result) ? JSON.readTree(result.toFile()).get("batchId") : null;
            return id == null ? null : id.textValue();
        };
    }

    /** Posts the batch file as the request body, streamed from disk. */
    private static Acceptance posted(OutboundClient api, Path body) throws IOException {
        CompletableFuture<HttpResponse<String>> answer = api.postBatchAsync(HttpRequest.BodyPublishers.ofFile(body));
        return () -> {
            if (!answer.isDone()) {
                return null;
            }
            HttpResponse<String> response = answer.join();
            if (response.statusCode() != 202) {
                throw new IllegalStateException("POST answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body()).get("batchId").textValue();
        };
    }

    private static boolean failed(String variant, String why, MailbridgeProcess child) throws IOException {
        boolean outOfMemory;
        try (var lines = Files.lines(child.log())) {
            outOfMemory = lines.anyMatch(l -> l.contains("OutOfMemoryError"));
        }
        System.out.println("outbound memory, " + variant + ": FAILED: " + why + (outOfMemory ? " (OutOfMemoryError; heap dump "
                + "beside the log)" : "") + "; peak RSS " + child.peakRssMb() + " MB; log: " + child.log());
        return false;
    }

    /** A PDF-like file of 100 KB: a PDF header, then bytes that do not compress, as in a scanned invoice. */
    private static byte[] pdf(int i) {
        byte[] pdf = new byte[pdfBytes];
        new Random(i).nextBytes(pdf);
        byte[] header = ("%PDF-1.4\n% invoice " + i + "\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, pdf, 0, header.length);
        return pdf;
    }

    /** The API's batch body, written item by item: the same PDF in every item, as base64. */
    private static Path writeApiBatch(Path file, int items) throws IOException {
        String content = Base64.getEncoder().encodeToString(pdf(0));
        try (Writer out = Files.newBufferedWriter(file)) {
            header(out);
            for (int i = 0; i < items; i++) {
                item(out, i, "\"content\":\"" + content + "\"");
            }
            out.write("]}");
        }
        return file;
    }

    /** A drop-folder batch whose items refer to one PDF file each, in a folder beside it; returns it as {@code *.part}. */
    private static Path writeDropFolderBatch(Path drop, int items) throws IOException {
        Path pdfs = Files.createDirectories(drop.resolve("invoices"));
        Path file = drop.resolve("invoices-" + UUID.randomUUID() + ".json.part");
        try (Writer out = Files.newBufferedWriter(file)) {
            header(out);
            for (int i = 0; i < items; i++) {
                Files.write(pdfs.resolve("INV-" + i + ".pdf"), pdf(i));
                item(out, i, "\"path\":\"invoices/INV-" + i + ".pdf\"");
            }
            out.write("]}");
        }
        return file;
    }

    private static void header(Writer out) throws IOException {
        out.write("{\"mailbox\":\"ap\",\"template\":\"invoice\",\"requestId\":\"memory-bench-" + UUID.randomUUID() + "\",\"items\":[");
    }

    private static void item(Writer out, int i, String attachment) throws IOException {
        out.write((i == 0 ? "" : ",") + "{\"to\":[\"customer" + i + "@example.test\"],\"data\":{\"company\":\"Contoso Ltd\","
                + "\"customer\":{\"name\":\"Customer " + i + "\"},\"invoice\":{\"number\":\"INV-" + i + "\",\"date\":\"2026-11-22\","
                + "\"due\":\"2026-12-22\",\"amount\":\"1234.56\",\"currency\":\"EUR\"}},\"attachments\":[{\"fileName\":\"INV-" + i
                + ".pdf\",\"contentType\":\"application/pdf\"," + attachment + "}]}");
    }
}
