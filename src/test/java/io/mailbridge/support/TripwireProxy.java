package io.mailbridge.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP relay on loopback that runs an action the moment a client sends a chosen command, right after passing it on:
 * the server carries the command out while the client (killed by the action, say) never reads the answer.
 */
public final class TripwireProxy extends LoopbackRelay {

    private final AtomicReference<Tripwire> armed = new AtomicReference<>();

    /** Fires once, on the {@code nth} client chunk that contains {@code command}. */
    private static final class Tripwire {
        private final String command;
        private final Runnable action;
        private int remaining;

        Tripwire(String command, int nth, Runnable action) {
            this.command = command;
            this.remaining = nth;
            this.action = action;
        }

        synchronized boolean hit(byte[] chunk, int length) {
            if (remaining > 0 && new String(chunk, 0, length, StandardCharsets.ISO_8859_1).contains(command)) {
                remaining--;
                return remaining == 0;
            }
            return false;
        }
    }

    public TripwireProxy(int targetPort) throws IOException {
        super(targetPort);
        start("tripwire-proxy");
    }

    @Override
    void relay(Socket client, Socket upstream) {
        relayOneWay(client, upstream, true);
        relayOneWay(upstream, client, false);
    }

    /** Runs {@code action} once, right after forwarding the {@code nth} chunk from a client that holds {@code command}. */
    public void arm(String command, int nth, Runnable action) {
        armed.set(new Tripwire(command, nth, action));
    }

    public void disarm() {
        armed.set(null);
    }

    private void relayOneWay(Socket from, Socket to, boolean fromClient) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                    Tripwire tripwire = armed.get();
                    if (fromClient && tripwire != null && tripwire.hit(buffer, n)) {
                        armed.compareAndSet(tripwire, null);
                        tripwire.action.run();
                    }
                }
                to.shutdownOutput();
            } catch (IOException e) {
                // the connection ended
            }
        }, "tripwire-proxy-relay");
        thread.setDaemon(true);
        thread.start();
    }
}
