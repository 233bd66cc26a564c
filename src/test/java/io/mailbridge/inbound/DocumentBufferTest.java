package io.mailbridge.inbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentBufferTest {

    @Test
    void aSmallDocumentStaysInMemoryAndLeavesNoFile(@TempDir Path work) throws Exception {
        DocumentBuffer buffer = new DocumentBuffer(work, "document-");
        try (buffer) {
            buffer.write("{\"subject\":\"Invoice 1\"}".getBytes());
        }

        assertThat(buffer.file()).isNull();
        assertThat(buffer.body()).isEqualTo("{\"subject\":\"Invoice 1\"}".getBytes());
        try (var files = Files.list(work)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDocumentLargerThanTheMemoryLimitGoesOnInAFileWithEveryByteInOrder(@TempDir Path work) throws Exception {
        byte[] document = new byte[DocumentBuffer.IN_MEMORY_BYTES * 3 + 17];
        new Random(3).nextBytes(document);
        DocumentBuffer buffer = new DocumentBuffer(work, "document-");
        try (buffer) {
            buffer.write(document[0]);
            for (int off = 1; off < document.length; off += 8191) {
                buffer.write(document, off, Math.min(8191, document.length - off));
            }
        }

        assertThat(buffer.file()).isNotNull();
        assertThat(buffer.file().getFileName().toString()).startsWith("document-");
        assertThat(buffer.body()).isInstanceOf(File.class);
        assertThat(Files.readAllBytes(buffer.file())).isEqualTo(document);
    }
}
