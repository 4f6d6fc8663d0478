package dev.portcullis.servers.managed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server run as a child process, its output (both streams) appended to one file.
 *
 * <ul>
 *   <li>{@link #close()} sends SIGTERM to the whole process tree (a launcher script and its JVM),
 *       waits up to {@link #STOP_TIMEOUT} for a clean exit, then kills what is left. A JVM
 *       shutdown hook does the same if the test JVM exits first.</li>
 *   <li>The server does not outlive the test JVM even when that is killed outright (no hook runs):
 *       it runs under a small shell watchdog that reads the pipe to its standard input, which only
 *       this JVM holds open, and sends SIGTERM to the server when the pipe closes.</li>
 * </ul>
 */
final class ServerProcess implements AutoCloseable {
    /** Longest wait for a clean stop before the process tree is killed. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    /**
     * Runs its arguments with stdin from /dev/null, and SIGTERMs them when its own stdin (the pipe
     * from this JVM) reaches end of file. Background jobs of a script read /dev/null unless told
     * otherwise, hence fd 3.
     */
    private static final String WATCHDOG = String.join(
            "\n",
            "exec 3<&0 0</dev/null",
            "\"$@\" 3<&- &",
            "server=$!",
            "{ cat <&3 >/dev/null; kill -TERM \"$server\" 2>/dev/null; } &",
            "watcher=$!",
            "exec 3<&-",
            "wait \"$server\"",
            "status=$?",
            "kill \"$watcher\" 2>/dev/null",
            "exit \"$status\"");

    private final String name;
    private final Process process;
    private final Path output;
    private final Thread shutdownHook;

    private ServerProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.shutdownHook = new Thread(() -> stop(Duration.ofSeconds(10)), name + "-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code command} in {@code directory} with {@code environment} added to this JVM's,
     * appending its output to {@code output}.
     */
    static ServerProcess start(
            String name, List<String> command, Path directory, Map<String, String> environment, Path output) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, name + "-watchdog"));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())); // stdin: a pipe, see WATCHDOG
        builder.environment().remove("JAVA_OPTS"); // a developer's own settings
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(output.getParent());
            return new ServerProcess(name, builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code timeout} for the process to exit on its own; true if it did. */
    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The file the process writes its output to. */
    Path output() {
        return output;
    }

    /** The last {@code count} lines of the output, for failure messages. */
    String tail(int count) {
        try {
            List<String> all = Files.readAllLines(output, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
        } catch (IOException e) {
            return "(" + output + " unreadable: " + e + ")";
        }
    }

    /** Stops the process tree; idempotent. */
    @Override
    public void close() {
        stop(STOP_TIMEOUT);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran already
        }
    }

    private void stop(Duration timeout) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.toHandle().descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy); // SIGTERM
        if (!awaitExit(tree, timeout)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, Duration.ofSeconds(10));
        }
    }

    private static boolean awaitExit(List<ProcessHandle> handles, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : handles) {
            try {
                handle.onExit().get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e); // onExit never fails
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", output " + output + ")";
    }
}
