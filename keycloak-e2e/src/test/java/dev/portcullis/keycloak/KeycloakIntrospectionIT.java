package dev.portcullis.keycloak;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.TokenValidator;
import org.junit.jupiter.api.Test;

import static dev.portcullis.keycloak.Results.invalid;
import static dev.portcullis.keycloak.Results.valid;
import static dev.portcullis.keycloak.ShopRealm.ORDERS_CLIENT;
import static dev.portcullis.keycloak.ShopRealm.READ_ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token introspection against Keycloak: the resource server introspects as its own client ({@code orders-api},
 * the audience of the tokens, which Keycloak requires). A token introspected as active is accepted; once revoked
 * (RFC 7009, by the client holding it) it is refused as {@code REVOKED} within the cache TTL, while a request
 * without introspection still accepts it. (Keycloak stopped: {@link KeycloakOutageIT}.)
 */
@WithKeycloak
class KeycloakIntrospectionIT {

    static IntrospectionConfig introspection(ShopRealm realm, String secret) {
        return IntrospectionConfig.builder()
                .client(new IntrospectionConfig.Client(
                        realm.introspectionEndpoint(),
                        ShopRealm.AUDIENCE,
                        secret,
                        IntrospectionConfig.ClientAuth.BASIC,
                        null))
                .build();
    }

    @Test
    void whenARevokedTokenIsIntrospectedThenRefusedWithinTheCacheTtlWhileRequestsWithoutIntrospectionAcceptIt(
            KeycloakAdmin admin) {
        ShopRealm realm = admin.createShopRealm("shop-introspection");
        String secret = admin.createResourceServerClient(realm.name());
        ShiftableClock clock = new ShiftableClock();
        try (TokenValidator validator = TokenValidator.builder(
                        realm.validatorConfig().build())
                .clock(clock)
                .introspection(introspection(realm, secret))
                .build()) {
            String token = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);
            valid(validator.validate(token, IntrospectionConfig.Mode.JWT));
            assertThat(validator.metrics().introspection().active()).isEqualTo(1);

            realm.revoke(ORDERS_CLIENT, token);
            clock.shift(IntrospectionConfig.DEFAULT_CACHE_TTL.plusSeconds(1));
            assertThat(invalid(validator.validate(token, IntrospectionConfig.Mode.JWT)))
                    .isEqualTo(FailureReason.REVOKED);
            assertThat(validator.metrics().introspection().inactive()).isEqualTo(1);
            valid(validator.validate(token, IntrospectionConfig.Mode.OFF));

            String other = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);
            valid(validator.validate(other, IntrospectionConfig.Mode.JWT));
            assertThat(validator.metrics().introspection().calls()).isEqualTo(3);
        }
    }

    @Test
    void whenTheClientSecretIsWrongThenUnavailableNotAccepted(KeycloakAdmin admin) {
        ShopRealm realm = admin.createShopRealm("shop-introspection-secret");
        admin.createResourceServerClient(realm.name());
        try (TokenValidator validator = TokenValidator.builder(
                        realm.validatorConfig().build())
                .introspection(introspection(realm, "wrong"))
                .build()) {
            String token = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);
            assertThat(validator
                            .validate(token, IntrospectionConfig.Mode.JWT)
                            .rejection()
                            .orElseThrow()
                            .reason())
                    .isEqualTo(FailureReason.INTROSPECTION_UNAVAILABLE);
            valid(validator.validate(token));
        }
    }
}
