package dev.portcullis.servlet.it;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each production cause of refusal, driven over HTTP in Liberty, moves its own counter and no other;
 * a persistent audience mismatch gives one WARN in the server log, not one per request.
 */
@ExtendWith(ArquillianExtension.class)
class OperabilityIT {
    static final LocalIdp IDP = LocalIdp.start();

    @Deployment(testable = false)
    static WebArchive war() {
        return Wars.protectedWar(
                "operability-it",
                Map.of(
                        "mp.jwt.verify.issuer", IDP.issuer(),
                        "mp.jwt.verify.audiences", "orders-api",
                        "mp.jwt.verify.publickey.location", IDP.jwksUri().toString(),
                        "portcullis.filter.exclude", "/counters",
                        "portcullis.filter.scopes./admin/*", "orders:admin",
                        "portcullis.jwks.min-refetch-interval", "0s"),
                EchoServlet.class,
                MetricsServlet.class);
    }

    @ArquillianResource
    URL base;

    @AfterAll
    static void stopIdp() {
        IDP.close();
    }

    private Map<String, Long> counters() {
        return Counters.read(base, "counters");
    }

    /** Runs {@code cause}, expects {@code status}, and checks that only {@code counter} moved, by one. */
    private void cause(String counter, int status, Supplier<String> token) {
        cause(Map.of(counter, 1L), status, () -> Http.get(base, "orders", token.get()));
    }

    /** Sends {@code request}, expects {@code status}, and checks that exactly the {@code expected} counters moved. */
    private void cause(Map<String, Long> expected, int status, Supplier<HttpResponse<String>> request) {
        Map<String, Long> before = counters();
        assertThat(request.get().statusCode()).as(expected.toString()).isEqualTo(status);
        Map<String, Long> moved = Counters.moved(before, counters());
        assertThat(moved).as("counters moved by " + expected).isEqualTo(expected);
    }

    @Test
    void whenEachProductionCauseHappensThenOnlyItsCounterMoves() {
        cause("ACCEPTED", 200, () -> IDP.token().build());
        cause(
                "EXPIRED",
                401,
                () -> IDP.token().expiresIn(Duration.ofMinutes(-10)).build());
        cause(
                "ISSUED_IN_FUTURE",
                401,
                () -> IDP.token()
                        .issuedAt(Instant.now().plusSeconds(300))
                        .expiresIn(Duration.ofMinutes(10))
                        .build());
        cause(
                "NOT_YET_VALID",
                401,
                () -> IDP.token().notBefore(Instant.now().plusSeconds(300)).build());
        cause(
                "UNKNOWN_KEY",
                401,
                () -> IDP.token().signedWith(TestKey.rsa("not-followed")).build());
        cause("WRONG_AUDIENCE", 401, () -> IDP.token().audience("account").build());
        cause(
                "WRONG_ISSUER",
                401,
                () -> IDP.token().issuer("https://old-idp.example/realms/test").build());
        cause("MISSING_TOKEN", 401, () -> null);
        // refusals the filter decides itself: counted too, so a 400 or 403 wave shows in the metrics
        cause(
                Map.of("MULTIPLE_TOKENS", 1L),
                400,
                () -> Http.send(Http.request(base, "orders")
                        .header("Authorization", "Bearer " + IDP.token().build())
                        .header("Authorization", "Bearer " + IDP.token().build())));
        cause(
                Map.of("MALFORMED_REQUEST", 1L),
                400,
                () -> Http.send(Http.request(base, "orders").header("Authorization", "Bearer")));
        cause(
                Map.of("ACCEPTED", 1L, "INSUFFICIENT_SCOPE", 1L),
                403,
                () -> Http.get(base, "admin/orders", IDP.token().build()));
        IDP.failWith(LocalIdp.Failure.HTTP_500);
        try {
            cause(
                    "KEYS_UNAVAILABLE",
                    503,
                    () -> IDP.token().signedWith(TestKey.rsa("during-outage")).build());
            cause("ACCEPTED", 200, () -> IDP.token().build());
            assertThat(Http.get(base, "counters", null).body()).contains("OUTAGE=true");
        } finally {
            IDP.recover();
        }
    }

    @Test
    void whenAudienceNeverMatchesThenOneWarnNotOnePerRequest() throws IOException {
        for (int i = 0; i < 40; i++) {
            assertThat(Http.get(base, "orders", IDP.token().audience("account").build())
                            .statusCode())
                    .isEqualTo(401);
        }
        Path log = Path.of(
                System.getProperty("liberty.wlp.home"),
                "usr",
                "servers",
                System.getProperty("liberty.server.name"),
                "logs",
                "messages.log");
        long warns = Files.readAllLines(log).stream()
                .filter(l -> l.contains("operability-it") && l.contains("refused as WRONG_AUDIENCE"))
                .count();
        assertThat(warns)
                .as("WARN lines for the persistent audience mismatch in " + log)
                .isEqualTo(1);
    }
}
