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

/**
 * A WildFly distribution ({@code bin/standalone.sh}, the default {@code standalone.xml}) started on
 * 127.0.0.1 with its own server base directory, so every start is fresh and the unpacked
 * distribution is never written to. The WARs are in {@code deployments/} before boot, so the
 * deployment scanner deploys them during boot, without its scan delay.
 *
 * <p>The changes to {@code standalone.xml}: loggers, so that {@code server.log} (the file handler
 * has no level of its own) holds Portcullis' DEBUG lines and the TRACE line with which WildFly's
 * MicroProfile JWT subsystem says that it activates for a deployment (the console handler stays at
 * INFO); and the deployment scanner's interval, 500 ms instead of 5 s, so that {@link #redeploy}
 * through the scanner's marker files takes about a second.
 */
final class WildFlyServer implements ManagedServer {
    /** The configuration file written into the base directory, next to WildFly's own. */
    static final String CONFIG = "portcullis-it.xml";
    /** What WildFly's MicroProfile JWT subsystem logs (TRACE) when a deployment turns it on. */
    static final String JWT_ACTIVATION = "Activating JWT for deployment";

    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(60);

    private static final String LOGGER_ANCHOR = "<logger category=\"com.arjuna\">";
    private static final String LOGGERS = """
            <logger category="dev.portcullis">
                            <level name="DEBUG"/>
                        </logger>
                        <logger category="org.wildfly.extension.microprofile.jwt.smallrye">
                            <level name="TRACE"/>
                        </logger>
                        """;

    private static final String SCAN_INTERVAL = "scan-interval=\"5000\"";
    private static final String FAST_SCAN_INTERVAL = "scan-interval=\"500\"";

    private final String version;
    private final int port;
    private final ServerProcess process;
    private final LogFile log;

    private final Path deployments;

    private WildFlyServer(String version, int port, ServerProcess process, LogFile log, Path deployments) {
        this.version = version;
        this.port = port;
        this.process = process;
        this.log = log;
        this.deployments = deployments;
    }

