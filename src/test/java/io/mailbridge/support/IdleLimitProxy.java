package io.mailbridge.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback that cuts a connection on which nothing has passed, either way, for a set time, as the
 * idle limits of mail servers, firewalls and NAT gateways do. Counts the connections it cut.
 */
public final class IdleLimitProxy extends LoopbackRelay {

    private final long idleMillis;
    private final AtomicInteger cuts = new AtomicInteger();

    public IdleLimitProxy(int targetPort, long idleMillis) throws IOException {
        super(targetPort);
        this.idleMillis = idleMillis;
        start("idle-limit-proxy");
    }

    @Override
    void relay(Socket client, Socket upstream) throws IOException {
        AtomicLong lastTraffic = new AtomicLong(System.nanoTime());
        relayOneWay(client, upstream, lastTraffic);
        relayOneWay(upstream, client, lastTraffic);
    }

    /** Connections cut for being idle so far. */
    public int cuts() {
        return cuts.get();
    }

    private void relayOneWay(Socket from, Socket to, AtomicLong lastTraffic) throws IOException {
        from.setSoTimeout(100);
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (SocketTimeoutException quiet) {
                        if (System.nanoTime() - lastTraffic.get() > idleMillis * 1_000_000) {
                            // both directions are cut, and counted once
                            synchronized (lastTraffic) {
                                if (!from.isClosed() && !to.isClosed()) {
                                    cuts.incrementAndGet();
                                }
                                from.close();
                                to.close();
                            }
                            return;
                        }
                        continue;
                    }
                    if (n < 0) {
                        to.shutdownOutput();
                        return;
                    }
                    lastTraffic.set(System.nanoTime());
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the connection ended
            }
        }, "idle-limit-proxy-relay");
        thread.setDaemon(true);
        thread.start();
    }
}
