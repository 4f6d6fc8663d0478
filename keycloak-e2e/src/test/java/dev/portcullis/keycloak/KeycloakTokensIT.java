package dev.portcullis.keycloak;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.KeySet;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.VerifiedToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.portcullis.keycloak.Results.invalid;
import static dev.portcullis.keycloak.Results.valid;
import static dev.portcullis.keycloak.ShopRealm.ALICE;
import static dev.portcullis.keycloak.ShopRealm.AUDIENCE;
import static dev.portcullis.keycloak.ShopRealm.ORDERS_CLIENT;
import static dev.portcullis.keycloak.ShopRealm.OTHER_CLIENT;
import static dev.portcullis.keycloak.ShopRealm.READ_ORDERS;
import static dev.portcullis.keycloak.ShopRealm.ROLE;
import static dev.portcullis.keycloak.ShopRealm.WRITE_ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/** What Keycloak's access tokens look like to the validator, configured as the README tells Keycloak users. */
@WithKeycloak
class KeycloakTokensIT {
    private static KeycloakAdmin admin;
    private static ShopRealm shop;
    private static TokenValidator validator;

    @BeforeAll
    static void createRealm(KeycloakAdmin keycloakAdmin) {
        admin = keycloakAdmin;
        shop = admin.createShopRealm(ShopRealm.SHOP);
        validator =
                TokenValidator.builder(shop.validatorConfigFromProperties(true)).build();
    }

    @AfterAll
    static void closeValidator() {
        if (validator != null) {
            validator.close();
        }
    }

    @Test
    void whenOrdersClientAsksForReadOrdersThenItsTokenIsValidWithThatScopeAndBothAudiences() {
        String token = shop.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);

        VerifiedToken verified = valid(validator.validate(token));

        assertThat(verified.scopes()).contains(READ_ORDERS).doesNotContain(WRITE_ORDERS);
        assertThat(verified.audiences()).contains("account", AUDIENCE);
        assertThat(verified.issuer()).isEqualTo(shop.issuer());
        assertThat(verified.keyId()).contains(admin.activeKeyId(shop.name(), "RS256"));
        assertThat(Jwts.header(token)).containsEntry("typ", "JWT").containsEntry("alg", "RS256");
    }

    @Test
    void whenAliceSignsInWithThePasswordGrantThenHerRealmRolesAreTheTokensRoles() {
        VerifiedToken verified = valid(validator.validate(shop.aliceToken(ORDERS_CLIENT, READ_ORDERS, WRITE_ORDERS)));

        assertThat(verified.roles()).contains(ROLE);
        assertThat(verified.scopes()).contains(READ_ORDERS, WRITE_ORDERS);
        assertThat(verified.claim("preferred_username")).contains(ALICE);
        assertThat(verified.subject()).isPresent();
    }

    @Test
    void whenReadOrdersIsNotRequestedThenTheTokenIsValidButLacksTheScope() {
        String token = shop.clientCredentialsToken(ORDERS_CLIENT);

        assertThat(valid(validator.validate(token)).scopes()).doesNotContain(READ_ORDERS, WRITE_ORDERS);
        try (TokenValidator needsReadOrders = TokenValidator.builder(
                        shop.validatorConfig().requiredScopes(READ_ORDERS).build())
                .build()) {
            assertThat(invalid(needsReadOrders.validate(token))).isEqualTo(FailureReason.INSUFFICIENT_SCOPE);
            assertThat(valid(needsReadOrders.validate(shop.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS)))
                            .scopes())
                    .contains(READ_ORDERS);
        }
    }

    @Test
    void whenTheClientHasNoAudienceMapperThenItsTokenIsRefusedAsNotIntendedForOrdersApi() {
        String token = shop.clientCredentialsToken(OTHER_CLIENT, READ_ORDERS);

        assertThat(invalid(validator.validate(token))).isEqualTo(FailureReason.WRONG_AUDIENCE);
    }

    @Test
    void whenTheTokenComesFromAnotherRealmThenItsIssuerIsUntrusted() {
        String masterToken = admin.accessToken(); // issued by realm master to admin-cli

        assertThat(invalid(validator.validate(masterToken))).isEqualTo(FailureReason.WRONG_ISSUER);
    }

    @Test
    void whenRfc9068TypeIsRequiredThenKeycloakTokensAreRefusedBecauseTheirTypIsJwt() {
        String token = shop.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);

        try (TokenValidator strict = TokenValidator.builder(
                        shop.validatorConfig().requireAccessTokenType(true).build())
                .build()) {
            assertThat(invalid(strict.validate(token))).isEqualTo(FailureReason.WRONG_TYPE);
        }
    }

    @Test
    void whenOnlyTheIssuerIsConfiguredThenDiscoveryFindsTheRealmsKeys() {
        try (TokenValidator discovering = TokenValidator.builder(shop.validatorConfigFromProperties(false))
                .build()) {
            VerifiedToken verified =
                    valid(discovering.validate(shop.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS)));

            assertThat(verified.issuer()).isEqualTo(shop.issuer());
        }
    }

    @Test
    void whenTheJwksListsAnEncryptionKeyThenTheValidatorIgnoresItAndKeepsTheSigningKey() {
        String jwks = shop.jwks();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries =
                (List<Map<String, Object>>) Http.object(jwks).get("keys");
        List<Object> encryptionKids = entries.stream()
                .filter(k -> "enc".equals(k.get("use")))
                .map(k -> k.get("kid"))
                .toList();
        List<Object> signingKids = entries.stream()
                .filter(k -> "sig".equals(k.get("use")))
                .map(k -> k.get("kid"))
                .toList();
        assertThat(encryptionKids).as("Keycloak publishes its RSA-OAEP key").hasSize(1);
        assertThat(signingKids).containsExactly(admin.activeKeyId(shop.name(), "RS256"));

        KeySet keys = KeySet.parse(jwks);

        assertThat(keys.keyIds())
                .containsExactlyElementsOf(
                        signingKids.stream().map(String.class::cast).toList());
        assertThat(keys.keyIds()).doesNotContain((String) encryptionKids.get(0));
        assertThat(keys.ignoredEntries()).isEqualTo(1);
    }
}
