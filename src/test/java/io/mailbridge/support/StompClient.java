package io.mailbridge.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A STOMP 1.2 client over a plain socket, enough to speak to the broker like a producer would. */
public final class StompClient implements AutoCloseable {

    /** One frame: command, headers (the first of a repeated one) and body. */
    public record Frame(String command, Map<String, String> headers, String body) {
    }

    private final Socket socket;
    private final PushbackInputStream in;
    private final OutputStream out;

    private StompClient(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(20_000);
        this.in = new PushbackInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static StompClient open(int port) throws IOException {
        return new StompClient(new Socket("127.0.0.1", port));
    }

    public static StompClient connect(int port, String user, String password) throws IOException {
        StompClient stomp = open(port);
        stomp.frame("CONNECT", Map.of("accept-version", "1.2", "host", "localhost", "login", user, "passcode", password), "");
        stomp.read("CONNECTED");
        return stomp;
    }

    public void frame(String command, Map<String, String> headers, String body) throws IOException {
        StringBuilder frame = new StringBuilder(command).append('\n');
        headers.forEach((k, v) -> frame.append(k).append(':').append(v).append('\n'));
        frame.append('\n').append(body);
        out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.flush();
    }

    /** The next frame other than a heart-beat, which must be {@code command}. */
    public Frame read(String command) throws IOException {
        Frame frame = read();
        assertThat(frame.command()).as("STOMP frame %s", frame).isEqualTo(command);
        return frame;
    }

    /** The next frame other than a heart-beat. */
    public Frame read() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != 0) {
            if (b < 0) {
                throw new IOException("connection closed after " + raw.toString(StandardCharsets.UTF_8));
            }
            if (b == '\n' && raw.size() == 0) {
                continue;
            }
            raw.write(b);
        }
        String text = raw.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\n\n");
        String[] head = (end < 0 ? text : text.substring(0, end)).split("\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(head[i].substring(0, colon), head[i].substring(colon + 1));
            }
        }
        return new Frame(head[0], headers, end < 0 ? "" : text.substring(end + 2));
    }

    /**
     * Bytes the broker has sent that were not read yet, the line ends it may put after a frame left out: none while
     * nothing is delivered (heart-beats are off).
     */
    public int unread() throws IOException {
        while (!socket.isClosed() && in.available() > 0) {
            int b = in.read();
            if (b != '\n') {
                in.unread(b);
                return in.available();
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
