package io.mailbridge.bench;

import io.mailbridge.support.ChildJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** mailbridge in a JVM of its own, started as {@code java -jar} would start it, whose peak resident memory is tracked. */
final class MailbridgeProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private long peakRssKb;

    /** @param home the working directory; the log goes to {@code home/mailbridge.log} */
    MailbridgeProcess(Path home, Path config, String... jvmOptions) throws IOException {
        log = home.resolve("mailbridge.log");
        process = ChildJvm.start(home, config, log, jvmOptions);
    }

    /** Reads the resident memory now; call it often (every 100 ms) while the work runs. */
    void sample() {
        peakRssKb = Math.max(peakRssKb, status("VmRSS:"));
    }

    /** The highest resident memory seen, including the kernel's own high-water mark while the process lives. */
    long peakRssMb() {
        sample();
        peakRssKb = Math.max(peakRssKb, status("VmHWM:"));
        return peakRssKb >> 10;
    }

    /**
     * The CPU time the process has used so far (user and system, from {@code /proc/<pid>/stat}, in the kernel's clock
     * ticks of 10 ms), in milliseconds.
     */
    long cpuMillis() {
        return cpuMillis(process.pid());
    }

    /** The same for any process. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name in parentheses may hold spaces: the fields counted from after it
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    private long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has ended
        }
        return 0;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
