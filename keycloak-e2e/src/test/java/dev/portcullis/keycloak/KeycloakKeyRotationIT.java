package dev.portcullis.keycloak;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static dev.portcullis.keycloak.Results.invalid;
import static dev.portcullis.keycloak.Results.valid;
import static dev.portcullis.keycloak.ShopRealm.ORDERS_CLIENT;
import static dev.portcullis.keycloak.ShopRealm.READ_ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak rotates its signing key the way its admin console does: a new {@code rsa-generated} key
 * with a higher priority signs every new token at once, the old key stays published until its
 * provider is removed. The validators run with the default intervals (10 s minimum refetch, 10 min
 * refresh) on a clock the tests move forward instead of waiting.
 */
@WithKeycloak
class KeycloakKeyRotationIT {
    private static final Duration PAST_MIN_REFETCH = Duration.ofSeconds(11);
    private static final Duration PAST_REFRESH = Duration.ofMinutes(10);

    private static KeycloakAdmin admin;

    @BeforeAll
    static void keycloak(KeycloakAdmin keycloakAdmin) {
        admin = keycloakAdmin;
    }

    @Test
    void
            whenKeycloakSignsWithANewKeyRightAfterAFetchThenItsTokensAre503UntilOneMoreFetchThenValidAndOldTokensStillAre() {
        ShopRealm realm = admin.createShopRealm("shop-rotation");
        ShiftableClock clock = new ShiftableClock();
        RecordingListener listener = new RecordingListener();
        try (TokenValidator validator = TokenValidator.builder(
                        realm.validatorConfig().build())
                .clock(clock)
                .listener(listener)
                .build()) {
            String oldKid = admin.activeKeyId(realm.name(), "RS256");
            String oldToken = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);
            assertThat(valid(validator.validate(oldToken)).keyId()).contains(oldKid);
            assertThat(listener.fetches()).isEqualTo(1);

            admin.addRsaSigningKey(realm.name(), "rsa-rotated", 200);
            String newToken = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);
            String newKid = Jwts.kid(newToken);
            assertThat(newKid).isNotEqualTo(oldKid).isEqualTo(admin.activeKeyId(realm.name(), "RS256"));

            // Right after a fetch, the rate limit holds the refetch back for up to 10 s; the token is
            // newer than the keys, so its key may just have been published: 503 with Retry-After =
            // the time until the next fetch is allowed, never 401 (issue 27).
            ValidationResult deferred = validator.validate(newToken);
            assertThat(deferred).isInstanceOf(ValidationResult.Unavailable.class);
            ValidationResult.Unavailable unavailable = (ValidationResult.Unavailable) deferred;
            assertThat(unavailable.failure().reason()).isEqualTo(FailureReason.KEY_NOT_YET_FETCHED);
            assertThat(unavailable.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10));
            assertThat(listener.fetches()).isEqualTo(1);

            clock.shift(PAST_MIN_REFETCH);
            assertThat(valid(validator.validate(newToken)).keyId()).contains(newKid);
            assertThat(listener.fetches()).isEqualTo(2);

            assertThat(valid(validator.validate(oldToken)).keyId()).contains(oldKid);
            assertThat(valid(validator.validate(realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS)))
                            .keyId())
                    .contains(newKid);
            assertThat(listener.fetches()).isEqualTo(2);
            assertThat(listener.events()).contains("changed +[" + newKid + "] -[]");
        }
    }

    @Test
    void whenKeycloakRemovesTheOldKeyThenItsTokensAreRefusedAfterTheNextRefresh() throws InterruptedException {
        ShopRealm realm = admin.createShopRealm("shop-retirement");
        ShiftableClock clock = new ShiftableClock();
        RecordingListener listener = new RecordingListener();
        try (TokenValidator validator = TokenValidator.builder(
                        realm.validatorConfig().build())
                .clock(clock)
                .listener(listener)
                .build()) {
            String oldKid = admin.activeKeyId(realm.name(), "RS256");
            String oldToken = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);
            valid(validator.validate(oldToken));
            admin.addRsaSigningKey(realm.name(), "rsa-rotated", 200);
            String newToken = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);
            clock.shift(PAST_MIN_REFETCH);
            valid(validator.validate(newToken));
            assertThat(listener.fetches()).isEqualTo(2);

            admin.removeKeyProvider(realm.name(), admin.providerOf(realm.name(), oldKid));
            assertThat(realm.jwks()).doesNotContain(oldKid).contains(Jwts.kid(newToken));

            // until the refresh is due, the validator trusts the keys it has
            valid(validator.validate(oldToken));
            assertThat(listener.fetches()).isEqualTo(2);

            clock.shift(PAST_REFRESH);
            // the request that finds the keys due is answered from them and starts one refresh
            valid(validator.validate(oldToken));
            assertThat(listener.awaitRemoved(oldKid, Duration.ofSeconds(10)))
                    .as("refresh dropped %s", oldKid)
                    .isTrue();
            assertThat(listener.fetches()).isEqualTo(3);

            assertThat(invalid(awaitRefusal(validator, oldToken))).isEqualTo(FailureReason.UNKNOWN_KEY);
            assertThat(invalid(validator.validate(oldToken))).isEqualTo(FailureReason.UNKNOWN_KEY);
            valid(validator.validate(newToken));
            assertThat(listener.events()).contains("changed +[] -[" + oldKid + "]");
            assertThat(listener.fetches()).isEqualTo(3);
        }
    }

    /**
     * The first result for {@code token} that is not valid, within a second. The listener hears of
     * a refreshed key set as the fetch settles, a few milliseconds before validations see it.
     */
    private static ValidationResult awaitRefusal(TokenValidator validator, String token) {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        ValidationResult result = validator.validate(token);
        while (result.isValid() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            result = validator.validate(token);
        }
        return result;
    }
}
