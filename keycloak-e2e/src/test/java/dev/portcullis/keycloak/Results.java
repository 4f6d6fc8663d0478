package dev.portcullis.keycloak;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.VerifiedToken;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on validation results that say why a result was not the expected one. */
final class Results {
    private Results() {}

    static VerifiedToken valid(ValidationResult result) {
        assertThat(result).as("expected a valid token, got %s", result).isInstanceOf(ValidationResult.Valid.class);
        return ((ValidationResult.Valid) result).token();
    }

    static FailureReason invalid(ValidationResult result) {
        assertThat(result).as("expected an invalid token, got %s", result).isInstanceOf(ValidationResult.Invalid.class);
        return ((ValidationResult.Invalid) result).failure().reason();
    }
}
