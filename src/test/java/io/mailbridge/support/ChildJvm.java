package io.mailbridge.support;

import io.mailbridge.Application;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** mailbridge in a JVM of its own on the test class path, started as {@code java -jar} would start it. */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** Starts mailbridge in {@code home} with that configuration file; its output goes to {@code log}. */
    public static Process start(Path home, Path config, Path log, String... jvmOptions) throws IOException {
        return startOn(System.getProperty("java.class.path"), home, config, log, jvmOptions);
    }

    /** The same on that class path (the packaged application's, say, without the test class path). */
    public static Process startOn(String classPath, Path home, Path config, Path log, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classPath, "-Dmailbridge.config=" + config, Application.class.getName()));
        return new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGKILL: no shutdown hook, no cleanup; returns once the process is gone. */
    public static void kill(Process process) {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
