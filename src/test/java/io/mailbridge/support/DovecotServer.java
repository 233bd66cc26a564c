package io.mailbridge.support;

import io.mailbridge.sandbox.SandboxAuthority;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private Dovecot IMAP server on a free loopback port that signs users in with XOAUTH2 or OAUTHBEARER by asking the
 * test authority to introspect each token (RFC 7662); its configuration, maildirs and log stay under
 * {@code target/dovecot/}.
 */
public final class DovecotServer implements AutoCloseable {

    /** The token claim Dovecot compares with the user name: mock-oauth2-server's introspection answers only fixed fields. */
    public static final String USERNAME_CLAIM = "username";
    public static final List<String> FOLDERS = List.of("Processed", "Quarantine");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final AtomicInteger DELIVERIES = new AtomicInteger();
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path dir;
    private final Path runDir;
    private final Path mailRoot;
    private final int port;
    private final Process master;
    private final Thread stopOnExit;

    private DovecotServer(Path dir, Path runDir, Path mailRoot, int port, Process master) {
        this.dir = dir;
        this.runDir = runDir;
        this.mailRoot = mailRoot;
        this.port = port;
        this.master = master;
        // a test that dies without close() must not leave a server behind
        this.stopOnExit = new Thread(this::stopMaster, "dovecot-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** The claims a token needs for Dovecot to accept it for this mailbox address; see {@link TestAuthority#TestAuthority(Map)}. */
    public static Map<String, Object> tokenClaims(String address) {
        // mock-oauth2-server's introspection copies token_type from the token, writing "null" when it has none, and
        // Dovecot refuses any token_type but Bearer
        return Map.of(USERNAME_CLAIM, address, "token_type", "Bearer");
    }

    /** Starts a server whose users (mailbox addresses) each have an empty INBOX, Processed and Quarantine. */
    public static DovecotServer start(TestAuthority authority, String... users) throws IOException {
        return start(authority, List.of(), users);
    }

    /** As {@link #start(TestAuthority, String...)}, with these lines added to the configuration. */
    public static DovecotServer start(TestAuthority authority, List<String> extraConfig, String... users) throws IOException {
        Path binary = binary();
        Path dir = home("dovecot").resolve(ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
        RunningApp.deleteRecursively(dir);
        Path mailRoot = Files.createDirectories(dir.resolve("mail"));
        for (String user : users) {
            createMaildir(mailRoot, user);
        }
        giveToMailOwner(mailRoot);
        Path pem;
        try {
            pem = authority.writeCertificatePem(dir.resolve("authority.pem"));
        } catch (Exception e) {
            throw new IOException("cannot write the authority's certificate", e);
        }
        IOException last = null;
        // the free port may be taken between our probe and Dovecot's bind: try a few
        for (int attempt = 1; attempt <= 3; attempt++) {
            // unix socket paths are limited to 107 bytes, which a deep target/ can exceed; the auth process (user
            // dovecot) must reach the sockets
            Path runDir = Files.createTempDirectory(Path.of("/tmp"), "dc");
            Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            int port = RunningApp.freePort();
            writeConfig(dir, runDir, mailRoot, pem, authority, port, extraConfig);
            Files.deleteIfExists(dir.resolve("dovecot.log"));
            Process master = new ProcessBuilder(binary.toString(), "-F", "-c", dir.resolve("dovecot.conf").toString())
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("master.out").toFile())
                    .start();
            DovecotServer server = new DovecotServer(dir, runDir, mailRoot, port, master);
            try {
                server.awaitGreeting();
                return server;
            } catch (IOException e) {
                server.close();
                last = e;
                if (!server.log().contains("Address already in use")) {
                    break;
                }
            }
        }
        throw last;
    }

    /**
     * {@code target/<name>}, unless a folder above it is closed to other users (a checkout under /root, say): the mail
     * servers' own processes run as unprivileged users and must reach their configuration and data, so the instances
     * then live under the system's temporary folder instead.
     */
    static Path home(String name) throws IOException {
        Path target = Path.of("target", name).toAbsolutePath();
        for (Path p = target.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "mailbridge-" + name);
                Files.createDirectories(tmp);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                return tmp;
            }
        }
        return Files.createDirectories(target);
    }

