package dev.portcullis.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link TokenValidator#validate(String)}: a verified token, a refusal of the
 * token, or a server fault (the keys could not be had). Validation never throws.
 *
 * @since 0.1.0
 */
public sealed interface ValidationResult
        permits ValidationResult.Valid, ValidationResult.Invalid, ValidationResult.Unavailable {

    /** True for {@link Valid}. */
    default boolean isValid() {
        return this instanceof Valid;
    }

    /** The verified token, when valid. */
    default Optional<VerifiedToken> verifiedToken() {
        return this instanceof Valid v ? Optional.of(v.token()) : Optional.empty();
    }

    /** The failure, when invalid or unavailable; empty when valid. */
    Optional<ValidationFailure> rejection();

    /** The token was verified and satisfies the policy. */
    record Valid(VerifiedToken token) implements ValidationResult {
        /** Checks for null. */
        public Valid {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public Optional<ValidationFailure> rejection() {
            return Optional.empty();
        }
    }

    /** The token (or the request carrying it) was refused: a client fault. */
    record Invalid(ValidationFailure failure) implements ValidationResult {
        /** Checks that the reason is a client fault. */
        public Invalid {
            Objects.requireNonNull(failure, "failure");
            if (failure.reason().isServerFault()) {
                throw new IllegalArgumentException("a server fault is not an invalid token: " + failure.reason());
            }
        }

        @Override
        public Optional<ValidationFailure> rejection() {
            return Optional.of(failure);
        }
    }

    /**
     * The signing keys could not be obtained, so the token could be neither accepted nor refused:
     * a server fault, answered with 503 and {@code Retry-After}.
     *
     * @param retryAfter how long until another attempt to obtain the keys will be made
     */
    record Unavailable(ValidationFailure failure, Duration retryAfter) implements ValidationResult {
        /** Checks the arguments. */
        public Unavailable {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(retryAfter, "retryAfter");
            if (!failure.reason().isServerFault()) {
                throw new IllegalArgumentException("not a server fault: " + failure.reason());
            }
            if (retryAfter.isNegative()) {
                retryAfter = Duration.ZERO;
            }
        }

        @Override
        public Optional<ValidationFailure> rejection() {
            return Optional.of(failure);
        }

        /** {@code retryAfter} in whole seconds, at least 1, for the {@code Retry-After} header. */
        public long retryAfterSeconds() {
            long s = (retryAfter.toMillis() + 999) / 1000;
            return Math.max(1, s);
        }
    }
}
