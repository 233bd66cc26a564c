package io.mailbridge.inbound;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a document is written before it is posted: in memory up to {@link #IN_MEMORY_BYTES}, then in a file of the
 * work folder, so that a small mail's document costs no file while an attachment of 50 MB never sits in the heap.
 * Either way the ERP gets the body with its length (a byte array or a file), not chunked.
 */
final class DocumentBuffer extends OutputStream {

    /** Beyond this, the document goes on in a file; four of them at once stay well inside a small heap. */
    static final int IN_MEMORY_BYTES = 1024 * 1024;

    private final Path directory;
    private final String prefix;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream(8 * 1024);
    private Path file;
    private OutputStream out = memory;

    DocumentBuffer(Path directory, String prefix) {
        this.directory = directory;
        this.prefix = prefix;
    }

    @Override
    public void write(int b) throws IOException {
        spillBefore(1);
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        spillBefore(len);
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** The file the document went on in, or null while it is in memory; the caller removes it. */
    Path file() {
        return file;
    }

    /** The document as a message body: its bytes, or its file once it outgrew memory. */
    Object body() {
        return file != null ? file.toFile() : memory.toByteArray();
    }

    private void spillBefore(int len) throws IOException {
        if (file != null || memory.size() + len <= IN_MEMORY_BYTES) {
            return;
        }
        file = Files.createTempFile(directory, prefix, ".json");
        out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
        memory.writeTo(out);
        memory = null;
    }
}
