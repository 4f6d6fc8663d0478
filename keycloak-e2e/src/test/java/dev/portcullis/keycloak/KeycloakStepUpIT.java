package dev.portcullis.keycloak;

import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.http.AccessRequirement;
import dev.portcullis.core.http.BearerAuthenticator;
import dev.portcullis.core.http.HttpRequestView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import static dev.portcullis.keycloak.ShopRealm.ORDERS_CLIENT;
import static dev.portcullis.keycloak.ShopRealm.READ_ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9470 step-up rules against Keycloak's tokens: its "acr to LoA" mapping ({@code acr.loa.map})
 * names the level of a sign-in in {@code acr}. A password-grant sign-in is level 1 ({@code silver};
 * the direct grant ignores requests for more, and carries no {@code auth_time}), so a silver rule
 * passes it and a gold rule asks for step-up; a token issued before the mapping says {@code "1"}.
 */
@WithKeycloak
class KeycloakStepUpIT {
    private static final AccessRequirement SILVER =
            AccessRequirement.builder().acr(List.of("silver", "gold")).build();
    private static final AccessRequirement GOLD =
            AccessRequirement.builder().acr(List.of("gold")).build();

    private static KeycloakAdmin admin;
    private static ShopRealm realm;
    private static TokenValidator validator;
    private static BearerAuthenticator authenticator;

    @BeforeAll
    static void createRealm(KeycloakAdmin keycloakAdmin) {
        admin = keycloakAdmin;
        realm = admin.createShopRealm("stepup");
        validator = TokenValidator.builder(realm.validatorConfigFromProperties(true))
                .build();
        authenticator =
                BearerAuthenticator.builder(validator).realm("orders-api").build();
    }

    @AfterAll
    static void closeValidator() {
        if (validator != null) {
            validator.close();
        }
    }

    private static BearerAuthenticator.Decision call(String token, AccessRequirement need) {
        return authenticator.authenticate(new Request(token), need);
    }

    private static String challenge(BearerAuthenticator.Decision d) {
        assertThat(d).isInstanceOf(BearerAuthenticator.Refused.class);
        BearerAuthenticator.Refused refused = (BearerAuthenticator.Refused) d;
        assertThat(refused.response().status()).isEqualTo(401);
        return refused.response().header("WWW-Authenticate");
    }

    @Test
    void whenTheRealmMapsAcrToLevelsThenASilverSignInPassesASilverRuleAndIsAskedToStepUpForGold() {
        String before = realm.aliceToken(ORDERS_CLIENT, READ_ORDERS);
        assertThat(Jwts.claims(before).get("acr")).isEqualTo("1");
        assertThat(challenge(call(before, SILVER)))
                .contains("error=\"insufficient_user_authentication\"")
                .contains("acr_values=\"silver gold\"");

        admin.mapAcrToLoa(realm.name(), Map.of("silver", 1, "gold", 2));
        String silver = realm.aliceToken(ORDERS_CLIENT, READ_ORDERS);
        assertThat(Jwts.claims(silver).get("acr")).isEqualTo("silver");

        assertThat(call(silver, SILVER)).isInstanceOf(BearerAuthenticator.Authenticated.class);
        assertThat(challenge(call(silver, GOLD)))
                .isEqualTo(
                        "Bearer realm=\"orders-api\", "
                                + "error=\"insufficient_user_authentication\", "
                                + "error_description=\"The user authentication is not strong enough for this request\", acr_values=\"gold\"");
    }

    @Test
    void whenAMaxAgeRuleMeetsAPasswordGrantTokenWithoutAuthTimeThenStepUpIsAskedFor() {
        String token = realm.aliceToken(ORDERS_CLIENT, READ_ORDERS);
        assertThat(Jwts.claims(token)).doesNotContainKey("auth_time");
        AccessRequirement recent = AccessRequirement.builder()
                .maxAge(java.time.Duration.ofMinutes(5))
                .build();
        assertThat(challenge(call(token, recent))).endsWith("max_age=300");
    }

    /** A GET of {@code /api/orders} with the token, as an adapter would describe it. */
    private record Request(String token) implements HttpRequestView {
        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String path() {
            return "/api/orders";
        }

        @Override
        public List<String> headers(String name) {
            return name.equalsIgnoreCase("Authorization") ? List.of("Bearer " + token) : List.of();
        }

        @Override
        public boolean tokenElsewhere() {
            return false;
        }

        @Override
        public String scheme() {
            return "http";
        }

        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public int port() {
            return 9080;
        }

        @Override
        public String requestPath() {
            return "/orders-api/api/orders";
        }

        @Override
        public String contextPath() {
            return "/orders-api";
        }

        @Override
        public List<X509Certificate> clientCertificates() {
            return List.of();
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1";
        }
    }
}
