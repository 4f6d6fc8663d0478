package dev.portcullis.keycloak;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 27 over HTTP: Keycloak rotates its signing key seconds after the orders-api sample in
 * Liberty fetched the keys, with the default 10 s minimum refetch interval, while clients keep
 * calling. Tokens of the new key that arrive within that interval are answered 503 with
 * {@code Retry-After} (the key may be newer than the keys at hand), never 401; the first request
 * after the interval fetches once more and from then on every request is accepted.
 */
@WithKeycloak
@ExtendWith(ArquillianExtension.class)
class KeycloakRotationWithinCooldownOverHttpIT {
    private static final String REALM = "http-rotation-cooldown";
    private static final int SENDERS = 4;
    private static final long REQUESTS_PER_PHASE = 2_000;
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration MIN_REFETCH = Duration.ofSeconds(10);

    private static JwksRelay relay;
    private static KeycloakAdmin admin;
    private static ShopRealm realm;

    @Deployment(testable = false)
    static WebArchive ordersApi() {
        relay = JwksRelay.to(URI.create(OrdersApiWar.issuerOf(REALM) + "/protocol/openid-connect/certs"));
        return OrdersApiWar.forRealm(
                "orders-rotation-cooldown",
                REALM,
                Map.of("mp.jwt.verify.publickey.location", relay.uri().toString()));
    }

    @ArquillianResource
    URL base;

    @BeforeAll
    static void createRealm() {
        admin = KeycloakAdmin.fromSystemProperties();
        realm = admin.createShopRealm(REALM);
    }

    @AfterAll
    static void closeRelay() {
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void whenKeycloakRotatesRightAfterAFetchThenNewKeyTokensAre503WithRetryAfterNever401Then200() throws Exception {
        String oldKid = admin.activeKeyId(REALM, "RS256");
        URI orders = URI.create(base.toString()).resolve("api/orders");
        Instant firstFetch;
        Instant newKeySigning;
        HttpLoad.Tally afterCooldown;
        HttpLoad.Tally total;
        try (Minter minter = Minter.start(realm, Duration.ofMillis(20));
                HttpLoad load = HttpLoad.start(orders, SENDERS, minter::pick)) {
            load.awaitMore(100, PHASE_TIMEOUT);
            assertThat(relay.fetches()).as("fetches for the first requests").isEqualTo(1);
            firstFetch = relay.fetchTimes().get(0);

            admin.addRsaSigningKey(REALM, "rsa-rotated", 200); // signs every new token at once
            minter.awaitTokensNotSignedBy(oldKid, 10, PHASE_TIMEOUT);
            newKeySigning = Instant.now();
            while (Instant.now().isBefore(firstFetch.plus(MIN_REFETCH).plusSeconds(1))) {
                load.awaitMore(50, PHASE_TIMEOUT);
            }
            load.awaitMore(100, PHASE_TIMEOUT); // the first of these fetched the keys again
            afterCooldown = load.tally();
            load.awaitMore(REQUESTS_PER_PHASE, PHASE_TIMEOUT);
            total = load.stop();
        }

        String newKid = admin.activeKeyId(REALM, "RS256");
        System.out.printf(
                Locale.ROOT,
                "Rotation %d ms after a fetch, over HTTP (%d senders): %d requests, %d accepted"
                        + " (old key %d, new key %d), %d answered 503 (all before %d ms after the fetch), false 401: %d,"
                        + " %d without answer, %d JWKS fetches; first answers not 200: %s%n",
                Duration.between(firstFetch, newKeySigning).toMillis(),
                SENDERS,
                total.sent(),
                total.accepted(),
                total.acceptedByKid().getOrDefault(oldKid, 0L),
                total.acceptedByKid().getOrDefault(newKid, 0L),
                total.status(503),
                Duration.between(firstFetch, Instant.now()).toMillis(),
                total.status(401),
                total.transportErrors(),
                relay.fetches(),
                total.failures());

        assertThat(newKeySigning)
                .as("Keycloak signed with the new key within the interval after the fetch")
                .isBefore(firstFetch.plus(MIN_REFETCH).minusSeconds(2));
        assertThat(total.status(401)).as("false 401").isZero();
        assertThat(total.byStatus()).containsOnlyKeys(200, 503);
        assertThat(total.transportErrors()).isZero();
        assertThat(total.status(503)).as("new-key tokens within the interval").isPositive();
        assertThat(total.failures())
                .allSatisfy(f -> assertThat(f)
                        .startsWith("503 for kid " + newKid + ":")
                        .containsPattern("Retry-After ([1-9]|10)$"));
        assertThat(total.status(503)).as("no 503 once the interval had passed").isEqualTo(afterCooldown.status(503));
        assertThat(total.sentSince(afterCooldown)).isGreaterThanOrEqualTo(REQUESTS_PER_PHASE);
        assertThat(total.acceptedByKid().get(newKid)).isPositive();
        assertThat(relay.fetches()).as("one more fetch, after the interval").isEqualTo(2);
    }
}
