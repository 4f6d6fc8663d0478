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
import java.util.Map;

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
    private static ShopRealm realm;

    @Deployment(testable = false)
    static WebArchive ordersApi() {
        return OrdersApiWar.forRealm("orders-api", REALM, Map.of("portcullis.realm", "orders-api"));
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
                .contains("error=\"insufficient_scope\"").contains("scope=\"read:orders\"");
    }

    @Test
    void whenTokenIsForAnotherClientThen401WrongAudience() throws Exception {
        HttpResponse<String> r = get("api/orders", realm.clientCredentialsToken(OTHER_CLIENT, READ_ORDERS));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"").contains("not intended for this resource");
    }

    @Test
    void whenPasswordGrantTokenThenMeShowsTheUserAndKeycloakRealmRoles() throws Exception {
        HttpResponse<String> r = get("api/me", realm.aliceToken(ORDERS_CLIENT, READ_ORDERS));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"roles\":[").contains("\"clerk\"").contains("read:orders");
    }

    @Test
    void whenNoTokenThenBare401() throws Exception {
        HttpResponse<String> r = get("api/orders", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"orders-api\", resource_metadata=\""
                + base + ".well-known/oauth-protected-resource\"");
    }

    @Test
    void whenMetadataIsAskedForThenItNamesTheKeycloakRealmAsAuthorizationServer() throws Exception {
        HttpResponse<String> r = get(".well-known/oauth-protected-resource", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"authorization_servers\":[\"" + OrdersApiWar.issuerOf(REALM) + "\"]")
                .contains("\"scopes_supported\":[\"read:orders\",\"write:orders\"]");
    }

    @Test
    void whenAliceCancelsWithHerSilverPasswordGrantTokenThenStepUpIsAskedFor() throws Exception {
        String token = realm.aliceToken(ORDERS_CLIENT, READ_ORDERS, WRITE_ORDERS);
        assertThat(Jwts.claims(token)).containsEntry("acr", "silver");
        HttpResponse<String> r = Http.exchange(Http.request(URI.create(base.toString()).resolve("api/orders/oat%20milk"))
                .header("Authorization", "Bearer " + token).DELETE().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_user_authentication\"").contains("acr_values=\"gold\", max_age=300");
    }
}
