package io.mailbridge.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits until a server started by a test greets on its loopback port, or says why it does not. */
final class ServerGreeting {

    private ServerGreeting() {
    }

    /**
     * Returns once a connection to {@code port} is greeted with {@code greeting} ("* OK", "220"); throws with the
     * server's log when {@code alive} turns false or {@code timeout} passes.
     */
    static void await(String server, int port, String greeting, Duration timeout, BooleanSupplier alive,
                      Supplier<String> log) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] expected = greeting.getBytes(StandardCharsets.US_ASCII);
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new IOException(server + " exited before listening on port " + port + "; its log:\n" + log.get());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                socket.setSoTimeout(5_000);
                byte[] got = socket.getInputStream().readNBytes(expected.length);
                if (java.util.Arrays.equals(got, expected)) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + server, e);
            }
        }
        throw new IOException(server + " did not greet on port " + port + " within " + timeout.toSeconds()
                + " s; its log:\n" + log.get());
    }
}
