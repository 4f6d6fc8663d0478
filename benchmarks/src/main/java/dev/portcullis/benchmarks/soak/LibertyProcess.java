package dev.portcullis.benchmarks.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Open Liberty as a child process ({@code bin/server run <name>} with {@code WLP_USER_DIR} set), its console
 * output in a log file; as the demo's launcher does it. {@link #stop()} is idempotent and safe from a shutdown hook.
 */
final class LibertyProcess {
    private final Path wlp;
    private final Path userDir;
    private final String name;
    private final Map<String, String> env;
    private Process process;

    LibertyProcess(Path wlp, Path userDir, String name, Map<String, String> env) {
        this.wlp = wlp;
        this.userDir = userDir;
        this.name = name;
        this.env = env;
    }

    Path consoleLog() {
        return userDir.resolve("servers").resolve(name).resolve("soak-console.log");
    }

    synchronized void start() throws IOException {
        Path script = wlp.resolve("bin/server");
        if (!Files.isExecutable(script)) {
            throw new IOException("Open Liberty not found at " + wlp + ": run benchmarks/soak/run.sh, which builds it");
        }
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "run", name)
                .redirectErrorStream(true)
                .redirectOutput(consoleLog().toFile());
        pb.environment().putAll(env);
        pb.environment().put("WLP_USER_DIR", userDir.toAbsolutePath().toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        process = pb.start();
    }

    /** The process id of Liberty's JVM: the child itself if the script exec'ed java, else its java descendant. */
    synchronized Optional<Long> jvmPid() {
        if (process == null || !process.isAlive()) {
            return Optional.empty();
        }
        if (isJava(process.toHandle())) {
            return Optional.of(process.pid());
        }
        return process.descendants()
                .filter(LibertyProcess::isJava)
                .map(ProcessHandle::pid)
                .findFirst();
    }

    private static boolean isJava(ProcessHandle handle) {
        return handle.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            ProcessBuilder stop = new ProcessBuilder(wlp.resolve("bin/server").toString(), "stop", name)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            stop.environment().put("WLP_USER_DIR", userDir.toAbsolutePath().toString());
            stop.environment().put("JAVA_HOME", System.getProperty("java.home"));
            stop.start().waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            // fall through to destroying the process
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }
}
