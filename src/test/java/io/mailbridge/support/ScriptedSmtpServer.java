package io.mailbridge.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server whose replies are set by the test, for the answers GreenMail cannot give: a refusal at MAIL, RCPT
 * or after the data, a refused AUTH, or a connection that drops after the final dot.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    public volatile String authReply = "235 2.7.0 Authentication successful";
    public volatile String mailReply = "250 2.1.0 Sender OK";
    public volatile String rcptReply = "250 2.1.5 Recipient OK";
    public volatile String dataEndReply = "250 2.0.0 OK queued";
    public volatile boolean dropAfterDot;
    /** Abort (TCP reset) instead of a clean close after the final dot. */
    public volatile boolean resetAfterDot;
    public volatile boolean dropAfterMail;
    /** How long to wait before answering the final dot, to keep sessions busy. */
    public volatile long dataEndDelayMillis;

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    /** Message-ID of every message the server accepted, in order, repeats included. */
    private final java.util.List<String> acceptedMessageIds = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    public ScriptedSmtpServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    Thread session = new Thread(() -> serve(socket), "scripted-smtp-session");
                    session.setDaemon(true);
                    session.start();
                } catch (IOException e) {
                    // closed
                }
            }
        }, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(Socket socket) {
        int now = open.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = socket.getOutputStream();
            send(out, "220 scripted.example.test ESMTP");
            for (String line; (line = in.readLine()) != null; ) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO", "HELO" -> send(out, "250-scripted.example.test\r\n250-AUTH XOAUTH2 PLAIN LOGIN\r\n250 8BITMIME");
                    case "AUTH" -> send(out, authReply);
                    case "MAIL" -> {
                        if (dropAfterMail) {
                            return;
                        }
                        send(out, mailReply);
                    }
                    case "RCPT" -> send(out, rcptReply);
                    case "DATA" -> {
                        send(out, "354 Start mail input; end with <CRLF>.<CRLF>");
                        boolean complete = false;
                        String messageId = null;
                        boolean inHeaders = true;
                        for (String data; (data = in.readLine()) != null; ) {
                            if (data.equals(".")) {
                                complete = true;
                                break;
                            }
                            if (data.isEmpty()) {
                                inHeaders = false;
                            } else if (inHeaders && data.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                                messageId = data.substring(11).trim();
                            }
                        }
                        if (!complete) {
                            return;
                        }
                        if (resetAfterDot) {
                            socket.setSoLinger(true, 0);
                            return;
                        }
                        if (dropAfterDot) {
                            return;
                        }
                        if (dataEndDelayMillis > 0) {
                            try {
                                Thread.sleep(dataEndDelayMillis);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        String reply = dataEndReply;
                        if (reply.startsWith("2")) {
                            accepted.incrementAndGet();
                            acceptedMessageIds.add(messageId);
                        }
                        send(out, reply);
                    }
                    case "QUIT" -> {
                        send(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> send(out, "250 OK");
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            open.decrementAndGet();
        }
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    public int accepted() {
        return accepted.get();
    }

    /** The most sessions that were open at the same time. */
    public int maxConcurrentConnections() {
        return maxOpen.get();
    }

    public java.util.List<String> acceptedMessageIds() {
        synchronized (acceptedMessageIds) {
            return java.util.List.copyOf(acceptedMessageIds);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
