package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.RevocationCheck;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.VerifiedToken;

import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Asks the application's {@link RevocationCheck} about every token the delegate accepted: a revoked
 * token is refused with {@link FailureReason#REVOKED}, a check that throws fails closed with
 * {@link FailureReason#REVOCATION_UNAVAILABLE} (503).
 */
final class RevocationStep implements TokenValidator {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final TokenValidator delegate;
    private final RevocationCheck check;
    private final BiConsumer<String, FailureReason> refusedByIss;

    /**
     * @param refusedByIss told of each refusal with the token's {@code iss}, for per-issuer counters
     */
    RevocationStep(TokenValidator delegate, RevocationCheck check, BiConsumer<String, FailureReason> refusedByIss) {
        this.delegate = delegate;
        this.check = check;
        this.refusedByIss = refusedByIss;
    }

    @Override
    public ValidationResult validate(String token) {
        ValidationResult result = delegate.validate(token);
        if (!(result instanceof ValidationResult.Valid valid)) {
            return result;
        }
        ValidationResult refusal = ask(valid.token());
        if (refusal == null) {
            return valid;
        }
        refusedByIss.accept(
                valid.token().issuer(), refusal.rejection().orElseThrow().reason());
        return refusal;
    }

    /** Null when the token is not revoked. */
    private ValidationResult ask(VerifiedToken token) {
        try {
            if (check.isRevoked(token)) {
                return new ValidationResult.Invalid(
                        ValidationFailure.of(FailureReason.REVOKED, "revoked by the application's revocation check"));
            }
            return null;
        } catch (RuntimeException e) {
            return new ValidationResult.Unavailable(
                    ValidationFailure.of(FailureReason.REVOCATION_UNAVAILABLE, "the revocation check failed"),
                    RETRY_AFTER);
        }
    }

    @Override
    public ValidatorConfig config() {
        return delegate.config();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
