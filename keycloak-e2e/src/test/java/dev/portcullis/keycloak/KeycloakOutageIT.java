package dev.portcullis.keycloak;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Locale;

import static dev.portcullis.keycloak.Results.valid;
import static dev.portcullis.keycloak.ShopRealm.ORDERS_CLIENT;
import static dev.portcullis.keycloak.ShopRealm.READ_ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak goes down and comes back (same data directory, so the same keys). One validator lives
 * through it all: tokens with known keys keep validating, a token whose key was never fetched is
 * a server fault ({@link ValidationResult.Unavailable}), not an invalid token, until Keycloak is back;
 * requests that introspect their token are answered 503 meanwhile, the others keep working.
 */
@WithKeycloak
class KeycloakOutageIT {

    @Test
    void whenKeycloakIsDownThenKnownKeysKeepWorkingAndAnUnseenKeyIsUnavailableUntilItIsBack(
            KeycloakServer server, KeycloakAdmin admin) {
        ShopRealm realm = admin.createShopRealm("shop-outage");
        String resourceServerSecret = admin.createResourceServerClient(realm.name());
        ShiftableClock clock = new ShiftableClock();
        RecordingListener listener = new RecordingListener();
        try (TokenValidator validator = TokenValidator.builder(
                        realm.validatorConfig().build())
                .clock(clock)
                .listener(listener)
                .introspection(KeycloakIntrospectionIT.introspection(realm, resourceServerSecret))
                .build()) {
            String knownToken = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);
            valid(validator.validate(knownToken));
            valid(validator.validate(knownToken, IntrospectionConfig.Mode.JWT));
            // a key the validator has never seen: Keycloak signs with it from now on
            admin.addRsaSigningKey(realm.name(), "rsa-unseen", 200);
            String unseenToken = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);
            String unseenKid = Jwts.kid(unseenToken);
            assertThat(unseenKid).isNotEqualTo(Jwts.kid(knownToken));

            server.stop();
            try {
                clock.shift(Duration.ofSeconds(11));
                valid(validator.validate(knownToken));

                ValidationResult unseen = validator.validate(unseenToken);
                assertThat(unseen).isInstanceOf(ValidationResult.Unavailable.class);
                ValidationResult.Unavailable unavailable = (ValidationResult.Unavailable) unseen;
                assertThat(unavailable.failure().reason()).isEqualTo(FailureReason.KEYS_UNAVAILABLE);
                assertThat(unavailable.retryAfterSeconds()).isBetween(1L, 10L);
                assertThat(listener.events()).contains("outage started CONNECTION");

                // the refresh falls due during the outage: the last good keys stay in use
                clock.shift(Duration.ofMinutes(10));
                valid(validator.validate(knownToken));
                // introspection cannot be had (the cached answer is older than its TTL): 503, and only there
                ValidationResult introspected = validator.validate(knownToken, IntrospectionConfig.Mode.JWT);
                assertThat(introspected).isInstanceOf(ValidationResult.Unavailable.class);
                assertThat(introspected.rejection().orElseThrow().reason())
                        .isEqualTo(FailureReason.INTROSPECTION_UNAVAILABLE);
                valid(validator.validate(knownToken, IntrospectionConfig.Mode.OFF));
            } finally {
                KeycloakServer.Start start = server.start();
                System.out.printf(
                        Locale.ROOT,
                        "Keycloak restarted in %.1f s%n",
                        start.took().toMillis() / 1000.0);
            }

            clock.shift(Duration.ofSeconds(11));
            assertThat(valid(validator.validate(unseenToken)).keyId()).contains(unseenKid);
            valid(validator.validate(knownToken));
            assertThat(listener.events()).contains("outage ended");
            assertThat(listener.failedFetches()).isPositive();
        }
    }
}
