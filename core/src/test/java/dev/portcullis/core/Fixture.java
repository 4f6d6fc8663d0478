package dev.portcullis.core;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.TokenBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** A loopback identity provider, a movable clock and a validator trusting that provider. */
final class Fixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    final MutableClock clock = MutableClock.at(T0);
    final LocalIdp idp = LocalIdp.builder().clock(clock).start();
    private TokenValidator validator;

    /** The default policy: this IdP, audience orders-api, RS256, JWKS over HTTP. */
    ValidatorConfig.Builder config() {
        return ValidatorConfig.builder()
                .issuer(idp.issuer())
                .audiences("orders-api")
                .jwksUri(idp.jwksUri());
    }

    TokenValidator validator() {
        if (validator == null) {
            validator = validator(UnaryOperator.identity());
        }
        return validator;
    }

    TokenValidator validator(UnaryOperator<ValidatorConfig.Builder> customize) {
        return validator(customize, UnaryOperator.identity());
    }

    /** A validator of the customized policy, built by the customized builder (listeners...). */
    TokenValidator validator(
            UnaryOperator<ValidatorConfig.Builder> customize, UnaryOperator<TokenValidator.Builder> build) {
        TokenValidator v = build.apply(
                        TokenValidator.builder(customize.apply(config()).build())
                                .clock(clock))
                .build();
        if (validator != null && validator != v) {
            validator.close();
        }
        validator = v;
        return v;
    }

    TokenBuilder token() {
        return idp.token();
    }

    ValidationResult validate(String token) {
        return validator().validate(token);
    }

    static FailureReason reasonOf(ValidationResult result) {
        assertThat(result.rejection())
                .as("expected a rejection but was %s", result)
                .isPresent();
        return result.rejection().get().reason();
    }

    /** A token of this IdP naming {@code kid}, with a dummy signature: cheap, for floods of unknown kids. */
    String tokenWithKid(String kid) {
        return tokenWithKid(kid, token());
    }

    /** As {@link #tokenWithKid(String)}, with the claims of {@code claims} (an attacker's choice of iat...). */
    static String tokenWithKid(String kid, TokenBuilder claims) {
        return dev.portcullis.testkit.Tokens.compact(
                "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", claims.unsignedPayloadJson(), new byte[256]);
    }

    /**
     * Returns once a key fetch under way, if any, has been settled by the validator, without
     * starting another (call it within the minimum refetch interval of the last fetch): a token of
     * an unknown kid joins the running fetch, or is refused a refetch by the rate limit.
     */
    void awaitFetchSettled() {
        for (int i = 0; i < 5; i++) {
            ValidationResult result = validate(tokenWithKid("settle-" + System.nanoTime()));
            // A wait that timed out just as the fetch did: join again, or be refused a new one.
            if (!(result instanceof ValidationResult.Unavailable u
                    && u.failure().detail().contains("takes longer"))) {
                return;
            }
        }
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    @Override
    public void close() {
        if (validator != null) {
            validator.close();
        }
        idp.close();
    }
}
