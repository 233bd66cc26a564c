package io.mailbridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An ERP on loopback whose answers are scripted by the mail's subject: {@code [503-once]} fails once,
 * {@code [422]} always refuses, {@code [slow-once]} answers too late once; anything else is accepted (201).
 */
public final class ScriptedErp implements AutoCloseable {

    /** One request as the ERP saw it. */
    public record Request(String path, String idempotencyKey, String contentType, String authorization, JsonNode document, int answered) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    /** Documents marked {@code [422-until-fixed]} are refused until this is set. */
    public volatile boolean fixed;

    public ScriptedErp() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode document = JSON.readTree(body);
            String subject = document.path("subject").asText("");
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            int n = seen.computeIfAbsent(key == null ? "" : key, k -> new AtomicInteger()).incrementAndGet();
            int status = 201;
            if (subject.contains("[503-once]") && n == 1) {
                status = 503;
            } else if (subject.contains("[422]") || subject.contains("[422-until-fixed]") && !fixed) {
                status = 422;
            } else if (subject.contains("[401]")) {
                status = 401;
            } else if (subject.contains("[slow-once]") && n == 1) {
                requests.add(new Request(exchange.getRequestURI().getPath(), key, exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("Authorization"), document, -1));
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!(subject.contains("[slow-once]") && n == 1)) {
                requests.add(new Request(exchange.getRequestURI().getPath(), key, exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("Authorization"), document, status));
            }
            byte[] reply = (status == 422 ? "{\"error\":\"VAT number missing\"}" : "{}").getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(status, reply.length);
                exchange.getResponseBody().write(reply);
            } catch (java.io.IOException e) {
                // the caller gave up waiting (timeout case)
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requestsFor(String subjectPart) {
        return requests.stream().filter(r -> r.document().path("subject").asText("").contains(subjectPart)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