    /**
     * Starts the WildFly unpacked in {@code home}, its base directory {@code base} (emptied first),
     * with {@code wars} deployed; returns once every WAR is deployed.
     *
     * @throws IllegalStateException if WildFly exits, a WAR fails to deploy, or either takes too long;
     *                               WildFly is stopped then
     */
    static WildFlyServer start(Path home, Path base, List<WebArchive> wars) {
        if (!Files.isRegularFile(home.resolve("bin/standalone.sh"))) {
            throw new IllegalStateException(
                    "no WildFly in " + home + " (mvn verify unpacks it in pre-integration-test)");
        }
        Directories.fresh(base);
        Path configuration = base.resolve("configuration");
        Directories.copyFiles(home.resolve("standalone/configuration"), configuration);
        writeConfig(configuration);
        Path deployments = base.resolve("deployments");
        List<String> names = new ArrayList<>();
        for (WebArchive war : wars) {
            try {
                Files.createDirectories(deployments);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            war.as(ZipExporter.class)
                    .exportTo(deployments.resolve(war.getName()).toFile(), true);
            names.add(war.getName());
        }
        List<Integer> ports = FreePorts.take(4);
        List<String> command = List.of(
                "/bin/sh",
                home.resolve("bin/standalone.sh").toString(),
                "-c",
                CONFIG,
                "-b",
                "127.0.0.1",
                "-bmanagement",
                "127.0.0.1",
                "-Djboss.server.base.dir=" + base,
                "-Djboss.http.port=" + ports.get(0),
                "-Djboss.https.port=" + ports.get(1),
                "-Djboss.management.http.port=" + ports.get(2),
                "-Djboss.management.https.port=" + ports.get(3));
        // in the background, standalone.sh passes SIGTERM on to the JVM, which then shuts down cleanly
        ServerProcess process = ServerProcess.start(
                "wildfly", command, base, Map.of("LAUNCH_JBOSS_IN_BACKGROUND", "1"), base.resolve("console.log"));
        WildFlyServer server = new WildFlyServer(
                home.getFileName().toString(),
                ports.get(0),
                process,
                new LogFile(base.resolve("log/server.log")),
                deployments);
        try {
            server.awaitStarted();
            for (String name : names) {
                server.awaitDeployed(name);
            }
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static void writeConfig(Path configuration) {
        try {
            String xml = Files.readString(configuration.resolve("standalone.xml"), StandardCharsets.UTF_8);
            if (!xml.contains(LOGGER_ANCHOR)) {
                throw new IllegalStateException(
                        "standalone.xml has no " + LOGGER_ANCHOR + " to put the test loggers before");
            }
            if (!xml.contains(SCAN_INTERVAL)) {
                throw new IllegalStateException("standalone.xml has no deployment scanner with " + SCAN_INTERVAL);
            }
            Files.writeString(
                    configuration.resolve(CONFIG),
                    xml.replace(LOGGER_ANCHOR, LOGGERS.strip() + "\n            " + LOGGER_ANCHOR)
                            .replace(SCAN_INTERVAL, FAST_SCAN_INTERVAL),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** WFLYSRV0025 "started in", or WFLYSRV0026 "started (with errors)" which fails. */
    private void awaitStarted() {
        boolean started =
                log.await(l -> l.contains("WFLYSRV0025") || l.contains("WFLYSRV0026"), START_TIMEOUT, process::isAlive);
        if (!started) {
            throw new IllegalStateException("WildFly did not start within " + START_TIMEOUT.toSeconds() + " s"
                    + (process.isAlive() ? "" : " (it exited)") + "; end of " + process.output() + ":\n"
                    + process.tail(40));
        }
        if (log.lines().stream().anyMatch(l -> l.contains("WFLYSRV0026"))) {
            throw new IllegalStateException("WildFly started with errors; end of " + log + ":\n" + process.tail(60));
        }
    }

    /** The scanner's marker: {@code <war>.deployed}, or {@code <war>.failed} with the reason in it. */
    private void awaitDeployed(String war) {
        Path deployed = deployments.resolve(war + ".deployed");
        Path failed = deployments.resolve(war + ".failed");
        Waits.until(
                deployments, DEPLOY_TIMEOUT, () -> Files.exists(deployed) || Files.exists(failed), process::isAlive);
        if (Files.exists(failed)) {
            String reason;
            try {
                reason = Files.readString(failed, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                reason = e.toString();
            }
            throw new IllegalStateException(war + " failed to deploy on WildFly: " + reason);
        }
        if (!Files.exists(deployed)) {
            throw new IllegalStateException(war + " not deployed on WildFly within " + DEPLOY_TIMEOUT.toSeconds()
                    + " s; end of " + log + ":\n" + process.tail(40));
        }
    }

    /**
     * Through the deployment scanner's markers: deleting {@code <war>.deployed} undeploys the WAR
     * (the scanner writes {@code <war>.undeployed}); {@code <war>.dodeploy} deploys it again.
     */
    @Override
    public void redeploy(List<String> contexts, Runnable between) {
        List<String> wars = contexts.stream().map(c -> c + ".war").toList();
        try {
            for (String war : wars) {
                Files.deleteIfExists(deployments.resolve(war + ".undeployed")); // from an earlier redeploy
                Files.delete(deployments.resolve(war + ".deployed"));
            }
            for (String war : wars) {
                Path undeployed = deployments.resolve(war + ".undeployed");
                if (!Waits.until(deployments, DEPLOY_TIMEOUT, () -> Files.exists(undeployed), process::isAlive)) {
                    throw new IllegalStateException(war + " not undeployed on WildFly within "
                            + DEPLOY_TIMEOUT.toSeconds() + " s; end of " + log + ":\n" + process.tail(40));
                }
            }
            between.run();
            for (String war : wars) {
                Files.createFile(deployments.resolve(war + ".dodeploy"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        wars.forEach(this::awaitDeployed);
    }

    @Override
    public String name() {
        return version;
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
        return name() + " on 127.0.0.1:" + port;
    }
}
