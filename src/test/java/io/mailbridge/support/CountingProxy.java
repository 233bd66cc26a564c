package io.mailbridge.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback that counts the connections passing through it: opened in total, open now, most at once.
 * It can be cut, as a network or a stopped server would: open connections drop and new ones are closed at once.
 */
public final class CountingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final java.util.Set<Socket> sockets = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private volatile boolean cut;

    public CountingProxy(int targetPort) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    if (cut) {
                        closeQuietly(client);
                        continue;
                    }
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    total.incrementAndGet();
                    peak.accumulateAndGet(open.incrementAndGet(), Math::max);
                    AtomicInteger ends = new AtomicInteger();
                    Runnable closeBoth = () -> {
                        if (ends.incrementAndGet() == 1) {
                            open.decrementAndGet();
                        }
                        closeQuietly(client);
                        closeQuietly(upstream);
                    };
                    pump(client.getInputStream(), upstream.getOutputStream(), closeBoth);
                    pump(upstream.getInputStream(), client.getOutputStream(), closeBoth);
                } catch (IOException e) {
                    // closed
                }
            }
        }, "counting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void pump(InputStream in, OutputStream out, Runnable done) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                done.run();
            }
        }, "counting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Cuts every open connection, as a server or network would. */
    public void dropAll() {
        sockets.forEach(CountingProxy::closeQuietly);
        sockets.clear();
    }

    /** Drops every open connection and closes each new one at once, until {@link #restore}. */
    public void cut() {
        cut = true;
        dropAll();
    }

    public void restore() {
        cut = false;
    }

    public int port() {
        return server.getLocalPort();
    }

    public int total() {
        return total.get();
    }

    public int open() {
        return open.get();
    }

    public int peak() {
        return peak.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
