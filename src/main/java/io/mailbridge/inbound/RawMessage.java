package io.mailbridge.inbound;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.util.ReadableMime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A message as the bytes the server stores ({@code BODY.PEEK[]}), parsed here from memory or, when large, from a
 * file of the work folder ({@link FetchedBytes}). The server's
 * own view of a message (its ENVELOPE and BODYSTRUCTURE) is never used: servers build it with their own parser, and
 * what they send for a malformed message (an address without a domain, a broken boundary) can make Jakarta Mail
 * throw before anything is read. The bytes are what every mail client and the reference parsers read, and a file
 * keeps a 50 MB attachment out of the heap.
 */
final class RawMessage implements AutoCloseable {

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

    private final FetchedBytes bytes;
    private final InputStream input;
    private final MimeMessage message;

    private RawMessage(FetchedBytes bytes, InputStream input, MimeMessage message) {
        this.bytes = bytes;
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
        FetchedBytes fetched = FetchedBytes.inFile(FetchedBytes.newFile(directory));
        try {
            try (InputStream in = mail instanceof ReadableMime readable ? readable.getMimeStream() : null;
                 OutputStream out = fetched.create()) {
                if (in == null) {
                    mail.writeTo(out);
                } else {
                    copy(in, out, maxBytes);
                }
            }
            return parse(fetched);
        } catch (IOException | MessagingException | UnreadableMailException | RuntimeException e) {
            fetched.release();
            throw e;
        }
    }

    /** Parses a message whose bytes a poll already fetched; they are released on {@link #close()}. */
    static RawMessage open(FetchedBytes fetched, long maxBytes) throws IOException, MessagingException, UnreadableMailException {
        if (fetched.size() > maxBytes) {
            fetched.release();
            throw tooLarge(maxBytes);
        }
        return parse(fetched);
    }

    private static RawMessage parse(FetchedBytes fetched) throws IOException, MessagingException {
        InputStream input = fetched.open();
        try {
            return new RawMessage(fetched, input, new MimeMessage(SESSION, input));
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
            bytes.release();
        }
    }
}
