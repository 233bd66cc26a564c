package io.mailbridge.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on loopback that holds every chunk for a fixed time in each direction, in order, standing for the
 * network between mailbridge and a mailbox in a distant data centre: a round trip costs twice the delay.
 */
public final class DelayingProxy extends LoopbackRelay {

    private final long delayNanos;

    public DelayingProxy(int targetPort, long delayMillis) throws IOException {
        super(targetPort);
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        start("delaying-proxy");
    }

    @Override
    void relay(Socket client, Socket upstream) throws IOException {
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        relayOneWay(client, upstream);
        relayOneWay(upstream, client);
    }

    private record Chunk(long due, byte[] bytes) {
    }

    /** One direction: a reader stamps each chunk with its due time, a writer sends it then. */
    private void relayOneWay(Socket from, Socket to) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException e) {
                // the connection ended
            }
            queue.add(new Chunk(System.nanoTime() + delayNanos, null));
        }, "delaying-proxy-read");
        Thread writer = new Thread(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk chunk = queue.take();
                    long wait = chunk.due() - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    if (chunk.bytes() == null) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended
            }
        }, "delaying-proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }
}
