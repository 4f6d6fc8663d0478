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
 * Keycloak rotates its signing key while clients keep calling the orders-api sample in Liberty: a
 * new key with a higher priority signs from one moment to the next, then the old key is removed.
 * Clients keep using the tokens they hold (old and new key mixed) and fetch fresh ones all along.
 * Not one request may be refused, and the application fetches Keycloak's keys exactly twice: once
 * for the first request and once when the first new-key token arrives (counted by a relay in front
 * of Keycloak's JWKS endpoint). The removed key keeps verifying until the next scheduled refresh
 * (10 min, after this test); {@link KeycloakKeyRemovalOverHttpIT} shows the refusal after it.
 */
@WithKeycloak
@ExtendWith(ArquillianExtension.class)
class KeycloakRotationOverHttpIT {
    private static final String REALM = "http-rotation";
    private static final int SENDERS = 4;
    private static final long REQUESTS_PER_PHASE = 3_000;
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(90);
    /** A little more than the minimum refetch interval: Keycloak's new key signs at once. */
    private static final Duration BEFORE_ROTATION = Duration.ofSeconds(11);

    private static JwksRelay relay;
    private static KeycloakAdmin admin;
    private static ShopRealm realm;

    @Deployment(testable = false)
    static WebArchive ordersApi() {
        relay = JwksRelay.to(URI.create(OrdersApiWar.issuerOf(REALM) + "/protocol/openid-connect/certs"));
        return OrdersApiWar.forRealm(
                "orders-rotation",
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
    void whenKeycloakRotatesItsKeyUnderLoadThenNoRequestIsRefusedAndTheNewKeyIsFetchedOnce() throws Exception {
        String oldKid = admin.activeKeyId(REALM, "RS256");
        URI orders = URI.create(base.toString()).resolve("api/orders");
        HttpLoad.Tally beforeRotation;
        HttpLoad.Tally afterNewKey;
        HttpLoad.Tally total;
        long mintedTotal;
        int fetchesBeforeRotation;
        int fetchesAfterNewKey;
        try (Minter minter = Minter.start(realm, Duration.ofMillis(20));
                HttpLoad load = HttpLoad.start(orders, SENDERS, minter::pick)) {
            load.awaitMore(REQUESTS_PER_PHASE, PHASE_TIMEOUT);
            assertThat(relay.fetches()).as("fetches for the first requests").isEqualTo(1);
            Instant firstFetch = relay.fetchTimes().get(0);
            while (Instant.now().isBefore(firstFetch.plus(BEFORE_ROTATION))) {
                load.awaitMore(100, PHASE_TIMEOUT);
            }
            beforeRotation = load.tally();
            fetchesBeforeRotation = relay.fetches();

            String provider = admin.providerOf(REALM, oldKid);
            admin.addRsaSigningKey(REALM, "rsa-rotated", 200);
            minter.awaitTokensNotSignedBy(oldKid, 10, PHASE_TIMEOUT);
            load.awaitMore(REQUESTS_PER_PHASE, PHASE_TIMEOUT);
            afterNewKey = load.tally();
            fetchesAfterNewKey = relay.fetches();

            admin.removeKeyProvider(REALM, provider);
            minter.awaitTokensNotSignedBy(oldKid, 10, PHASE_TIMEOUT);
            load.awaitMore(REQUESTS_PER_PHASE, PHASE_TIMEOUT);
            total = load.stop();
            mintedTotal = minter.minted();
        }

        String newKid = admin.activeKeyId(REALM, "RS256");
        System.out.printf(
                Locale.ROOT,
                "Rotation over HTTP (%d senders, orders-api in Liberty): %d tokens minted,"
                        + " %d requests sent (%d before the new key, %d until the old key was removed, %d after),"
                        + " %d accepted (old key %d, new key %d), %d refused (false 401: %d), %d without answer,"
                        + " %d JWKS fetches%n",
                SENDERS,
                mintedTotal,
                total.sent(),
                beforeRotation.sent(),
                afterNewKey.sentSince(beforeRotation),
                total.sentSince(afterNewKey),
                total.accepted(),
                total.acceptedByKid().getOrDefault(oldKid, 0L),
                total.acceptedByKid().getOrDefault(newKid, 0L),
                total.sent() - total.accepted(),
                total.status(401),
                total.transportErrors(),
                relay.fetches());

        assertThat(total.failures()).as("refused requests").isEmpty();
        assertThat(total.status(401)).as("false 401").isZero();
        assertThat(total.accepted()).isEqualTo(total.sent()).isGreaterThanOrEqualTo(3 * REQUESTS_PER_PHASE);
        assertThat(total.acceptedByKid()).containsOnlyKeys(oldKid, newKid);
        assertThat(total.acceptedByKid().get(newKid)).isPositive();
        assertThat(total.acceptedByKid().get(oldKid) - beforeRotation.accepted())
                .as("old-key tokens accepted after the rotation")
                .isPositive();
        assertThat(fetchesBeforeRotation).isEqualTo(1);
        assertThat(fetchesAfterNewKey).as("one more fetch for the new key").isEqualTo(2);
        assertThat(relay.fetches())
                .as("none for the removal before the next refresh")
                .isEqualTo(2);
    }
}
