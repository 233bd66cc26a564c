package io.mailbridge.outbound;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch is queued in chunks that end at 100 mails or at the byte budget of composed MIME, whichever comes first. */
class BatchChunkTest {

    private static final int MB = 1024 * 1024;

    @Test
    void mailsWithLargeAttachmentsEndAChunkByBytes() {
        byte[] mime = new byte[8 * MB];
        List<Integer> chunkSizes = queue(10, mime, new BatchChunk(100, OutboundIntake.DEFAULT_CHUNK_BYTES));
        // 10 mails of 8 MB with a 32 MB budget: 4 + 4 + the last 2, never 80 MB at once
        assertThat(chunkSizes).containsExactly(4, 4, 2);
    }

    @Test
    void smallMailsEndAChunkAtAHundred() {
        List<Integer> chunkSizes = queue(250, new byte[1000], new BatchChunk(100, OutboundIntake.DEFAULT_CHUNK_BYTES));
        assertThat(chunkSizes).containsExactly(100, 100, 50);
    }

    @Test
    void oneMailOverTheBudgetIsAChunkOfItsOwn() {
        List<Integer> chunkSizes = queue(3, new byte[2 * MB], new BatchChunk(100, MB));
        assertThat(chunkSizes).containsExactly(1, 1, 1);
    }

    @Test
    void aRecordAlreadyWrittenIsNotWrittenAgain() {
        BatchChunk chunk = new BatchChunk(100, MB);
        chunk.add(null, mail(0, new byte[10]));
        chunk.add(record(1), mail(1, new byte[10]));
        assertThat(chunk.records()).extracting(OutboundRequests.NewRequest::id).containsExactly("b-1");
        assertThat(chunk.mails()).hasSize(2);
        assertThat(chunk.bytes()).isEqualTo(20);
        chunk.clear();
        assertThat(chunk.isEmpty()).isTrue();
        assertThat(chunk.bytes()).isZero();
    }

    /** Adds {@code count} mails as the intake does, flushing when full; returns the size of each flushed chunk. */
    private static List<Integer> queue(int count, byte[] mime, BatchChunk chunk) {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (chunk.add(record(i), mail(i, mime))) {
                sizes.add(chunk.mails().size());
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            sizes.add(chunk.mails().size());
        }
        return sizes;
    }

    private static OutboundQueue.QueuedMail mail(int i, byte[] mime) {
        return new OutboundQueue.QueuedMail("b-" + i, "ap", "b", 1, mime);
    }

    private static OutboundRequests.NewRequest record(int i) {
        return new OutboundRequests.NewRequest("b-" + i, "ap", null, null, "b", i, "<b-" + i + "@x.test>", "s", 1);
    }
}
