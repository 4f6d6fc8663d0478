package dev.portcullis.core.internal;

import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;

/**
 * Counts refusals that the request path decides without validating a token (400 for a malformed
 * request, 403 for a missing scope or role), so that the validator's metrics show every refused
 * request. For {@code dev.portcullis.core.http} only; a validator not built by
 * {@link dev.portcullis.core.TokenValidator.Builder} is not counted.
 */
public final class RefusalCounter {
    private RefusalCounter() {
    }

    /** Counts {@code failure} against {@code validator}'s metrics. Never throws. */
    public static void record(TokenValidator validator, ValidationFailure failure) {
        if (failure != null && validator instanceof MeteredTokenValidator metered) {
            metered.countRefusal(failure);
        }
    }
}
