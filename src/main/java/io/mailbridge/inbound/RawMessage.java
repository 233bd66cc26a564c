package io.mailbridge.inbound;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedFileInputStream;
import org.eclipse.angus.mail.util.ReadableMime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A message as the bytes the server stores ({@code BODY.PEEK[]}), spooled to a file and parsed here. The server's
 * own view of a message (its ENVELOPE and BODYSTRUCTURE) is never used: servers build it with their own parser, and
 * what they send for a malformed message (an address without a domain, a broken boundary) can make Jakarta Mail
 * throw before anything is read. The bytes are what every mail client and the reference parsers read, and a file
 * keeps a 50 MB attachment out of the heap.
 */
final class RawMessage implements AutoCloseable {

    /** Files named so are removed at startup: a process killed while reading leaves them behind. */
    static final String FILE_PREFIX = "message-";

    /**
     * Addresses are read leniently, as mail clients read them (the only parsing setting Jakarta Mail takes from a
     * session; the others are JVM-wide System properties, whose defaults already end a part at a missing final
     * boundary and decode RFC 2231 parameters). The session is private to this class.
     */
    private static final Session SESSION;

    static {
        Properties properties = new Properties();
        properties.setProperty("mail.mime.address.strict", "false");
        SESSION = Session.getInstance(properties);
    }

    private final Path file;
    private final SharedFileInputStream input;
    private final MimeMessage message;

    private RawMessage(Path file, SharedFileInputStream input, MimeMessage message) {
        this.file = file;
        this.input = input;
        this.message = message;
    }

    /**
     * Copies the message's bytes from the server into a new file in {@code directory} and parses them. A message
     * larger than {@code maxBytes} is refused before its end is fetched.
     */
    static RawMessage fetch(Message mail, Path directory, long maxBytes)
            throws IOException, MessagingException, UnreadableMailException {
        if (mail.getSize() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        Path file = Files.createTempFile(directory, FILE_PREFIX, ".eml");
        try {
            try (InputStream in = mail instanceof ReadableMime readable ? readable.getMimeStream() : null;
                 OutputStream out = Files.newOutputStream(file)) {
                if (in == null) {
                    mail.writeTo(out);
                } else {
                    copy(in, out, maxBytes);
                }
            }
            return open(file);
        } catch (IOException | MessagingException | UnreadableMailException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Parses a message whose bytes a poll already fetched into {@code file}; the file is removed on {@link #close()}.
     */
    static RawMessage open(Path file, long maxBytes) throws IOException, MessagingException, UnreadableMailException {
        if (Files.size(file) > maxBytes) {
            Files.deleteIfExists(file);
            throw tooLarge(maxBytes);
        }
        return open(file);
    }

    /** Parses a message already in a file; the file is removed on {@link #close()}. */
    private static RawMessage open(Path file) throws IOException, MessagingException {
        SharedFileInputStream input = new SharedFileInputStream(file.toFile());
        try {
            return new RawMessage(file, input, new MimeMessage(SESSION, input));
        } catch (MessagingException | RuntimeException e) {
            input.close();
            throw e;
        }
    }

    MimeMessage message() {
        return message;
    }

    private static void copy(InputStream in, OutputStream out, long maxBytes) throws IOException, UnreadableMailException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw tooLarge(maxBytes);
            }
            out.write(buffer, 0, n);
        }
    }

    private static UnreadableMailException tooLarge(long maxBytes) {
        return new UnreadableMailException("the message is larger than " + maxBytes + " bytes as stored on the server "
                + "(twice " + MimeLimits.MAX_TOTAL_BYTES_PROPERTY + ")", true);
    }

    @Override
    public void close() throws IOException {
        try {
            input.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
