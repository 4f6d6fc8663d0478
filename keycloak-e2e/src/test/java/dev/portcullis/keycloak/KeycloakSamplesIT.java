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
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static dev.portcullis.keycloak.ShopRealm.ORDERS_CLIENT;
import static dev.portcullis.keycloak.ShopRealm.OTHER_CLIENT;
import static dev.portcullis.keycloak.ShopRealm.READ_ORDERS;
import static dev.portcullis.keycloak.ShopRealm.WRITE_ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orders-api sample WAR, unchanged but for its MicroProfile Config (issuer and Keycloak's roles
 * claim, as the README tells Keycloak users), in Open Liberty, called with real Keycloak tokens.
 */
@WithKeycloak
@ExtendWith(ArquillianExtension.class)
class KeycloakSamplesIT {
    static final String REALM = "samples";
    /** How long the application keeps an introspection answer: a revocation shows within this (plus a call). */
    private static final Duration INTROSPECTION_CACHE_TTL = Duration.ofSeconds(1);
    /** The secret of the application's own client ({@code orders-api}), chosen before the realm exists. */
    private static final String INTROSPECTION_SECRET = UUID.randomUUID().toString();

    private static ShopRealm realm;

    @Deployment(testable = false)
    static WebArchive ordersApi() {
        return OrdersApiWar.forRealm(
                "orders-api",
                REALM,
                Map.of(
                        "portcullis.realm",
                        "orders-api",
                        // introspection for @Introspected resources only (the refunds), as the application's own client
                        "portcullis.introspection.client-id",
                        ShopRealm.AUDIENCE,
                        "portcullis.introspection.client-secret",
                        INTROSPECTION_SECRET,
                        "portcullis.introspection.cache-ttl",
                        INTROSPECTION_CACHE_TTL.toMillis() + "ms"));
    }

    @ArquillianResource
    URL base;

    @BeforeAll
    static void createRealm() {
        // Keycloak is running (@WithKeycloak starts it before the class); talk to it by the build's port.
        KeycloakAdmin admin = KeycloakAdmin.fromSystemProperties();
        realm = admin.createShopRealm(REALM);
        admin.mapAcrToLoa(REALM, Map.of("silver", 1, "gold", 2)); // password-grant tokens then say acr "silver"
    }

    private HttpResponse<String> get(String path, String token) {
        return Http.bearerGet(URI.create(base.toString()).resolve(path), token);
    }

    @Test
    void whenClientCredentialsTokenHasTheScopeThenOrdersAre200() throws Exception {
        HttpResponse<String> r = get("api/orders", realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("coffee beans");
    }

    @Test
    void whenTokenLacksTheScopeThen403InsufficientScope() throws Exception {
        HttpResponse<String> r = get("api/orders", realm.clientCredentialsToken(ORDERS_CLIENT));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"")
                .contains("scope=\"read:orders\"");
    }

    @Test
    void whenTokenIsForAnotherClientThen401WrongAudience() throws Exception {
        HttpResponse<String> r = get("api/orders", realm.clientCredentialsToken(OTHER_CLIENT, READ_ORDERS));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"")
                .contains("not intended for this resource");
    }

    @Test
    void whenPasswordGrantTokenThenMeShowsTheUserAndKeycloakRealmRoles() throws Exception {
        HttpResponse<String> r = get("api/me", realm.aliceToken(ORDERS_CLIENT, READ_ORDERS));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"roles\":[").contains("\"clerk\"").contains("read:orders");
    }

    private HttpResponse<String> post(String path, String token, String body) {
        return Http.bearerPost(URI.create(base.toString()).resolve(path), token, body);
    }

    @Test
    void
            whenTheTokenIsRevokedThenTheIntrospectedRefundIs401WithinTheCacheTtlWhileOrdersWithoutIntrospectionStillAcceptIt()
                    throws Exception {
        KeycloakAdmin.fromSystemProperties().createResourceServerClient(REALM, INTROSPECTION_SECRET);
        String token = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS, WRITE_ORDERS);
        HttpResponse<String> active = post("api/orders/refunds", token, "coffee beans");
        assertThat(active.statusCode())
                .as("introspected as active: %s", active.body())
                .isEqualTo(201);

        realm.revoke(ORDERS_CLIENT, token); // RFC 7009, as the client holding it
        long revoked = System.nanoTime();
        Duration within = INTROSPECTION_CACHE_TTL.plusSeconds(4);
        int acceptedAfterRevocation = 0;
        HttpResponse<String> refused;
        while (true) {
            refused = post("api/orders/refunds", token, "coffee beans");
            if (refused.statusCode() != 201) {
                break;
            }
            acceptedAfterRevocation++;
            assertThat(Duration.ofNanos(System.nanoTime() - revoked))
                    .as("refused within %s", within)
                    .isLessThan(within);
            Thread.sleep(100);
        }
        Duration refusedAfter = Duration.ofNanos(System.nanoTime() - revoked);
        System.out.printf(
                Locale.ROOT,
                "Revoked token: refund refused %d ms after the revocation (cache TTL %d ms),"
                        + " %d refund(s) accepted from the cache before%n",
                refusedAfter.toMillis(),
                INTROSPECTION_CACHE_TTL.toMillis(),
                acceptedAfterRevocation);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"")
                .contains("revoked");
        assertThat(refusedAfter).isLessThan(within);

        HttpResponse<String> orders = get("api/orders", token);
        assertThat(orders.statusCode())
                .as("no introspection on GET api/orders: %s", orders.body())
                .isEqualTo(200);
        assertThat(orders.body()).contains("coffee beans");
    }

    @Test
    void whenNoTokenThenBare401() throws Exception {
        HttpResponse<String> r = get("api/orders", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"orders-api\", resource_metadata=\"" + base
                        + ".well-known/oauth-protected-resource\"");
    }

    @Test
    void whenMetadataIsAskedForThenItNamesTheKeycloakRealmAsAuthorizationServer() throws Exception {
        HttpResponse<String> r = get(".well-known/oauth-protected-resource", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body())
                .contains("\"authorization_servers\":[\"" + OrdersApiWar.issuerOf(REALM) + "\"]")
                .contains("\"scopes_supported\":[\"read:orders\",\"write:orders\"]");
    }

    @Test
    void whenAliceCancelsWithHerSilverPasswordGrantTokenThenStepUpIsAskedFor() throws Exception {
        String token = realm.aliceToken(ORDERS_CLIENT, READ_ORDERS, WRITE_ORDERS);
        assertThat(Jwts.claims(token)).containsEntry("acr", "silver");
        HttpResponse<String> r =
                Http.exchange(Http.request(URI.create(base.toString()).resolve("api/orders/oat%20milk"))
                        .header("Authorization", "Bearer " + token)
                        .DELETE()
                        .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_user_authentication\"")
                .contains("acr_values=\"gold\", max_age=300");
    }
}
