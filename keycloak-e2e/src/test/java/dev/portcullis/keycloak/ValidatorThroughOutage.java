package dev.portcullis.keycloak;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationResult;

import java.time.Duration;

import static dev.portcullis.keycloak.Results.valid;
import static dev.portcullis.keycloak.ShopRealm.ORDERS_CLIENT;
import static dev.portcullis.keycloak.ShopRealm.READ_ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KeycloakOutageIT}'s validator in the test JVM, with a clock the test moves, through the
 * outage in three steps: {@link #beforeOutage()} (Keycloak up), {@link #whileDown()} (Keycloak
 * stopped), {@link #afterRestart()} (Keycloak up again, same data directory, so the same keys). One
 * validator lives through it all: tokens with known keys keep validating, a token whose key was never
 * fetched is a server fault ({@link ValidationResult.Unavailable}), not an invalid token, until
 * Keycloak is back; requests that introspect their token are answered {@code Unavailable} meanwhile,
 * the others keep working.
 */
final class ValidatorThroughOutage implements AutoCloseable {
    private final KeycloakAdmin admin;
    private final ShopRealm realm;
    private final ShiftableClock clock = new ShiftableClock();
    private final RecordingListener listener = new RecordingListener();
    private final TokenValidator validator;
    private String knownToken;
    private String unseenToken;
    private String unseenKid;

    /** Creates the realm {@code realm}, with a resource-server client for introspection, and the validator. */
    ValidatorThroughOutage(KeycloakAdmin admin, String realm) {
        this.admin = admin;
        this.realm = admin.createShopRealm(realm);
        String resourceServerSecret = admin.createResourceServerClient(realm);
        this.validator = TokenValidator.builder(this.realm.validatorConfig().build())
                .clock(clock)
                .listener(listener)
                .introspection(KeycloakIntrospectionIT.introspection(this.realm, resourceServerSecret))
                .build();
    }

    /** Keycloak up: a token validates (and introspects); then Keycloak signs with a key never fetched. */
    void beforeOutage() {
        knownToken = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);
        valid(validator.validate(knownToken));
        valid(validator.validate(knownToken, IntrospectionConfig.Mode.JWT));
        // a key the validator has never seen: Keycloak signs with it from now on
        admin.addRsaSigningKey(realm.name(), "rsa-unseen", 200);
        unseenToken = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);
        unseenKid = Jwts.kid(unseenToken);
        assertThat(unseenKid).isNotEqualTo(Jwts.kid(knownToken));
    }

    /** Keycloak stopped: the known key validates, the unseen one is unavailable, introspection is. */
    void whileDown() {
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
        assertThat(introspected.rejection().orElseThrow().reason()).isEqualTo(FailureReason.INTROSPECTION_UNAVAILABLE);
        valid(validator.validate(knownToken, IntrospectionConfig.Mode.OFF));
    }

    /** Keycloak up again: the same validator accepts the unseen key and reports the outage over. */
    void afterRestart() {
        clock.shift(Duration.ofSeconds(11));
        assertThat(valid(validator.validate(unseenToken)).keyId()).contains(unseenKid);
        valid(validator.validate(knownToken));
        assertThat(listener.events()).contains("outage ended");
        assertThat(listener.failedFetches()).isPositive();
    }

    @Override
    public void close() {
        validator.close();
    }
}