    private static Path binary() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, "dovecot")).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new IllegalStateException("Dovecot is not installed: the build runs "
                        + "scripts/install-mail-servers.sh before the tests (Debian packages dovecot-core, dovecot-imapd, dovecot-lmtpd)"));
    }

    private static void createMaildir(Path mailRoot, String user) throws IOException {
        Path maildir = mailRoot.resolve(user).resolve("Maildir");
        for (String sub : List.of("new", "cur", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
            for (String folder : FOLDERS) {
                Files.createDirectories(maildir.resolve("." + folder).resolve(sub));
            }
        }
        for (String folder : FOLDERS) {
            Path marker = maildir.resolve("." + folder).resolve("maildirfolder");
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
        }
    }

    /**
     * Dovecot refuses to open mail as root ("userdb returned 0 as uid"), whatever first_valid_uid says: when the
     * tests run as root, the mail belongs to nobody.
     */
    private static void giveToMailOwner(Path path) throws IOException {
        if (!ROOT) {
            return;
        }
        var lookup = path.getFileSystem().getUserPrincipalLookupService();
        var owner = lookup.lookupPrincipalByName("nobody");
        var group = lookup.lookupPrincipalByGroupName("nogroup");
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.toList()) {
                var view = Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class);
                view.setOwner(owner);
                view.setGroup(group);
            }
        }
    }

    private static void writeConfig(Path dir, Path runDir, Path mailRoot, Path pem, TestAuthority authority, int port,
                                    List<String> extraConfig) throws IOException {
        // Dovecot opens the mail as the owner of the mail folder
        int uid = (Integer) Files.getAttribute(mailRoot, "unix:uid");
        int gid = (Integer) Files.getAttribute(mailRoot, "unix:gid");
        String conf = """
                # a private instance for one test: nothing here touches the system's Dovecot
                instance_name = mailbridge-%1$s
                base_dir = %2$s
                state_dir = %2$s/state
                log_path = %3$s/dovecot.log
                # LMTP and the auth socket serve a private Postfix (PostfixServer) that hands mail to these mailboxes
                # and lets Dovecot check its clients' tokens
                protocols = imap lmtp
                listen = 127.0.0.1
                ssl = no
                disable_plaintext_auth = no
                verbose_proctitle = yes
                auth_verbose = yes
                # a refused token is answered at once (the default waits 2 s)
                auth_failure_delay = 0
                auth_mechanisms = xoauth2 oauthbearer
                first_valid_uid = %4$d
                first_valid_gid = %5$d
                mail_location = maildir:%6$s/%%u/Maildir
                passdb {
                  driver = oauth2
                  mechanisms = xoauth2 oauthbearer
                  args = %3$s/dovecot-oauth2.conf.ext
                }
                userdb {
                  driver = static
                  args = uid=%4$d gid=%5$d home=%6$s/%%u allow_all_users=yes
                }
                namespace inbox {
                  inbox = yes
                  separator = .
                  mailbox Processed {
                    auto = subscribe
                  }
                  mailbox Quarantine {
                    auto = subscribe
                  }
                }
                protocol imap {
                  # crashed clients leave connections that the server notices only later
                  mail_max_userip_connections = 100
                }
                service imap-login {
                  inet_listener imap {
                    address = 127.0.0.1
                    port = %7$d
                  }
                  inet_listener imaps {
                    port = 0
                  }
                }
                service lmtp {
                  unix_listener lmtp {
                    mode = 0666
                  }
                }
                service auth {
                  unix_listener smtp-auth {
                    mode = 0666
                  }
                }
                service anvil {
                  # mode 0: the master creates no such socket, and an auth process that finds none at its start
                  # skips the per-IP penalty (2 to 15 s after each failure), which has no setting of its own
                  unix_listener anvil-auth-penalty {
                    mode = 0
                  }
                }
                """.formatted(dir.getFileName(), runDir, dir, uid, gid, mailRoot, port);
        Files.writeString(dir.resolve("dovecot.conf"), conf + String.join("\n", extraConfig) + "\n");
        // the authority does not check the introspecting client's credentials, only that there are some
        String introspection = authority.authority().authorityUrl().replace("https://", "https://imap-server:introspection@")
                + SandboxAuthority.ISSUER_ID + "/introspect";
        Files.writeString(dir.resolve("dovecot-oauth2.conf.ext"), """
                introspection_url = %s
                introspection_mode = post
                force_introspection = yes
                tls_ca_cert_file = %s
                username_attribute = %s
                active_attribute = active
                active_value = true
                """.formatted(introspection, pem, USERNAME_CLAIM));
    }

    private void awaitGreeting() throws IOException {
        ServerGreeting.await("Dovecot", port, "* OK", START_TIMEOUT, master::isAlive, this::log);
    }

    /** The LMTP socket that delivers into these mailboxes, for an MTA in front of them. */
    public Path lmtpSocket() {
        return runDir.resolve("lmtp");
    }

    /** The authentication socket an MTA asks to check its SMTP clients' sign-ins (Postfix: smtpd_sasl_type dovecot). */
    public Path authSocket() {
        return runDir.resolve("smtp-auth");
    }

    public int imapPort() {
        return port;
    }

    /** Where configuration, maildirs and log live. */
    public Path directory() {
        return dir;
    }

    /** Puts the raw message, byte for byte, into the user's INBOX as a new mail, as a local delivery agent would. */
    public void deliver(String user, byte[] rfc822) throws IOException {
        Path maildir = maildir(user, "INBOX");
        long now = System.currentTimeMillis();
        // maildir unique name: time, microseconds, process and a counter, then the host
        String name = (now / 1000) + ".M" + (now % 1000) * 1000 + "P" + ProcessHandle.current().pid() + "Q"
                + DELIVERIES.incrementAndGet() + ".mailbridge-test,S=" + rfc822.length;
        Path tmp = maildir.resolve("tmp").resolve(name);
        Files.write(tmp, rfc822);
        // Dovecot hard-links a message it copies to another folder, which Linux allows only to the file's owner
        giveToMailOwner(tmp);
        // written in tmp/, renamed into new/: Dovecot never sees a half-written mail
        Files.move(tmp, maildir.resolve("new").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Serialises the message and delivers it; see {@link #deliver(String, byte[])}. */
    public void deliver(String user, MimeMessage message) throws IOException {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            message.writeTo(out);
            deliver(user, out.toByteArray());
        } catch (jakarta.mail.MessagingException e) {
            throw new IOException("cannot write the message", e);
        }
    }

    /**
     * Messages in a folder as a client would see them after an expunge: files in {@code new/} and {@code cur/}
     * without the maildir flag T (flagged deleted, waiting for the expunge).
     */
    public int count(String user, String folder) {
        return files(user, folder).size();
    }

    /** The raw bytes of the messages {@link #count} counts, oldest file name first. */
    public List<byte[]> messages(String user, String folder) {
        List<byte[]> messages = new ArrayList<>();
        for (Path file : files(user, folder)) {
            try {
                messages.add(Files.readAllBytes(file));
            } catch (java.nio.file.NoSuchFileException gone) {
                // Dovecot moved it from new/ to cur/ or expunged it meanwhile: the caller asks again
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return messages;
    }

    /** The Subject headers of the messages {@link #count} counts. */
    public List<String> subjects(String user, String folder) {
        Session session = Session.getInstance(new Properties());
        List<String> subjects = new ArrayList<>();
        for (byte[] message : messages(user, folder)) {
            try (InputStream in = new ByteArrayInputStream(message)) {
                subjects.add(new MimeMessage(session, in).getSubject());
            } catch (Exception e) {
                subjects.add("?");
            }
        }
        return subjects;
    }

    /**
     * The maildir flags of every message file in a folder, those flagged deleted included ({@code ""} for a message
     * no client has flagged): {@code S} seen, {@code T} deleted, as in the file names.
     */
    public List<String> flags(String user, String folder) {
        List<String> flags = new ArrayList<>();
        for (String sub : List.of("new", "cur")) {
            try (Stream<Path> list = Files.list(maildir(user, folder).resolve(sub))) {
                list.map(f -> f.getFileName().toString()).forEach(name -> {
                    int info = name.indexOf(":2,");
                    flags.add(info < 0 ? "" : name.substring(info + 3));
                });
            } catch (java.nio.file.NoSuchFileException absent) {
                // a folder nobody created holds nothing
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return flags;
    }

    private List<Path> files(String user, String folder) {
        Path maildir = maildir(user, folder);
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("new", "cur")) {
            try (Stream<Path> list = Files.list(maildir.resolve(sub))) {
                list.filter(f -> !deleted(f.getFileName().toString())).forEach(files::add);
            } catch (java.nio.file.NoSuchFileException absent) {
                // a folder nobody created holds nothing
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        files.sort(Comparator.comparing(f -> f.getFileName().toString()));
        return files;
    }

    private static boolean deleted(String fileName) {
        int info = fileName.indexOf(":2,");
        return info >= 0 && fileName.indexOf('T', info + 3) >= 0;
    }

    private Path maildir(String user, String folder) {
        Path maildir = mailRoot.resolve(user).resolve("Maildir");
        return "INBOX".equalsIgnoreCase(folder) ? maildir : maildir.resolve("." + folder);
    }

    /** Dovecot's log, with whatever the master wrote to its standard output and error. */
    public String log() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("master.out", "dovecot.log")) {
            try {
                text.append(Files.readString(dir.resolve(name), StandardCharsets.UTF_8));
            } catch (IOException absent) {
                // not written yet
            }
        }
        return text.toString();
    }

    /** Successful IMAP logins of this user so far, from the log. */
    public int logins(String user) {
        Matcher m = Pattern.compile("imap-login: Info: Login: user=<" + Pattern.quote(user) + ">").matcher(log());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s); configuration, mail and log stay for inspection. */
    @Override
    public void close() {
        stopMaster();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        try {
            RunningApp.deleteRecursively(runDir);
        } catch (IOException e) {
            // sockets of a process that is still exiting: the temp dir is cleaned some other day
        }
    }

    private void stopMaster() {
        List<ProcessHandle> children = master.descendants().toList();
        master.destroy();
        try {
            if (master.waitFor(10, TimeUnit.SECONDS)) {
                // the master ends its children on SIGTERM; the log process writes the last lines first
                for (ProcessHandle child : children) {
                    child.onExit().get(5, TimeUnit.SECONDS);
                }
                return;
            }
            master.destroyForcibly();
            master.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // a child that outlived its master: ended below
        }
        // after a SIGKILL nobody ends the children for the master
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
