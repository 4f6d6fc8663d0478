package dev.portcullis.core.introspection;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.TokenBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A loopback identity provider with its introspection endpoint, a movable clock, and a validator trusting the
 * provider that introspects as a test says (client {@code rs} / {@code rs-secret}, registered).
 */
final class Introspecting implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final String CLIENT = "rs";
    static final String SECRET = "rs-secret-do-not-log";

    final MutableClock clock = MutableClock.at(T0);
    final LocalIdp idp = LocalIdp.builder().clock(clock).start();
    private TokenValidator validator;

    Introspecting() {
        idp.introspection().registerClient(CLIENT, SECRET);
    }

    /** Basic authentication at the provider's endpoint. */
    IntrospectionConfig.Client client() {
        return IntrospectionConfig.Client.basic(CLIENT, SECRET)
                .at(idp.introspection().uri());
    }

    /** Introspection of JWTs with the default client. */
    IntrospectionConfig.Builder introspection() {
        return IntrospectionConfig.builder().mode(IntrospectionConfig.Mode.JWT).client(client());
    }

    ValidatorConfig.Builder config() {
        return ValidatorConfig.builder()
                .issuer(idp.issuer())
                .audiences("orders-api")
                .jwksUri(idp.jwksUri());
    }

    TokenValidator validator(UnaryOperator<IntrospectionConfig.Builder> introspection) {
        return validator(config().build(), introspection.apply(introspection()).build());
    }

    TokenValidator validator(ValidatorConfig config, IntrospectionConfig introspection) {
        if (validator != null) {
            validator.close();
        }
        validator = TokenValidator.builder(config)
                .clock(clock)
                .introspection(introspection)
                .build();
        return validator;
    }

    TokenValidator validator() {
        if (validator == null) {
            validator(UnaryOperator.identity());
        }
        return validator;
    }

    ValidationResult validate(String token) {
        return validator().validate(token);
    }

    TokenBuilder token() {
        return idp.token();
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    static FailureReason reasonOf(ValidationResult result) {
        assertThat(result.rejection())
                .as("expected a rejection but was %s", result)
                .isPresent();
        return result.rejection().get().reason();
    }

    @Override
    public void close() {
        if (validator != null) {
            validator.close();
        }
        idp.close();
    }
}
