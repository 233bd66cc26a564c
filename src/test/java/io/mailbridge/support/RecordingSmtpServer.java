package io.mailbridge.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;

/**
 * An SMTP server on loopback that takes every mail, recording its Message-ID, subject, sender login, arrival time and
 * the mailbridge run that sent it, and counting the sessions open at once per login. It can hold its answers after the
 * final dot until released, drop the connection after the final dot of a chosen mail, or kill mailbridge right after
 * answering a chosen mail. Logins are checked by AUTH PLAIN against the passwords it is given.
 */
public final class RecordingSmtpServer implements AutoCloseable {

    public static final String KILLED_AFTER_DOT = "killed after the final dot";
    public static final String KILLED_AFTER_REPLY = "killed after the 250";
    public static final String DROPPED = "connection dropped after the final dot";

    /** The n-th mail received in full (counting repeats) triggers these. */
    public volatile IntPredicate dropBeforeAnswer = n -> false;
    public volatile IntPredicate killAfterReply = n -> false;
    /** The scripted break each of these Message-IDs met. */
    public final Map<String, String> events = new ConcurrentHashMap<>();

    private final Runnable killer;
    private final IntSupplier run;
    private final ServerSocket server;
    private final Map<String, String> logins;
    private final List<Mail> received = new ArrayList<>();
    private final Map<String, AtomicInteger> openPerLogin = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxPerLogin = new ConcurrentHashMap<>();
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch answers = new CountDownLatch(0);
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();

    /** A mail received in full (each copy of a repeated one is its own). */
    public record Mail(String messageId, String subject, String login, int run, Instant at) {
    }

    /**
     * @param logins the password of each address that may sign in
     * @param killer kills mailbridge, for {@link #killAfterReply}
     * @param run    the number of the mailbridge run now sending, recorded with each mail
     */
    public RecordingSmtpServer(Map<String, String> logins, Runnable killer, IntSupplier run) throws IOException {
        this.logins = Map.copyOf(logins);
        this.killer = killer;
        this.run = run;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread session = new Thread(() -> serve(socket), "crash-smtp-session");
                    session.setDaemon(true);
                    session.start();
                } catch (IOException e) {
                    // closed
                }
            }
        }, "crash-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public int openSessions() {
        return open.get();
    }

    public int maxConcurrentSessions() {
        return maxOpen.get();
    }

    public void holdAnswers() {
        answers = new CountDownLatch(1);
    }

    public void releaseAnswers() {
        answers.countDown();
    }

    /** Message-IDs of the mails received in full whose answer is being held. */
    public Set<String> waitingForAnswer() {
        return Set.copyOf(waiting);
    }

    public synchronized int receivedCount() {
        return received.size();
    }

    /** Each Message-ID received, with the run of every copy. */
    public synchronized Map<String, List<Integer>> copies() {
        Map<String, List<Integer>> copies = new TreeMap<>();
        for (Mail r : received) {
            copies.computeIfAbsent(String.valueOf(r.messageId()), k -> new ArrayList<>()).add(r.run());
        }
        return copies;
    }

    /** Every mail received from this login, in the order they arrived. */
    public synchronized List<Mail> received(String login) {
        return received.stream().filter(m -> login.equals(m.login())).toList();
    }

    /** The most sessions signed in as this login at once. */
    public int maxConcurrentSessions(String login) {
        AtomicInteger max = maxPerLogin.get(login);
        return max == null ? 0 : max.get();
    }

    /** Sessions signed in as this login now. */
    public int openSessions(String login) {
        AtomicInteger open = openPerLogin.get(login);
        return open == null ? 0 : open.get();
    }

    private synchronized int receive(String messageId, String subject, String login) {
        received.add(new Mail(messageId, subject, login, run.getAsInt(), Instant.now()));
        return received.size();
    }

    private void serve(Socket socket) {
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        String login = null;
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))) {
            OutputStream out = socket.getOutputStream();
            reply(out, "220 crash.example.test ESMTP");
            for (String line; (line = in.readLine()) != null; ) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO" -> reply(out, "250-crash.example.test\r\n250-AUTH PLAIN\r\n250 8BITMIME");
                    case "AUTH" -> {
                        login = signedIn(line, in, out);
                        if (login != null) {
                            String who = login;
                            int now = openPerLogin.computeIfAbsent(who, k -> new AtomicInteger()).incrementAndGet();
                            maxPerLogin.computeIfAbsent(who, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
                        }
                        reply(out, login != null ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication unsuccessful");
                    }
                    case "DATA" -> {
                        if (!data(in, out, login)) {
                            return;
                        }
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "250 OK");
                }
            }
        } catch (IOException e) {
            // the client went away (or was killed)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.decrementAndGet();
            if (login != null) {
                openPerLogin.get(login).decrementAndGet();
            }
        }
    }

    /** AUTH PLAIN, checking the mailbox's login and password; returns the login, null when refused. */
    private String signedIn(String line, BufferedReader in, OutputStream out) throws IOException {
        String[] parts = line.split(" ");
        if (parts.length < 2 || !parts[1].equalsIgnoreCase("PLAIN")) {
            return null;
        }
        String response = parts.length > 2 ? parts[2] : null;
        if (response == null) {
            reply(out, "334 ");
            response = in.readLine();
        }
        String[] fields = new String(Base64.getDecoder().decode(response.trim()), StandardCharsets.UTF_8).split("\0", -1);
        return fields.length == 3 && fields[2].equals(logins.get(fields[1])) ? fields[1] : null;
    }

    /** @return false when the session ends here */
    private boolean data(BufferedReader in, OutputStream out, String login) throws IOException, InterruptedException {
        reply(out, "354 End data with <CR><LF>.<CR><LF>");
        String messageId = null;
        String subject = null;
        boolean headers = true;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals(".")) {
                // the whole mail is here: a real server delivers it whether or not its answer gets through
                int n = receive(messageId, subject, login);
                if (dropBeforeAnswer.test(n)) {
                    events.put(messageId, DROPPED);
                    return false;
                }
                waiting.add(messageId);
                answers.await();
                waiting.remove(messageId);
                reply(out, "250 2.0.0 OK queued as " + n);
                if (killAfterReply.test(n)) {
                    events.put(messageId, KILLED_AFTER_REPLY);
                    killer.run();
                    return false;
                }
                return true;
            }
            if (line.isEmpty()) {
                headers = false;
            } else if (headers && line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                messageId = line.substring(11).trim();
            } else if (headers && line.regionMatches(true, 0, "Subject:", 0, 8)) {
                subject = line.substring(8).trim();
            }
        }
        // cut off before the final dot: nothing was delivered
        return false;
    }

    private static void reply(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        releaseAnswers();
        server.close();
    }
}
