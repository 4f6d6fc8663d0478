package dev.portcullis.keycloak;

import dev.portcullis.testkit.DpopProof;
import dev.portcullis.testkit.TestKey;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static dev.portcullis.keycloak.ShopRealm.ORDERS_CLIENT;
import static dev.portcullis.keycloak.ShopRealm.READ_ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPoP end to end: Keycloak binds a client-credentials token to the client's key when the token
 * request carries a proof (its {@code dpop} feature is on by default in 26.x); the orders-api sample,
 * unchanged, accepts it with a fresh proof for each request, and refuses it replayed, for another URL,
 * or downgraded to Bearer.
 */
@WithKeycloak
@ExtendWith(ArquillianExtension.class)
class KeycloakDpopIT {
    static final String REALM = "dpop";
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ShopRealm realm;
    private final DpopProof client = DpopProof.of(TestKey.ec("keycloak-dpop-client"));

    @Deployment(testable = false)
    static WebArchive ordersApi() {
        return OrdersApiWar.forRealm("orders-api", REALM, Map.of("portcullis.realm", "orders-api"));
    }

    @ArquillianResource
    URL base;

    @BeforeAll
    static void createRealm() {
        realm = KeycloakAdmin.fromSystemProperties().createShopRealm(REALM);
    }

    private HttpResponse<String> call(String scheme, String token, String proof) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + "api/orders"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", scheme + " " + token);
        if (proof != null) {
            r.header("DPoP", proof);
        }
        return CLIENT.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whenKeycloakBindsATokenThenItsCnfJktIsOurThumbprintAndOrdersAnswerWithAFreshProofEachTime() throws Exception {
        String token = realm.dpopClientCredentialsToken(client, ORDERS_CLIENT, READ_ORDERS);
        String claims = new String(
                Base64.getUrlDecoder().decode(token.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(claims).contains("\"jkt\":\"" + client.thumbprint() + "\"");
        String url = base + "api/orders";
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = call(
                    "DPoP",
                    token,
                    client.method("GET").uri(url).accessToken(token).build());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("coffee beans");
        }
    }

    @Test
    void whenTheKeycloakTokensProofIsReplayedOrForAnotherUrlOrTheTokenIsSentAsBearerThen401() throws Exception {
        String token = realm.dpopClientCredentialsToken(client, ORDERS_CLIENT, READ_ORDERS);
        String url = base + "api/orders";
        String proof = client.method("GET").uri(url).accessToken(token).build();
        assertThat(call("DPoP", token, proof).statusCode()).isEqualTo(200);
        HttpResponse<String> replayed = call("DPoP", token, proof);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.headers().allValues("WWW-Authenticate"))
                .anySatisfy(v -> assertThat(v).startsWith("DPoP ").contains("error=\"invalid_dpop_proof\""));
        HttpResponse<String> elsewhere = call(
                "DPoP",
                token,
                client.method("GET").uri(base + "api/me").accessToken(token).build());
        assertThat(elsewhere.statusCode()).isEqualTo(401);
        HttpResponse<String> bearer = call("Bearer", token, null);
        assertThat(bearer.statusCode()).isEqualTo(401);
        assertThat(bearer.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"")
                .contains("bound to a key");
    }
}
