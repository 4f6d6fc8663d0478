package dev.portcullis.servers.managed;

import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Payara Micro ({@code java -jar payara-micro.jar}) on 127.0.0.1, the WARs given with
 * {@code --deploy}, everything it writes (root directory, unpacked runtime) under one work
 * directory emptied first. No clustering (no Hazelcast discovery traffic), no phone-home.
 *
 * <ul>
 *   <li>There is no bind-address flag: a pre-boot command sets the HTTP listener's address.</li>
 *   <li>Its log goes to standard output, through a logging.properties of ours
 *       ({@code --logproperties}): one line per record, {@code dev.portcullis} at FINE (DEBUG).</li>
 *   <li>Ready: "Payara Micro ... ready in", logged after the {@code --deploy} WARs are deployed;
 *       each WAR must have logged "was successfully deployed".</li>
 * </ul>
 */
final class PayaraMicroServer implements ManagedServer {
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern READY = Pattern.compile("Payara Micro .* ready in ");
    private static final String BIND_LOOPBACK =
            "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1\n";
    private static final String LOGGING = """
            handlers=java.util.logging.ConsoleHandler
            java.util.logging.ConsoleHandler.level=ALL
            java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter
            java.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$s [%3$s] %5$s%6$s%n
            .level=INFO
            dev.portcullis.level=FINE
            """;

    private final String name;
    private final int port;
    private final ServerProcess process;
    private final LogFile log;

    private PayaraMicroServer(String name, int port, ServerProcess process, LogFile log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the Payara Micro {@code jar} in {@code workDir} (emptied first) with {@code wars}
     * deployed; returns once it is ready and every WAR deployed.
     *
     * @throws IllegalStateException if Payara exits, a WAR is not deployed, or the start takes too
     *                               long; Payara is stopped then
     */
    static PayaraMicroServer start(Path jar, Path workDir, List<WebArchive> wars) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no Payara Micro at " + jar + " (mvn verify copies it in pre-integration-test)");
        }
        Directories.fresh(workDir);
        int port = FreePorts.take(1).get(0);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(),
                "--nocluster", "--disablephonehome",
                "--port", Integer.toString(port),
                "--rootdir", directory(workDir.resolve("root")).toString(), // must exist beforehand
                "--unpackdir", directory(workDir.resolve("unpack")).toString(),
                "--prebootcommandfile", write(workDir.resolve("preboot.txt"), BIND_LOOPBACK).toString(),
                "--logproperties", write(workDir.resolve("logging.properties"), LOGGING).toString()));
        Path warDir = directory(workDir.resolve("wars"));
        for (WebArchive war : wars) {
            Path file = warDir.resolve(war.getName());
            war.as(ZipExporter.class).exportTo(file.toFile(), true);
            command.addAll(List.of("--deploy", file.toString()));
        }
        Path output = workDir.resolve("payara.log");
        PayaraMicroServer server = new PayaraMicroServer("Payara Micro " + System.getProperty("payara.micro.version", "(version unknown)"), port,
                ServerProcess.start("payara-micro", command, workDir, Map.of(), output), new LogFile(output));
        try {
            server.awaitReady(wars);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void awaitReady(List<WebArchive> wars) {
        if (!log.await(l -> READY.matcher(l).find(), START_TIMEOUT, process::isAlive)) {
            throw new IllegalStateException("Payara Micro was not ready within " + START_TIMEOUT.toSeconds() + " s"
                    + (process.isAlive() ? "" : " (it exited)") + "; end of " + log + ":\n" + process.tail(60));
        }
        List<String> lines = log.lines();
        for (WebArchive war : wars) {
            String deployed = war.getName().replaceFirst("\\.war$", "") + " was successfully deployed";
            if (lines.stream().noneMatch(l -> l.contains(deployed))) {
                throw new IllegalStateException(war.getName() + " was not deployed on Payara Micro; end of " + log + ":\n"
                        + process.tail(60));
            }
        }
    }

    private static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public LogFile log() {
        return log;
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return name + " on 127.0.0.1:" + port;
    }
}
