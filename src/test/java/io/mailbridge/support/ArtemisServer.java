package io.mailbridge.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone ActiveMQ Artemis broker in a process of its own, from the distribution the build unpacks into
 * {@code target/artemis}: an instance made by {@code artemis create} (NIO journal, no web console, one user, its own
 * port on loopback), given mailbridge's queues and address settings from {@code broker/mailbridge-broker.xml} exactly
 * as the README tells an operator, run by {@code artemis run}, and killed when the test stops it or the JVM exits.
 */
public final class ArtemisServer implements AutoCloseable {

    /** The fragment an operator pastes into broker.xml; the tests use the same file. */
    public static final Path FRAGMENT = Path.of("broker/mailbridge-broker.xml");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path instance;
    private final int port;
    private Process process;
    private final Thread killer;

    private ArtemisServer(Path instance, int port) {
        this.instance = instance;
        this.port = port;
        this.killer = new Thread(this::kill, "artemis-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** The unpacked distribution ({@code target/artemis/apache-artemis-<version>}). */
    public static Path distribution() throws IOException {
        try (var dirs = Files.list(Path.of("target/artemis"))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("apache-artemis-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Artemis under target/artemis: run the build "
                            + "(mvn generate-test-resources unpacks org.apache.activemq:apache-artemis:tar.gz:bin)"))
                    .toAbsolutePath();
        }
    }

    /**
     * Makes a broker instance in {@code instance} (a new folder) for this user and starts it.
     *
     * @param withMailbridgeQueues whether mailbridge's queues and address settings are added to its broker.xml
     */
    public static ArtemisServer start(Path instance, String user, String password, boolean withMailbridgeQueues)
            throws Exception {
        int port = RunningApp.freePort();
        Path dist = distribution();
        Process create = new ProcessBuilder(List.of(dist.resolve("bin/artemis").toString(), "create", instance.toAbsolutePath().toString(),
                "--silent", "--force", "--nio", "--no-web", "--require-login", "--user", user, "--password", password,
                "--host", "127.0.0.1", "--default-port", String.valueOf(port), "--no-autocreate", "--no-amqp-acceptor",
                "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor"))
                .redirectErrorStream(true).redirectOutput(Files.createDirectories(instance.getParent()).resolve(
                        instance.getFileName() + "-create.log").toFile()).start();
        if (!create.waitFor(120, TimeUnit.SECONDS) || create.exitValue() != 0) {
            create.destroyForcibly();
            throw new IllegalStateException("artemis create failed; see " + instance.getParent().resolve(instance.getFileName() + "-create.log"));
        }
        Path brokerXml = instance.resolve("etc/broker.xml");
        String xml = Files.readString(brokerXml);
        // a test machine's disk may be fuller than the default 90 %; the broker would then refuse every message
        xml = xml.replace("<max-disk-usage>90</max-disk-usage>", "<max-disk-usage>-1</max-disk-usage>");
        if (withMailbridgeQueues) {
            xml = withFragment(xml, Files.readString(FRAGMENT));
        }
        Files.writeString(brokerXml, xml);
        ArtemisServer server = new ArtemisServer(instance, port);
        server.run();
        return server;
    }

    /** The address settings and addresses of the fragment, pasted into broker.xml's own sections. */
    static String withFragment(String brokerXml, String fragment) {
        String result = brokerXml;
        // the fragment's comments name the sections too
        String elements = fragment.replaceAll("(?s)<!--.*?-->", "");
        for (String section : List.of("address-settings", "addresses")) {
            Matcher m = Pattern.compile("<" + section + ">(.*?)</" + section + ">", Pattern.DOTALL).matcher(elements);
            if (!m.find()) {
                throw new IllegalStateException(FRAGMENT + " has no <" + section + ">");
            }
            String end = "</" + section + ">";
            int at = result.lastIndexOf(end);
            if (at < 0) {
                throw new IllegalStateException("broker.xml has no " + end);
            }
            result = result.substring(0, at) + m.group(1) + result.substring(at);
        }
        return result;
    }

    /** Runs the instance (again, after {@link #kill}) and waits until it accepts connections. */
    public synchronized void run() throws Exception {
        Path log = instance.resolve("log/run.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run")
                .directory(instance.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // small heap: the broker shares the machine with two mailbridge JVMs, a mail server and the database
        builder.environment().put("JAVA_ARGS", "-Xms64m -Xmx384m -XX:+UseSerialGC -Dlog4j2.disableJmx=true "
                + "--add-opens java.base/jdk.internal.misc=ALL-UNNAMED");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        process = builder.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Artemis broker stopped at its start; see " + log);
            }
            String tail = Files.readString(log).substring((int) logStart);
            if (tail.contains("AMQ221007") && accepts()) {
                return;
            }
            Thread.sleep(200);
        }
        kill();
        throw new IllegalStateException("the Artemis broker did not start within " + START_TIMEOUT + "; see " + log);
    }

    private boolean accepts() {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** The URL mailbridge's {@code broker-url} takes. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The broker's process id (the {@code artemis} script execs the JVM). */
    public long pid() {
        return process.pid();
    }

    public Path instance() {
        return instance;
    }

    /** SIGKILL, and waits until the process is gone. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is exiting; the hook runs anyway
        }
    }
}
