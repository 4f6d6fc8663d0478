package dev.portcullis.servers;

import dev.portcullis.jaxrs.conformance.ConformanceCases;
import dev.portcullis.jaxrs.conformance.ConformanceCases.Target;
import dev.portcullis.jaxrs.conformance.ConformanceWars;
import dev.portcullis.testkit.LocalIdp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConformanceCases} in a server embedded in the test JVM: the filter-only WAR and the
 * JAX-RS-only WAR (with Jersey in its {@code WEB-INF/lib}), deployed as exploded directories; then
 * undeploying them leaves no Portcullis thread, and a redeployed WAR serves again. A server module
 * subclasses this with the server to {@link #start}. The server runs for this class only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class EmbeddedConformanceSuite {
    private static final Duration THREADS_END = Duration.ofSeconds(5);

    private final LocalIdp idp = LocalIdp.start();
    private CapturedLog log;
    private EmbeddedServer server;
    private ConformanceCases cases;
    private Path filterWar;
    private Path jaxrsWar;
    private Target filter;
    private Target jaxrs;

    /** Starts the server under test; {@code work} is its own directory. */
    protected abstract EmbeddedServer start(Path work);

    @BeforeAll
    void startTheServerAndDeployBothWars() {
        Path work = Path.of(System.getProperty("portcullis.server.work", "target/server"));
        log = CapturedLog.install();
        long t0 = System.nanoTime();
        server = start(work.resolve("base"));
        long t1 = System.nanoTime();
        filterWar = ExplodedWars.explode(ConformanceWars.filterOnly(idp), work.resolve("wars"));
        jaxrsWar = ExplodedWars.explode(ExplodedWars.withJersey(ConformanceWars.jaxrsOnly(idp)), work.resolve("wars"));
        deployBoth();
        System.out.printf(
                "%s on 127.0.0.1:%d: started in %d ms, both WARs deployed in %d ms%n",
                server.name(), server.port(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        cases = new ConformanceCases(idp, log);
    }

    private void deployBoth() {
        filter =
                new Target("filter-only WAR", server.deploy(ConformanceWars.FILTER, filterWar), ConformanceWars.FILTER);
        jaxrs = new Target("JAX-RS-only WAR", server.deploy(ConformanceWars.JAXRS, jaxrsWar), ConformanceWars.JAXRS);
    }

    @AfterAll
    void stopTheServer() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            idp.close();
            if (log != null) {
                log.close();
            }
        }
    }

    static List<String> cases() {
        return ConformanceCases.names();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filterOnlyWarAnswersLikeEveryAdapter(String name) {
        cases.check(name, filter);
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jaxrsOnlyWarWithJerseyAnswersLikeEveryAdapter(String name) {
        cases.check(name, jaxrs);
    }

    @Order(3)
    @Test
    void undeployingBothWarsLeavesNoPortcullisThreadAndARedeployServesAgain() {
        for (int round = 1; round <= 2; round++) {
            cases.check("principal named by preferred_username, roles from groups", filter);
            cases.check("principal named by preferred_username, roles from groups", jaxrs);
            assertThat(ConformanceCases.threadsOfThisJvm().get())
                    .as("round %d: the key fetchers ran", round)
                    .anyMatch(n -> n.startsWith(ConformanceCases.THREAD_PREFIX));
            server.undeploy(ConformanceWars.FILTER);
            server.undeploy(ConformanceWars.JAXRS);
            ConformanceCases.assertNoPortcullisThread(
                    "undeploying both WARs (round " + round + ")", ConformanceCases.threadsOfThisJvm(), THREADS_END);
            if (round == 1) {
                deployBoth();
            }
        }
    }
}
