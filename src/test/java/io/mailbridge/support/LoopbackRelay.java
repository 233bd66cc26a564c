package io.mailbridge.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP relay on loopback to a local server: accepts each client, connects it to the target, and hands the pair to
 * {@link #relay(Socket, Socket)}, which decides what happens to the bytes on the way.
 */
abstract class LoopbackRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;

    LoopbackRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** Starts accepting; called by a subclass once its own fields are set. */
    final void start(String name) {
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    relay(client, upstream);
                } catch (IOException e) {
                    // closed, or the target refused: the client sees its connection end
                }
            }
        }, name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Carries both directions of one connection, on threads of its own. */
    abstract void relay(Socket client, Socket upstream) throws IOException;

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
