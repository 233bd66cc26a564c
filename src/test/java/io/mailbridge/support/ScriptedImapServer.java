package io.mailbridge.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An IMAP server that answers sign-ins and the first command the way the test sets, for the responses only
 * Exchange Online gives: {@code NO AUTHENTICATE failed.} for an app without access to the mailbox, and
 * {@code BAD User is authenticated but not connected.} for a token that names no mailbox.
 */
public final class ScriptedImapServer implements AutoCloseable {

    /** After the tag: {@code OK AUTHENTICATE completed.} or {@code NO AUTHENTICATE failed.} */
    public volatile String authenticateReply = "OK AUTHENTICATE completed.";
    /** After the tag, for SELECT or EXAMINE; null for an empty INBOX. */
    public volatile String selectReply;

    private final ServerSocket server;

    public ScriptedImapServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread session = new Thread(() -> serve(socket), "scripted-imap-session");
                    session.setDaemon(true);
                    session.start();
                } catch (IOException e) {
                    // closed
                }
            }
        }, "scripted-imap");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = socket.getOutputStream();
            send(out, "* OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2 SASL-IR] scripted IMAP ready");
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.split(" ", 3);
                String tag = words[0];
                String command = words.length > 1 ? words[1].toUpperCase(java.util.Locale.ROOT) : "";
                switch (command) {
                    case "CAPABILITY" -> send(out, "* CAPABILITY IMAP4rev1 AUTH=XOAUTH2 SASL-IR\r\n" + tag + " OK CAPABILITY completed.");
                    case "AUTHENTICATE" -> send(out, tag + " " + authenticateReply);
                    case "SELECT", "EXAMINE" -> send(out, selectReply != null ? tag + " " + selectReply
                            : "* 0 EXISTS\r\n* 0 RECENT\r\n* FLAGS ()\r\n* OK [UIDVALIDITY 1] UIDs valid\r\n" + tag
                            + " OK [READ-ONLY] " + command + " completed.");
                    case "LIST" -> send(out, "* LIST () \"/\" INBOX\r\n" + tag + " OK LIST completed.");
                    case "LOGOUT" -> {
                        send(out, "* BYE scripted IMAP closing\r\n" + tag + " OK LOGOUT completed.");
                        return;
                    }
                    default -> send(out, tag + " OK " + command + " completed.");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
