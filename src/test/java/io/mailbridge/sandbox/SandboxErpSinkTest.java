package io.mailbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample ERP keeps the latest documents only, in memory and on disk. */
class SandboxErpSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext camel = new DefaultCamelContext();

    @TempDir
    Path directory;

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void keepsTheLatestDocumentsAndDropsTheOldest() throws Exception {
        int keep = 5;
        SandboxErpSink sink = new SandboxErpSink(directory, keep);
        for (int i = 0; i < keep + 3; i++) {
            assertThat(post(sink, "doc-" + i)).isEqualTo(201);
        }

        assertThat(ids(sink)).containsExactly("doc-3", "doc-4", "doc-5", "doc-6", "doc-7");
        try (var files = Files.list(directory)) {
            assertThat(files.count()).isEqualTo(keep);
        }
        // a kept document is still recognised as a repeat
        assertThat(post(sink, "doc-7")).isEqualTo(200);
        assertThat(ids(sink)).hasSize(keep);
    }

    @Test
    void keepsAThousandByDefault() throws Exception {
        SandboxErpSink sink = new SandboxErpSink(directory);
        for (int i = 0; i < SandboxErpSink.DEFAULT_KEEP + 10; i++) {
            post(sink, "doc-" + i);
        }
        List<String> ids = ids(sink);
        assertThat(ids).hasSize(SandboxErpSink.DEFAULT_KEEP);
        assertThat(ids.get(0)).isEqualTo("doc-10");
        assertThat(ids.get(ids.size() - 1)).isEqualTo("doc-" + (SandboxErpSink.DEFAULT_KEEP + 9));
        assertThat(ids).doesNotContainAnyElementsOf(IntStream.range(0, 10).mapToObj(i -> "doc-" + i).toList());
    }

    private int post(SandboxErpSink sink, String key) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader("Idempotency-Key", key);
        exchange.getMessage().setBody(new ByteArrayInputStream(("{\"id\": \"" + key + "\", \"subject\": \"Subject " + key + "\"}")
                .getBytes(StandardCharsets.UTF_8)));
        sink.accept(exchange);
        return exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    }

    private List<String> ids(SandboxErpSink sink) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        sink.list(exchange);
        List<String> ids = new ArrayList<>();
        for (JsonNode d : JSON.readTree(exchange.getMessage().getBody(String.class))) {
            ids.add(d.get("idempotencyKey").asText());
        }
        return ids;
    }
}
