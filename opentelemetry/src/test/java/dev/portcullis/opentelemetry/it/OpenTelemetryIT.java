package dev.portcullis.opentelemetry.it;

import dev.portcullis.opentelemetry.PortcullisOpenTelemetry;
import dev.portcullis.servlet.it.EchoServlet;
import dev.portcullis.servlet.it.Http;
import dev.portcullis.servlet.it.ServerLogs;
import dev.portcullis.servlet.it.Wars;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In Open Liberty with {@code mpTelemetry-2.0} (runtime OpenTelemetry, logging exporter), a WAR that only
 * bundles the jar has its refusals and acceptances exported, with no code: the server's export in
 * {@code messages.log} carries {@code portcullis.tokens.rejected} per reason and {@code portcullis.tokens.accepted}
 * per issuer, with the counts the requests caused.
 */
@ExtendWith(ArquillianExtension.class)
class OpenTelemetryIT {
    static final LocalIdp IDP = LocalIdp.start();
    private static final Pattern REASON = Pattern.compile("attributes=\\{reason=\"([a-z_]+)\"}, value=(\\d+)");
    private static final Pattern ISSUER = Pattern.compile("attributes=\\{issuer=\"([^\"]+)\"}, value=(\\d+)");

    @Deployment(testable = false)
    static WebArchive war() {
        return Wars.protectedWar(
                        "otel-it",
                        Map.of(
                                "mp.jwt.verify.issuer",
                                IDP.issuer(),
                                "mp.jwt.verify.audiences",
                                "orders-api",
                                "mp.jwt.verify.publickey.location",
                                IDP.jwksUri().toString(),
                                "portcullis.jwks.min-refetch-interval",
                                "0s"),
                        EchoServlet.class)
                .addAsLibraries(Wars.jarOf(PortcullisOpenTelemetry.class));
    }

    @ArquillianResource
    URL base;

    @AfterAll
    static void stopIdp() {
        IDP.close();
    }

    @Test
    void whenRequestsAreRefusedForThreeReasonsThenTheServersExportCountsEachReasonAndTheAccepted() {
        assertThat(Http.get(base, "orders", IDP.token().build()).statusCode()).isEqualTo(200);
        assertThat(Http.get(
                                base,
                                "orders",
                                IDP.token().expiresIn(Duration.ofMinutes(-10)).build())
                        .statusCode())
                .isEqualTo(401);
        assertThat(Http.get(
                                base,
                                "orders",
                                IDP.token().expiresIn(Duration.ofMinutes(-10)).build())
                        .statusCode())
                .isEqualTo(401);
        assertThat(Http.get(base, "orders", IDP.token().audience("account").build())
                        .statusCode())
                .isEqualTo(401);
        assertThat(Http.get(
                                base,
                                "orders",
                                IDP.token()
                                        .signedWith(TestKey.rsa("never-published"))
                                        .build())
                        .statusCode())
                .isEqualTo(401);

        Map<String, Long> rejected = Map.of("expired", 2L, "wrong_audience", 1L, "unknown_key", 1L);
        boolean exported = ServerLogs.await(
                line -> exported(line, "portcullis.tokens.rejected", REASON).equals(rejected), Duration.ofSeconds(30));
        assertThat(exported)
                .as("an export of portcullis.tokens.rejected with " + rejected + " in "
                        + exports("portcullis.tokens.rejected"))
                .isTrue();
        assertThat(ServerLogs.await(
                        line -> exported(line, "portcullis.tokens.accepted", ISSUER)
                                .equals(Map.of(IDP.issuer(), 1L)),
                        Duration.ofSeconds(10)))
                .as("portcullis.tokens.accepted in " + exports("portcullis.tokens.accepted"))
                .isTrue();
        assertThat(ServerLogs.lines()).noneMatch(l -> l.text().contains("CWMOT5000W")); // no GlobalOpenTelemetry
    }

    /** The points of one metric in one exported line, by attribute value; empty if the line is not its export. */
    private static Map<String, Long> exported(String line, String metric, Pattern point) {
        Map<String, Long> out = new TreeMap<>();
        if (!line.contains("name=" + metric + ",")) {
            return out;
        }
        Matcher m = point.matcher(line);
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    private static List<String> exports(String metric) {
        return ServerLogs.lines().stream()
                .map(ServerLogs.Line::text)
                .filter(t -> t.contains("name=" + metric + ","))
                .map(t -> t.length() > 600 ? t.substring(0, 600) : t)
                .toList();
    }
}
