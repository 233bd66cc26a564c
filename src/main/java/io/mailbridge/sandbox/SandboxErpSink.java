package io.mailbridge.sandbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mailbridge.common.Json;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sample ERP for the sandbox: {@code POST /sandbox/erp/documents} stores each document under its
 * {@code Idempotency-Key} (a repeat is answered 200 and counted, not stored twice); {@code GET} lists the latest.
 */
public final class SandboxErpSink {

    /** Documents kept by default: enough to follow what the sample routes deliver, never a growing heap or disk. */
    public static final int DEFAULT_KEEP = 1000;

    private static final JsonFactory JSON = new JsonFactory();

    private final Path directory;
    private final int keep;
    /** By idempotency key, oldest first; guarded by itself. */
    private final LinkedHashMap<String, Map<String, Object>> received = new LinkedHashMap<>();

    public SandboxErpSink(Path directory) {
        this(directory, DEFAULT_KEEP);
    }

    /** @param keep how many of the latest documents are kept; the oldest is dropped, with its file, for each new one */
    public SandboxErpSink(Path directory, int keep) {
        this.directory = directory;
        this.keep = keep;
    }

    public void accept(Exchange exchange) throws Exception {
        String key = exchange.getMessage().getHeader("Idempotency-Key", String.class);
        if (key == null || key.isBlank()) {
            reply(exchange, 400, "{\"error\":\"the Idempotency-Key header is missing\"}");
            return;
        }
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "incoming-", ".json");
        try (InputStream in = exchange.getMessage().getBody(InputStream.class)) {
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Map<String, Object> summary = summarize(temp);
            synchronized (received) {
                Map<String, Object> existing = received.get(key);
                if (existing != null) {
                    existing.merge("repeats", 1, (a, b) -> (Integer) a + (Integer) b);
                    reply(exchange, 200, "{\"status\":\"already received\"}");
                    return;
                }
                summary.put("idempotencyKey", key);
                summary.put("receivedAt", Instant.now().toString());
                summary.put("repeats", 0);
                Files.move(temp, directory.resolve(fileName(key)), StandardCopyOption.REPLACE_EXISTING);
                received.put(key, summary);
                dropOldest();
            }
            reply(exchange, 201, "{\"status\":\"received\"}");
        } catch (IOException e) {
            reply(exchange, 400, "{\"error\":\"the body is not a JSON document\"}");
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public void list(Exchange exchange) throws Exception {
        List<Map<String, Object>> documents;
        synchronized (received) {
            documents = new ArrayList<>(received.values());
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(documents));
    }

    private void dropOldest() throws IOException {
        Iterator<String> keys = received.keySet().iterator();
        while (received.size() > keep) {
            String oldest = keys.next();
            keys.remove();
            Files.deleteIfExists(directory.resolve(fileName(oldest)));
        }
    }

    /** Subject, sender and attachment names, read without loading attachment contents into memory. */
    private static Map<String, Object> summarize(Path file) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        List<String> attachments = new ArrayList<>();
        try (JsonParser p = JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id", "subject", "messageId", "date" -> summary.put(field, value == JsonToken.VALUE_NULL ? null : p.getText());
                    case "attachments" -> {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String name = p.currentName();
                                p.nextToken();
                                if (name.equals("fileName")) {
                                    attachments.add(p.getText());
                                } else {
                                    p.skipChildren();
                                }
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        summary.put("attachments", attachments);
        return summary;
    }

    private static String fileName(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes())) + ".json";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(Exchange exchange, int status, String body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(body);
    }
}
