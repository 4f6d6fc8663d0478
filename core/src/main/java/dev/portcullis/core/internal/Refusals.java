package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;

/** The refusals the pipeline's stages answer with. */
final class Refusals {
    private Refusals() {}

    /** A refusal for {@code reason}, with {@code detail} for the operator (never sent to the client). */
    static ValidationResult invalid(FailureReason reason, String detail) {
        return new ValidationResult.Invalid(ValidationFailure.of(reason, detail));
    }
}
