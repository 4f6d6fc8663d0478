package dev.portcullis.servers.managed;

import org.jboss.shrinkwrap.api.exporter.ExplodedExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Payara Micro ({@code java -jar payara-micro.jar}) on 127.0.0.1, the WARs given exploded with
 * {@code --deploy}, everything it writes (root directory, unpacked runtime) under one work
 * directory emptied first. No clustering (no Hazelcast discovery traffic), no phone-home.
 *
 * <ul>
 *   <li>There is no bind-address flag: a pre-boot command sets the HTTP listener's address.</li>
 *   <li>Its log goes to standard output, through a logging.properties of ours
 *       ({@code --logproperties}): one line per record, {@code dev.portcullis} at FINE (DEBUG).</li>
 *   <li>Ready: "Payara Micro ... ready in", logged after the {@code --deploy} WARs are deployed;
 *       each WAR must have logged "was successfully deployed".</li>
 *   <li>Redeploy: with {@code --nocluster} there is no admin channel (no asadmin, no API from outside
 *       the process); the one way from outside is the documented one for an exploded WAR, a
 *       {@code .reload} file in its root whose timestamp changes. Hence the WARs are exploded.</li>
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

    static final Duration REDEPLOY_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final int port;
    private final ServerProcess process;
    private final LogFile log;
    private final Path warDir;

    private PayaraMicroServer(String name, int port, ServerProcess process, LogFile log, Path warDir) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.warDir = warDir;
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
            throw new IllegalStateException(
                    "no Payara Micro at " + jar + " (mvn verify copies it in pre-integration-test)");
        }
        Directories.fresh(workDir);
        int port = FreePorts.take(1).get(0);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                jar.toString(),
                "--nocluster",
                "--disablephonehome",
                "--port",
                Integer.toString(port),
                "--rootdir",
                directory(workDir.resolve("root")).toString(), // must exist beforehand
                "--unpackdir",
                directory(workDir.resolve("unpack")).toString(),
                "--prebootcommandfile",
                write(workDir.resolve("preboot.txt"), BIND_LOOPBACK).toString(),
                "--logproperties",
                write(workDir.resolve("logging.properties"), LOGGING).toString()));
        Path warDir = directory(workDir.resolve("wars"));
        for (WebArchive war : wars) {
            // the directory's name is the application's name and context root
            File root = war.as(ExplodedExporter.class).exportExploded(warDir.toFile(), context(war.getName()));
            command.addAll(List.of("--deploy", root.toString()));
        }
        Path output = workDir.resolve("payara.log");
        PayaraMicroServer server = new PayaraMicroServer(
                "Payara Micro " + System.getProperty("payara.micro.version", "(version unknown)"),
                port,
                ServerProcess.start("payara-micro", command, workDir, Map.of(), output),
                new LogFile(output),
                warDir);
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
            if (deployments(lines, context(war.getName())) == 0) {
                throw new IllegalStateException(
                        war.getName() + " was not deployed on Payara Micro; end of " + log + ":\n" + process.tail(60));
            }
        }
    }

    private static String context(String warName) {
        return warName.replaceFirst("\\.war$", "");
    }

    /** How many times the application {@code context} logged that it was deployed. */
    private static long deployments(List<String> lines, String context) {
        String deployed = context + " was successfully deployed";
        return lines.stream().filter(l -> l.contains(deployed)).count();
    }

    /**
     * Through each exploded WAR's {@code .reload} file (touched: Payara watches its timestamp), which
     * makes Payara undeploy the application and deploy it anew; {@code between} runs once every one
     * logged its new deployment, before any request. Payara has no undeploy on its own from outside.
     */
    @Override
    public void redeploy(List<String> contexts, Runnable between) {
        List<String> before = log.lines();
        Map<String, Long> counts = new LinkedHashMap<>();
        FileTime now = FileTime.fromMillis(System.currentTimeMillis());
        try {
            for (String context : contexts) {
                counts.put(context, deployments(before, context));
                Path reload = warDir.resolve(context).resolve(".reload");
                if (!Files.exists(reload)) {
                    Files.createFile(reload);
                }
                Files.setLastModifiedTime(reload, now);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean redeployed = Waits.until(
                process.output().getParent(),
                REDEPLOY_TIMEOUT,
                () -> {
                    List<String> lines = log.lines();
                    return counts.entrySet().stream().allMatch(e -> deployments(lines, e.getKey()) > e.getValue());
                },
                process::isAlive);
        if (!redeployed) {
            throw new IllegalStateException(contexts + " not redeployed on Payara Micro within "
                    + REDEPLOY_TIMEOUT.toSeconds() + " s; end of " + log + ":\n" + process.tail(60));
        }
        between.run();
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
