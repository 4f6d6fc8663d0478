package dev.portcullis.keycloak;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static dev.portcullis.keycloak.ShopRealm.ORDERS_CLIENT;
import static dev.portcullis.keycloak.ShopRealm.READ_ORDERS;
import static dev.portcullis.keycloak.ShopRealm.WRITE_ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak goes down and comes back (same data directory, so the same keys), once, for two clients
 * at a time: each Keycloak restart costs 12-20 s, so both live through the same outage.
 *
 * <ul>
 *   <li>The orders-api sample in Liberty, which clients keep calling. Tokens signed by a key the
 *       application already holds are accepted throughout; a token signed by a key it has never seen
 *       is a server fault while Keycloak is down (503 with {@code Retry-After}, never 401), and is
 *       accepted once Keycloak is back: the same deployment in the same Liberty, neither restarted
 *       (Liberty's own log shows one server start and one application start). A refund, the one path
 *       that introspects its token, is answered 503 with {@code Retry-After} while Keycloak is down,
 *       while the same token keeps reading orders.
 *   <li>A {@code TokenValidator} in the test JVM, with a clock the test moves: see
 *       {@link ValidatorThroughOutage}. Its own realm, so its unseen key is not the application's.
 * </ul>
 */
@WithKeycloak
@ExtendWith(ArquillianExtension.class)
class KeycloakOutageIT {
    private static final String REALM = "http-outage";
    /** The realm of the validator in the test JVM. */
    private static final String VALIDATOR_REALM = "shop-outage";

    private static final String APP = "orders-outage";
    private static final int SENDERS = 2;
    /**
     * The application's minimum refetch interval, shorter than the default 10 s so that the outage
     * needs less waiting; a token of an unseen key is then refused for the outage, not the interval.
     */
    private static final String MIN_REFETCH = "3s";
    /** A little more than {@link #MIN_REFETCH}. */
    private static final Duration REFETCH_ALLOWED = Duration.ofSeconds(4);
    /** Each sender's pause between requests: steady traffic that leaves CPU to Keycloak's restart. */
    private static final Duration PACE = Duration.ofMillis(5);

    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    /** The secret of the application's own client ({@code orders-api}), which it introspects as. */
    private static final String INTROSPECTION_SECRET = UUID.randomUUID().toString();

    private static ShopRealm realm;
    private static KeycloakAdmin admin;

    @Deployment(testable = false)
    static WebArchive ordersApi() {
        return OrdersApiWar.forRealm(
                APP,
                REALM,
                Map.of(
                        "portcullis.jwks.min-refetch-interval",
                        MIN_REFETCH,
                        "portcullis.introspection.client-id",
                        ShopRealm.AUDIENCE,
                        "portcullis.introspection.client-secret",
                        INTROSPECTION_SECRET,
                        "portcullis.introspection.cache-ttl",
                        "1s"));
    }

    @ArquillianResource
    URL base;

    @BeforeAll
    static void createRealm() {
        admin = KeycloakAdmin.fromSystemProperties();
        realm = admin.createShopRealm(REALM);
        admin.createResourceServerClient(REALM, INTROSPECTION_SECRET);
    }

    @Test
    void whenKeycloakIsDownThenKnownKeysKeepWorkingAnUnseenKeyIsUnavailableOr503AndBothRecoverWithoutARestart(
            KeycloakServer keycloak) throws Exception {
        try (ValidatorThroughOutage validator = new ValidatorThroughOutage(admin, VALIDATOR_REALM)) {
            overTheSameOutage(keycloak, validator);
        }
    }

    /** The application's steps, with the validator's at the same points of the outage. */
    private void overTheSameOutage(KeycloakServer keycloak, ValidatorThroughOutage validator) throws Exception {
        validator.beforeOutage();
        URI orders = URI.create(base.toString()).resolve("api/orders");
        URI refunds = URI.create(base.toString()).resolve("api/orders/refunds");
        long serverStarts = LibertyLog.count(LibertyLog.SERVER_READY);
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            known.add(realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS));
        }
        assertThat(Http.bearerGet(orders, known.get(0)).statusCode()).isEqualTo(200);
        Instant keysFetched = Instant.now();
        String refunder = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS, WRITE_ORDERS);
        HttpResponse<String> refund = Http.bearerPost(refunds, refunder, "coffee beans");
        assertThat(refund.statusCode())
                .as("a refund while Keycloak is up: %s", refund.body())
                .isEqualTo(201);

        admin.addRsaSigningKey(REALM, "rsa-unseen", 200); // signs from now on; the application has not seen it
        String unseen = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);
        assertThat(Jwts.kid(unseen)).isNotEqualTo(Jwts.kid(known.get(0)));

        HttpLoad.Tally duringOutage;
        HttpLoad.Tally total;
        List<Integer> unseenDuringOutage = new ArrayList<>();
        List<Integer> unseenDuringRecovery = new ArrayList<>();
        Duration outage;
        Duration recovery;
        try (HttpLoad load =
                HttpLoad.paced(orders, SENDERS, () -> known.get((int) (Math.random() * known.size())), PACE)) {
            load.awaitMore(200, RECOVERY_TIMEOUT);
            Instant down = Instant.now();
            keycloak.stop();
            try {
                validator.whileDown();
                sleepUntil(keysFetched.plus(REFETCH_ALLOWED));
                for (int i = 0; i < 5; i++) {
                    HttpResponse<String> response = Http.bearerGet(orders, unseen);
                    unseenDuringOutage.add(response.statusCode());
                    assertThat(response.statusCode())
                            .as("an unseen key while Keycloak is down: %s", response.body())
                            .isEqualTo(503);
                    assertThat(response.headers()
                                    .firstValue("Retry-After")
                                    .map(Long::parseLong)
                                    .orElseThrow())
                            .isBetween(1L, 10L);
                    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                            .startsWith("Bearer")
                            .doesNotContain("invalid_token");
                    Thread.sleep(500);
                }
                // the refund's introspection answer (1 s) is long gone: Keycloak must be asked, and cannot be
                HttpResponse<String> refundWhileDown = Http.bearerPost(refunds, refunder, "coffee beans");
                assertThat(refundWhileDown.statusCode())
                        .as("a refund while Keycloak is down: %s", refundWhileDown.body())
                        .isEqualTo(503);
                assertThat(refundWhileDown
                                .headers()
                                .firstValue("Retry-After")
                                .map(Long::parseLong)
                                .orElseThrow())
                        .isBetween(1L, 10L);
                assertThat(refundWhileDown
                                .headers()
                                .firstValue("WWW-Authenticate")
                                .orElseThrow())
                        .doesNotContain("invalid_token");
                assertThat(Http.bearerGet(orders, refunder).statusCode())
                        .as("the same token reading orders")
                        .isEqualTo(200);
                load.awaitMore(200, RECOVERY_TIMEOUT);
                duringOutage = load.tally();
            } finally {
                KeycloakServer.Start start = keycloak.start();
                outage = Duration.between(down, Instant.now());
                System.out.printf(
                        Locale.ROOT,
                        "Keycloak restarted in %.1f s%n",
                        start.took().toMillis() / 1000.0);
            }

            Instant up = Instant.now();
            validator.afterRestart();
            long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
            while (true) {
                HttpResponse<String> response = Http.bearerGet(orders, unseen);
                unseenDuringRecovery.add(response.statusCode());
                if (response.statusCode() == 200) {
                    break;
                }
                assertThat(response.statusCode())
                        .as("before recovery: %s", response.body())
                        .isEqualTo(503);
                assertThat(System.nanoTime())
                        .as("recovered within %s", RECOVERY_TIMEOUT)
                        .isLessThan(deadline);
                Thread.sleep(500);
            }
            recovery = Duration.between(up, Instant.now());
            load.awaitMore(200, RECOVERY_TIMEOUT);
            total = load.stop();
        }

        System.out.printf(
                Locale.ROOT,
                "Outage over HTTP (%d senders, orders-api in Liberty): Keycloak down %.1f s;"
                        + " known-key requests: %d sent (%d during the outage), %d accepted, %d refused;"
                        + " unseen key: %s while down, %s after the restart (accepted %.1f s after Keycloak was up)%n",
                SENDERS,
                outage.toMillis() / 1000.0,
                total.sent(),
                duringOutage.sent(),
                total.accepted(),
                total.sent() - total.accepted(),
                unseenDuringOutage,
                unseenDuringRecovery,
                recovery.toMillis() / 1000.0);

        assertThat(total.failures()).as("refused known-key requests").isEmpty();
        assertThat(total.accepted()).isEqualTo(total.sent());
        assertThat(duringOutage.sent()).isPositive();
        assertThat(Http.bearerGet(orders, known.get(0)).statusCode()).isEqualTo(200);
        assertThat(Http.bearerPost(refunds, refunder, "coffee beans").statusCode())
                .as("a refund after recovery")
                .isEqualTo(201);
        assertThat(LibertyLog.count(LibertyLog.SERVER_READY))
                .as("Liberty starts")
                .isEqualTo(serverStarts);
        assertThat(LibertyLog.count(LibertyLog.APP_STARTED, APP))
                .as("starts of " + APP)
                .isEqualTo(1);
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
