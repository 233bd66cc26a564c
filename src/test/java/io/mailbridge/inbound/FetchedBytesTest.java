package io.mailbridge.inbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FetchedBytesTest {

    @Test
    void bytesHeldInMemoryAreCreditedBackOnceWhenReleased() throws Exception {
        FetchedBytes.Allowance allowance = new FetchedBytes.Allowance(100);
        byte[] mail = "Subject: a\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(allowance.take(mail.length)).isTrue();
        FetchedBytes fetched = FetchedBytes.inMemory(mail, allowance);

        try (InputStream in = fetched.open()) {
            assertThat(in.readAllBytes()).isEqualTo(mail);
        }
        assertThat(fetched.size()).isEqualTo(mail.length);
        fetched.release();
        fetched.release();
        assertThat(allowance.held()).isZero();
    }

    @Test
    void whatTheAllowanceCannotHoldIsRefusedWithoutBeingCounted() {
        FetchedBytes.Allowance allowance = new FetchedBytes.Allowance(100);
        assertThat(allowance.take(60)).isTrue();
        assertThat(allowance.take(60)).isFalse();
        assertThat(allowance.held()).isEqualTo(60);
        allowance.give(60);
        assertThat(allowance.take(100)).isTrue();
    }

    @Test
    void bytesInAFileAreReadFromItAndTheFileIsRemovedOnRelease(@TempDir Path work) throws Exception {
        Path file = FetchedBytes.newFile(work);
        FetchedBytes fetched = FetchedBytes.inFile(file);
        byte[] mail = new byte[300_000];
        new Random(7).nextBytes(mail);
        try (OutputStream out = fetched.create()) {
            out.write(mail);
        }

        assertThat(file.getFileName().toString()).startsWith(FetchedBytes.FILE_PREFIX);
        assertThat(fetched.size()).isEqualTo(mail.length);
        try (InputStream in = fetched.open()) {
            assertThat(in.readAllBytes()).isEqualTo(mail);
        }
        fetched.release();
        assertThat(Files.exists(file)).isFalse();
    }
}
