package dev.portcullis.keycloak;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Keycloak distribution run as a child process on {@code 127.0.0.1} in development mode
 * ({@code kc.sh start-dev}: embedded H2 database in {@code <home>/data}, so keys and realms survive
 * a {@link #restart()}).
 *
 * <ul>
 *   <li>{@link #start()} returns once {@code /realms/master} answers 200, or fails after
 *       {@link #START_TIMEOUT} (or as soon as the process exits) with the end of the log.</li>
 *   <li>{@link #stop()} sends SIGTERM to the whole process tree ({@code kc.sh} and its JVM), waits
 *       for a graceful shutdown, then kills what is left. A JVM shutdown hook does the same.</li>
 *   <li>Keycloak does not outlive the test JVM even when that is killed outright (SIGKILL, no hook
 *       runs): it is started under a small shell watchdog that reads the pipe to its standard input,
 *       which only this JVM holds open, and sends SIGTERM to {@code kc.sh} when the pipe closes.</li>
 *   <li>Output (both streams, every start) is appended to the log file.</li>
 * </ul>
 *
 * <p>Not thread-safe beyond what {@code synchronized} gives; tests start and stop it from one thread.
 */
final class KeycloakServer implements AutoCloseable {
    /** Longest wait for a start: the first boot of a fresh unpack builds Keycloak first. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    /** Longest wait for a graceful stop before the process tree is killed. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** The bootstrap administrator, created in {@code master} by the first boot of a data directory. */
    static final String ADMIN_USER = "admin";

    static final String ADMIN_PASSWORD = "admin";

    /**
     * Runs its arguments ({@code kc.sh ...}) with stdin from /dev/null, and SIGTERMs them (kc.sh
     * forwards it to its JVM) when its own stdin, the pipe from this JVM, reaches end of file: when
     * this JVM exits, however it exits. Background jobs of a script read /dev/null unless told
     * otherwise, hence fd 3.
     */
    private static final String WATCHDOG = String.join(
            "\n",
            "exec 3<&0 0</dev/null",
            "\"$@\" 3<&- &",
            "kc=$!",
            "{ cat <&3 >/dev/null; kill -TERM \"$kc\" 2>/dev/null; } &",
            "watcher=$!",
            "exec 3<&-",
            "wait \"$kc\"",
            "status=$?",
            "kill \"$watcher\" 2>/dev/null",
            "exit \"$status\"");

    private final Path home;
    private final int port;
    private final Path log;
    private final String heap;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    private final List<Start> starts = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::killTree, "keycloak-shutdown-hook");
    private boolean hookInstalled;
    private volatile Process process; // read without the lock by the shutdown hook

    KeycloakServer(Path home, int port, Path log, String heap) {
        this.home = home.toAbsolutePath().normalize();
        this.port = port;
        this.log = log.toAbsolutePath().normalize();
        this.heap = Objects.requireNonNull(heap, "heap");
        if (!Files.isRegularFile(this.home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution in " + this.home
                    + " (run the build: mvn verify unpacks it in pre-integration-test)");
        }
    }

    /**
     * The server the build describes: system properties {@code keycloak.home}, {@code keycloak.port}
     * (reserved by build-helper; a free port when absent, e.g. in an IDE), {@code keycloak.log} and
     * {@code keycloak.heap} (default {@code -Xms64m -Xmx512m}).
     */
    static KeycloakServer fromSystemProperties() {
        String home = System.getProperty("keycloak.home");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("system property keycloak.home is not set: run the ITs with"
                    + " mvn verify (Failsafe sets it), or set it to an unpacked Keycloak distribution");
        }
        String port = System.getProperty("keycloak.port", "");
        String log = System.getProperty("keycloak.log", "target/keycloak.log");
        return new KeycloakServer(
                Path.of(home),
                port.isBlank() ? freePort() : Integer.parseInt(port),
                Path.of(log),
                System.getProperty("keycloak.heap", "-Xms64m -Xmx512m"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    /**
     * One start.
     *
     * @param took from launching {@code kc.sh} to the first 200 from {@code /realms/master}
     * @param built whether Keycloak built itself first (the first start of a fresh unpack)
     */
    record Start(Duration took, boolean built) {}

    /** Every start so far, in order. */
    synchronized List<Start> starts() {
        return List.copyOf(starts);
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts Keycloak and waits until it serves requests.
     *
     * @return how long the start took
     * @throws IllegalStateException if it is running already, exits, or is not ready in time
     */
    synchronized Start start() {
        if (isRunning()) {
            throw new IllegalStateException("Keycloak is already running on port " + port);
        }
        installShutdownHook();
        Instant begin = Instant.now();
        long logOffset;
        try {
            Files.createDirectories(log.getParent());
            logOffset = Files.exists(log) ? Files.size(log) : 0;
            Files.writeString(
                    log,
                    "==== " + begin + " kc.sh start-dev on 127.0.0.1:" + port + " ====\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(
                            "/bin/sh",
                            "-c",
                            WATCHDOG,
                            "keycloak-watchdog",
                            "/bin/sh",
                            home.resolve("bin/kc.sh").toString(),
                            "start-dev",
                            "--http-host=127.0.0.1",
                            "--http-port=" + port)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())); // stdin: a pipe, see WATCHDOG
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("KC_")); // a developer's own Keycloak settings
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.remove("JAVA_OPTS"); // kc.sh's own defaults, with our heap
            env.put("JAVA_OPTS_KC_HEAP", heap);
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + home.resolve("bin/kc.sh"), e);
        }
        try {
            awaitReady(begin.plus(START_TIMEOUT));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        Start start = new Start(
                Duration.between(begin, Instant.now()), logSince(logOffset).contains("augmentation completed"));
        starts.add(start);
        return start;
    }

    private void awaitReady(Instant deadline) {
        HttpRequest probe = HttpRequest.newBuilder(baseUri().resolve("/realms/master"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with status " + process.exitValue()
                        + " while starting; end of " + log + ":\n" + tail(40));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Keycloak did not answer on " + baseUri() + " within "
                        + START_TIMEOUT.toSeconds() + " s; end of " + log + ":\n" + tail(40));
            }
            try {
                // the process offers nothing to wait on; poll the port, like any client would
                process.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
        }
    }

    /** Stops Keycloak gracefully (the H2 database stays consistent for the next start). Idempotent. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = tree(process.toHandle());
        tree.forEach(ProcessHandle::destroy); // SIGTERM; kc.sh forwards it to its JVM, too
        if (!awaitExit(tree, STOP_TIMEOUT)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, Duration.ofSeconds(10));
        }
        reap();
        process = null;
    }

    /** Stops and starts again on the same port and data directory. */
    synchronized Start restart() {
        stop();
        return start();
    }

    /** Stops Keycloak and removes the shutdown hook. */
    @Override
    public synchronized void close() {
        stop();
        if (hookInstalled) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or ran already
            }
            hookInstalled = false;
        }
    }

    private void installShutdownHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            hookInstalled = true;
        }
    }

    /** The shutdown hook: no locking (a test thread may hold the lock), short waits. */
    private void killTree() {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = tree(p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        if (!awaitExit(tree, Duration.ofSeconds(10))) {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private void reap() {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    private static boolean awaitExit(List<ProcessHandle> handles, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : handles) {
            long left = deadline - System.nanoTime();
            if (left <= 0 && handle.isAlive()) {
                return false;
            }
            try {
                handle.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                // cannot happen: onExit never fails
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private String logSince(long offset) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(Math.min(offset, file.length()));
            byte[] bytes = new byte[(int) Math.min(file.length() - file.getFilePointer(), 1 << 20)];
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return "Keycloak[" + baseUri() + ", " + home + "]";
    }
}
