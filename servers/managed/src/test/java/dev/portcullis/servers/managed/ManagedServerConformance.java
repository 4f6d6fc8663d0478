package dev.portcullis.servers.managed;

import dev.portcullis.jaxrs.conformance.ConformanceCases;
import dev.portcullis.jaxrs.conformance.ConformanceWars;
import dev.portcullis.servlet.it.Http;
import dev.portcullis.servlet.it.ThreadsServlet;
import dev.portcullis.servlet.it.Wars;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.asset.ArchiveAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConformanceCases} on a server this JVM starts: the filter-only WAR and the JAX-RS-only
 * WAR, each case on each, reported separately. The server runs only while its class runs; a
 * subclass says how to start it. Last, both WARs are redeployed: undeploying them must leave no
 * Portcullis thread in the server (as listed by a probe WAR without Portcullis, deployed from the
 * start), and the redeployed WARs must serve again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ManagedServerConformance {
    private static final String FILTER = "filter-only WAR";
    private static final String JAXRS = "JAX-RS-only WAR";
    /** The probe WAR's context: {@link ThreadsServlet} lists the server's threads named portcullis*. */
    static final String PROBE = "threads-probe";
    /** How long a closed validator's threads may take to end after an undeploy. */
    private static final Duration THREADS_END = Duration.ofSeconds(10);

    private static final String ACCEPTED = "principal named by preferred_username, roles from groups";

    private LocalIdp idp;
    private List<WebArchive> wars;
    private ManagedServer server;
    private ConformanceCases cases;

    /** Starts the server with {@code wars} deployed, in {@code workDir} (under {@code target/}). */
    abstract ManagedServer start(List<WebArchive> wars, Path workDir);

    /** The server under test, once started. */
    final ManagedServer server() {
        return server;
    }

    @BeforeAll
    final void startServer() {
        idp = LocalIdp.start();
        try {
            wars = List.of(ConformanceWars.filterOnly(idp), ConformanceWars.jaxrsOnly(idp));
            List<WebArchive> deployed = List.of(wars.get(0), wars.get(1), Wars.plainWar(PROBE, ThreadsServlet.class));
            long begin = System.nanoTime();
            server = start(
                    deployed, Path.of("target", getClass().getSimpleName()).toAbsolutePath());
            System.out.printf(
                    "%s: started with both WARs deployed in %d ms%n",
                    server, Duration.ofNanos(System.nanoTime() - begin).toMillis());
        } catch (RuntimeException | Error e) {
            idp.close();
            throw e;
        }
        cases = new ConformanceCases(idp, server.log());
    }

    @AfterAll
    final void stopServer() {
        try {
            if (server != null) {
                long begin = System.nanoTime();
                server.close();
                System.out.printf(
                        "%s: stopped in %d ms%n",
                        server, Duration.ofNanos(System.nanoTime() - begin).toMillis());
            }
        } finally {
            idp.close();
        }
    }

    Stream<Arguments> casesOnBothWars() {
        return Stream.of(FILTER, JAXRS)
                .flatMap(war -> ConformanceCases.names().stream().map(c -> Arguments.of(war, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("casesOnBothWars")
    void everyCaseIsAnsweredAsSpecified(String war, String name) {
        cases.check(name, target(war));
    }

    private ConformanceCases.Target target(String war) {
        return war.equals(FILTER)
                ? new ConformanceCases.Target(FILTER, server.base(ConformanceWars.FILTER), ConformanceWars.FILTER)
                : new ConformanceCases.Target(JAXRS, server.base(ConformanceWars.JAXRS), ConformanceWars.JAXRS);
    }

    /**
     * One redeploy of both WARs. First each WAR's validator is made to fetch keys (a token signed
     * with a never-seen key: the WARs refetch at once, {@code min-refetch-interval} 0 s), so its key
     * fetchers are alive (a pool thread ends after 30 s idle, so those of the cases above may be
     * gone): the probe must list them. Undeploying must stop them; the redeployed WARs accept a
     * valid token again. Runs last: the WARs are out of service meanwhile.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void undeployingBothWarsLeavesNoPortcullisThreadAndARedeployServesAgain() {
        for (String war : List.of(ConformanceWars.FILTER, ConformanceWars.JAXRS)) {
            String token = idp.token()
                    .signedWith(TestKey.rsa("never-seen-before-redeploy"))
                    .build();
            assertThat(Http.get(server.base(war), "api/plain", token).statusCode())
                    .as("%s, a key never seen", war)
                    .isNotEqualTo(200);
        }
        assertThat(serverThreads())
                .as("the WARs' key fetchers, listed by the probe before the undeploy")
                .anyMatch(n -> n.startsWith(ConformanceCases.THREAD_PREFIX));
        long begin = System.nanoTime();
        server.redeploy(
                List.of(ConformanceWars.FILTER, ConformanceWars.JAXRS),
                () -> ConformanceCases.assertNoPortcullisThread(
                        "undeploying both WARs", this::serverThreads, THREADS_END));
        System.out.printf(
                "%s: both WARs redeployed in %d ms%n",
                server, Duration.ofNanos(System.nanoTime() - begin).toMillis());
        cases.check(ACCEPTED, target(FILTER));
        cases.check(ACCEPTED, target(JAXRS));
    }

    /** The server's live threads named portcullis*, as the probe WAR lists them. */
    private List<String> serverThreads() {
        HttpResponse<String> r = Http.get(server.base(PROBE), "threads", null);
        assertThat(r.statusCode())
                .as("the thread probe's answer (body %s)", r.body())
                .isEqualTo(200);
        return Arrays.stream(r.body().split(","))
                .map(String::strip)
                .filter(n -> !n.isEmpty())
                .toList();
    }

    @Test
    void bothWarsReadTheirSettingsThroughTheServersMicroProfileConfig() {
        for (String war : List.of(ConformanceWars.FILTER, ConformanceWars.JAXRS)) {
            // the JAX-RS adapter reads its settings on its first request
            assertThat(Http.get(server.base(war), "api/plain", null).statusCode())
                    .as("%s without a token", war)
                    .isEqualTo(401);
            String application = "/" + war + (war.equals(ConformanceWars.JAXRS) ? " (JAX-RS)" : "");
            String start = "Portcullis settings of " + application + " read from: ";
            assertThat(server.log().await(l -> l.contains(start), Duration.ofSeconds(10)))
                    .as("the settings line of %s in %s", application, server.log())
                    .isTrue();
            assertThat(server.log().lines().stream().filter(l -> l.contains(start)))
                    .as("where %s reads its settings", application)
                    .allSatisfy(l -> assertThat(l.substring(l.indexOf(start) + start.length()))
                            .contains("MicroProfile Config")
                            .doesNotContain("microprofile-config.properties ("));
        }
    }

    /**
     * Servers with MicroProfile JWT (WildFly, Payara) turn it on for a WAR only when an
     * {@code Application} subclass has {@code @LoginConfig(authMethod = "MP-JWT")} or web.xml
     * names {@code MP-JWT} as its auth method. Neither WAR does, in its classes or its jars: the
     * server's own MP-JWT stays off and Portcullis alone answers (every refusal in the cases carries
     * Portcullis' realm and JSON body).
     */
    @Test
    void neitherWarAsksForTheServersOwnMicroProfileJwt() {
        for (WebArchive war : wars) {
            assertThat(entriesMentioning(war, "org/eclipse/microprofile/auth/LoginConfig"))
                    .as("classes of %s that use @LoginConfig", war.getName())
                    .isEmpty();
            assertThat(entriesMentioning(war, "MP-JWT"))
                    .as("entries of %s naming MP-JWT", war.getName())
                    .isEmpty();
        }
    }

    /** Paths of the entries (in nested jars too) whose bytes contain {@code text}. */
    private static List<String> entriesMentioning(Archive<?> archive, String text) {
        List<String> out = new ArrayList<>();
        archive.getContent().forEach((path, node) -> {
            if (node.getAsset() instanceof ArchiveAsset nested) {
                entriesMentioning(nested.getArchive(), text).forEach(p -> out.add(path.get() + "!" + p));
            } else if (node.getAsset() != null) {
                try (InputStream in = node.getAsset().openStream()) {
                    if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(text)) {
                        out.add(path.get());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        return out;
    }
}
