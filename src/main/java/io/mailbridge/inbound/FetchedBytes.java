package io.mailbridge.inbound;

import jakarta.mail.util.SharedByteArrayInputStream;
import jakarta.mail.util.SharedFileInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of a message, as the server stores them, fetched ahead of the route: held in memory while the poll's
 * {@link Allowance} lasts, in a file of the work folder beyond it. Creating and removing two files per message cost a
 * small message more than its parsing; the allowance keeps a poll of a thousand messages from holding them all in
 * the heap.
 */
final class FetchedBytes {

    /** Files named so are removed at startup: a process killed while reading leaves them behind. */
    static final String FILE_PREFIX = "message-";

    /** The bytes one mailbox's poll may hold in memory at once; what is fetched beyond waits in files. */
    static final class Allowance {
        private final long max;
        private final AtomicLong held = new AtomicLong();

        Allowance(long max) {
            this.max = max;
        }

        boolean take(long bytes) {
            long now = held.addAndGet(bytes);
            if (now <= max) {
                return true;
            }
            held.addAndGet(-bytes);
            return false;
        }

        void give(long bytes) {
            held.addAndGet(-bytes);
        }

        long held() {
            return held.get();
        }
    }

    private final byte[] bytes;
    private final Path file;
    private final Allowance allowance;
    private final AtomicBoolean released = new AtomicBoolean();

    private FetchedBytes(byte[] bytes, Path file, Allowance allowance) {
        this.bytes = bytes;
        this.file = file;
        this.allowance = allowance;
    }

    /** Bytes already charged to {@code allowance}; it is credited again on {@link #release()}. */
    static FetchedBytes inMemory(byte[] bytes, Allowance allowance) {
        return new FetchedBytes(bytes, null, allowance);
    }

    /** Bytes written to {@code file} in the work folder; the file is removed on {@link #release()}. */
    static FetchedBytes inFile(Path file) {
        return new FetchedBytes(null, file, null);
    }

    /** A new file in the work folder, named so that a leftover is recognised at startup. */
    static Path newFile(Path directory) throws IOException {
        return Files.createTempFile(directory, FILE_PREFIX, ".eml");
    }

    /** Where a message streamed from the server is written; only for bytes {@link #inFile in a file}. */
    OutputStream create() throws IOException {
        return Files.newOutputStream(file);
    }

    long size() throws IOException {
        return bytes != null ? bytes.length : Files.size(file);
    }

    /** A stream whose parts share its source (no copy per MIME part), for Jakarta Mail's parser. */
    InputStream open() throws IOException {
        return bytes != null ? new SharedByteArrayInputStream(bytes) : new SharedFileInputStream(file.toFile());
    }

    /** Gives the memory back, or removes the file; once, however often it is called. */
    void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        if (bytes != null) {
            allowance.give(bytes.length);
        } else {
            WorkFiles.deleteQuietly(file);
        }
    }
}
