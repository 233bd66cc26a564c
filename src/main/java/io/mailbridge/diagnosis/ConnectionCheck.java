package io.mailbridge.diagnosis;

import io.mailbridge.mailbox.MailProperties;
import io.mailbridge.mailbox.Mailbox;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.mailbox.ServerAddress;
import io.mailbridge.oauth.TokenFailure;
import io.mailbridge.oauth.TokenService;
import io.mailbridge.oauth.TokenUnavailableException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import javax.net.ssl.SSLSocketFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs a mailbox's whole chain and stops at the first broken link, naming it and the fix: DNS, TCP, TLS, token, IMAP
 * sign-in, folders, SMTP sign-in, a test mail to the mailbox itself, and finding it in the inbox.
 */
public final class ConnectionCheck {

    /** The folders a mailbox's routes read (must exist) and write (created at first use). */
    public record Folders(List<String> read, List<String> written) {
    }

    private final MailboxRegistry registry;
    private final TokenService tokens;
    private final Function<String, Folders> folders;
    private final TestMailMarker marker;
    private final Duration timeout;
    private final Duration deliveryWait;
    private final Clock clock;
    private final NetworkCheck network;

    public ConnectionCheck(MailboxRegistry registry, TokenService tokens, Function<String, Folders> folders, TestMailMarker marker,
                          Duration timeout, Duration deliveryWait, Clock clock) {
        this(registry, tokens, folders, marker, timeout, deliveryWait, clock, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** @param tlsSockets the trust of the TLS step, the Java trust store in the constructor above */
    public ConnectionCheck(MailboxRegistry registry, TokenService tokens, Function<String, Folders> folders, TestMailMarker marker,
                          Duration timeout, Duration deliveryWait, Clock clock, SSLSocketFactory tlsSockets) {
        this.network = new NetworkCheck(timeout, tlsSockets);
        this.registry = registry;
        this.tokens = tokens;
        this.folders = folders;
        this.marker = marker;
        this.timeout = timeout;
        this.deliveryWait = deliveryWait;
        this.clock = clock;
    }

    private interface Check {
        String run() throws BrokenLink, Exception;
    }

    public TestReport run(String mailboxId) {
        Mailbox mailbox = registry.mailbox(mailboxId).orElseThrow(() -> new IllegalArgumentException("no mailbox " + mailboxId));
        List<ServerAddress> servers = new ArrayList<>();
        if (mailbox.imap() != null) {
            servers.add(mailbox.imap());
        }
        if (mailbox.smtp() != null) {
            servers.add(mailbox.smtp());
        }
        Chain chain = new Chain();
        String[] credential = new String[1];
        String nonce = UUID.randomUUID().toString();
        String messageId = "<mailbridge-test-" + nonce + "@" + mailbox.address().substring(mailbox.address().indexOf('@') + 1) + ">";
        chain.step("dns", () -> NetworkCheck.dns(servers));
        chain.step("tcp", () -> network.tcp(servers));
        chain.step("tls", () -> network.tls(mailbox.id(), servers));
        chain.step("token", () -> {
            credential[0] = credential(mailbox);
            return mailbox.grant().isOAuth() ? "access token issued (" + mailbox.grant().configName() + ")" : "password grant";
        });
        boolean imap = mailbox.imap() != null;
        boolean smtp = mailbox.smtp() != null;
        chain.step("imap-login", imap, () -> withStore(mailbox, credential[0], store -> {
            // Exchange accepts a token for a login without a mailbox and refuses only the first command on it
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            inbox.close(false);
            return "signed in as " + mailbox.login();
        }));
        chain.step("folders", imap, () -> withStore(mailbox, credential[0], store -> folders(store, mailbox)));
        chain.step("smtp-login", smtp, () -> smtpLogin(mailbox, credential[0]));
        chain.step("send", smtp, () -> send(mailbox, credential[0], nonce, messageId));
        chain.step("receive", imap && smtp, () -> receive(mailbox, credential[0], messageId));
        return new TestReport(mailbox.id(), chain.passed, clock.instant(), chain.steps);
    }

    /** Runs steps in order; after the first failure the rest are skipped. */
    private final class Chain {
        final List<TestReport.Step> steps = new ArrayList<>();
        boolean passed = true;

        void step(String name, Check check) {
            step(name, true, check);
        }

        void step(String name, boolean applies, Check check) {
            if (!passed || !applies) {
                steps.add(new TestReport.Step(name, TestReport.Outcome.SKIPPED, 0,
                        passed ? "not configured for this mailbox" : "after the failure above", null, null));
                return;
            }
            Instant start = clock.instant();
            try {
                String detail = check.run();
                steps.add(new TestReport.Step(name, TestReport.Outcome.PASSED, millis(start), detail, null, null));
            } catch (BrokenLink b) {
                fail(name, start, b.getMessage(), b.cause(), b.fix());
            } catch (Exception e) {
                fail(name, start, e.toString(), "unexpected", "Read the detail; run the test again with the log at DEBUG.");
            }
        }

        private void fail(String name, Instant start, String detail, String cause, String fix) {
            passed = false;
            steps.add(new TestReport.Step(name, TestReport.Outcome.FAILED, millis(start), detail, cause, fix));
        }

        private long millis(Instant start) {
            return Duration.between(start, clock.instant()).toMillis();
        }
    }

    private String credential(Mailbox mailbox) throws BrokenLink {
        try {
            return tokens.credential(mailbox.id());
        } catch (TokenUnavailableException e) {
            TokenFailure f = e.failure();
            throw new BrokenLink(f.summary() + (f.code() == null ? "" : " (" + f.code() + ")"), f.cause(), f.fix());
        }
    }

    private interface StoreWork {
        String run(Store store) throws BrokenLink, MessagingException;
    }

    private String withStore(Mailbox mailbox, String credential, StoreWork work) throws BrokenLink, MessagingException {
        ServerAddress server = mailbox.imap();
        Store store = session(server, mailbox).getStore(server.protocol());
        try {
            store.connect(server.host(), server.port(), mailbox.login(), credential);
        } catch (AuthenticationFailedException e) {
            throw BrokenLink.imap("IMAP refused the sign-in: " + e.getMessage(), e.getMessage(), mailbox.grant());
        }
        try {
            return work.run(store);
        } catch (MessagingException e) {
            throw BrokenLink.imap("IMAP: " + oneLine(e.getMessage()), e.getMessage(), mailbox.grant());
        } finally {
            store.close();
        }
    }

    private String folders(Store store, Mailbox mailbox) throws BrokenLink, MessagingException {
        Folders plan = folders.apply(mailbox.id());
        List<String> read = plan.read().isEmpty() ? List.of("INBOX") : plan.read();
        for (String name : read) {
            if (!store.getFolder(name).exists()) {
                throw new BrokenLink("folder '" + name + "' does not exist", "folder-missing", "A route reads folder '" + name
                        + "': create it in the mailbox, or correct folderName in the route.");
            }
        }
        List<String> later = plan.written().stream().filter(name -> {
            try {
                return !store.getFolder(name).exists();
            } catch (MessagingException e) {
                return true;
            }
        }).toList();
        return "read: " + read + (later.isEmpty() ? "" : "; created at first use: " + later);
    }

    private String smtpLogin(Mailbox mailbox, String credential) throws BrokenLink, MessagingException {
        try (Transport transport = transport(mailbox, credential)) {
            return "signed in as " + mailbox.login();
        }
    }

    private String send(Mailbox mailbox, String credential, String nonce, String messageId) throws BrokenLink, MessagingException {
        Session session = session(mailbox.smtp(), mailbox);
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(mailbox.address()));
        message.setRecipients(Message.RecipientType.TO, mailbox.address());
        message.setSubject("mailbridge connection test");
        message.setHeader(TestMailMarker.HEADER, marker.mark(nonce));
        message.setText("mailbridge sent this mail to test the mailbox's connection; it deletes it when found.", "UTF-8");
        message.saveChanges();
        try (Transport transport = transport(mailbox, credential)) {
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            throw BrokenLink.smtp("the server refused the test mail: " + oneLine(e.getMessage()), e.getMessage(), mailbox.grant());
        }
        return "sent " + messageId + " to " + mailbox.address();
    }

    private String receive(Mailbox mailbox, String credential, String messageId) throws BrokenLink, MessagingException, InterruptedException {
        Instant deadline = clock.instant().plus(deliveryWait);
        List<String> where = new ArrayList<>();
        where.add("INBOX");
        where.addAll(folders.apply(mailbox.id()).written());
        while (true) {
            String found = withStore(mailbox, credential, store -> findAndDelete(store, where, messageId));
            if (found != null) {
                return "found in " + found + " and deleted";
            }
            if (clock.instant().isAfter(deadline)) {
                throw new BrokenLink("the test mail did not arrive within " + deliveryWait.toSeconds() + " s", "test-mail-not-received",
                        "SMTP accepted the mail but it did not reach the inbox: check transport rules, junk filtering and "
                                + "forwarding of the mailbox; then test again.");
            }
            Thread.sleep(1000);
        }
    }

    private static String findAndDelete(Store store, List<String> folderNames, String messageId) throws MessagingException {
        for (String name : folderNames) {
            Folder folder = store.getFolder(name);
            if (!folder.exists()) {
                continue;
            }
            folder.open(Folder.READ_WRITE);
            try {
                List<Message> found = MailProperties.withMessageId(folder, messageId);
                for (Message m : found) {
                    m.setFlag(Flags.Flag.DELETED, true);
                }
                if (!found.isEmpty()) {
                    return name;
                }
            } finally {
                folder.close(true);
            }
        }
        return null;
    }

    private Transport transport(Mailbox mailbox, String credential) throws BrokenLink, MessagingException {
        ServerAddress server = mailbox.smtp();
        Transport transport = session(server, mailbox).getTransport(server.protocol());
        try {
            transport.connect(server.host(), server.port(), mailbox.login(), credential);
            return transport;
        } catch (AuthenticationFailedException e) {
            throw BrokenLink.smtp("SMTP refused the sign-in: " + oneLine(e.getMessage()), e.getMessage(), mailbox.grant());
        } catch (MessagingException e) {
            throw BrokenLink.smtp("SMTP: " + oneLine(e.getMessage()), e.getMessage(), mailbox.grant());
        }
    }

    private Session session(ServerAddress server, Mailbox mailbox) {
        return MailProperties.session(server, mailbox.grant().isOAuth(), timeout);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }
}
