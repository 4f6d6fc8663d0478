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
import java.util.Map;
import java.util.function.Predicate;

import static dev.portcullis.keycloak.ShopRealm.ORDERS_CLIENT;
import static dev.portcullis.keycloak.ShopRealm.READ_ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end of a rotation over HTTP: once Keycloak no longer publishes the old key, the orders-api
 * sample in Liberty refuses the old key's tokens (401 {@code invalid_token}) from its next scheduled
 * refresh on, and keeps accepting the new key's. The application refreshes every 2 s here so the test
 * need not wait 10 minutes.
 */
@WithKeycloak
@ExtendWith(ArquillianExtension.class)
class KeycloakKeyRemovalOverHttpIT {
    private static final String REALM = "http-removal";
    private static final Duration WITHIN = Duration.ofSeconds(30);

    private static KeycloakAdmin admin;
    private static ShopRealm realm;

    @Deployment(testable = false)
    static WebArchive ordersApi() {
        // No leeway: a token of a key the keys lack is known to be unknown (401) once the keys were
        // fetched in a later second than it was issued; with the default 60 s leeway it would be
        // answered 503 (KEY_NOT_YET_FETCHED) until a fetch more than a minute after it (issue 27).
        return OrdersApiWar.forRealm(
                "orders-removal",
                REALM,
                Map.of(
                        "portcullis.jwks.refresh-interval", "2s",
                        "portcullis.jwks.min-refetch-interval", "1s",
                        "mp.jwt.verify.clock.skew", "0"));
    }

    @ArquillianResource
    URL base;

    @BeforeAll
    static void createRealm() {
        admin = KeycloakAdmin.fromSystemProperties();
        realm = admin.createShopRealm(REALM);
    }

    @Test
    void whenKeycloakNoLongerPublishesTheOldKeyThenItsTokensAre401AfterTheNextRefresh() throws Exception {
        URI orders = URI.create(base.toString()).resolve("api/orders");
        String oldToken = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);
        String oldKid = Jwts.kid(oldToken);
        assertThat(Http.bearerGet(orders, oldToken).statusCode()).isEqualTo(200);

        String provider = admin.providerOf(REALM, oldKid);
        admin.addRsaSigningKey(REALM, "rsa-next", 200);
        String newToken = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);
        assertThat(Jwts.kid(newToken)).isNotEqualTo(oldKid);
        // within the minimum refetch interval after a fetch: 503 with Retry-After, never 401 (issue 27)
        awaitStatus(orders, newToken, 200, status -> status == 503);
        assertThat(Http.bearerGet(orders, oldToken).statusCode())
                .as("the old key, still published")
                .isEqualTo(200);

        admin.removeKeyProvider(REALM, provider);
        HttpResponse<String> refused = awaitStatus(orders, oldToken, 401, status -> status == 200 || status == 503);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer ")
                .contains("error=\"invalid_token\"");
        assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
        assertThat(refused.body()).doesNotContain(oldToken.substring(0, 20));

        for (int i = 0; i < 20; i++) {
            assertThat(Http.bearerGet(orders, newToken).statusCode())
                    .as("the new key's token")
                    .isEqualTo(200);
            assertThat(Http.bearerGet(orders, oldToken).statusCode())
                    .as("the removed key's token")
                    .isEqualTo(401);
        }
    }

    /**
     * Sends {@code token} until the answer is {@code expected}; every answer before that must
     * satisfy {@code allowed}.
     */
    private static HttpResponse<String> awaitStatus(URI uri, String token, int expected, Predicate<Integer> allowed)
            throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (true) {
            HttpResponse<String> response = Http.bearerGet(uri, token);
            if (response.statusCode() == expected) {
                return response;
            }
            assertThat(response.statusCode())
                    .as(
                            "an answer while waiting for %d: %s",
                            expected, response.headers().map())
                    .matches(allowed::test);
            assertThat(System.nanoTime()).as("%d within %s", expected, WITHIN).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
