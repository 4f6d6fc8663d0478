package dev.portcullis.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A refusal: the reason, and what an adapter needs to answer it.
 *
 * @param reason why the token or request was refused
 * @param detail an operator-facing explanation for logs (e.g. "expired 42 s ago, leeway 60 s");
 *               never contains token content and is never sent to the client
 * @param requiredScopes for {@link FailureReason#INSUFFICIENT_SCOPE}: the scopes the request needs
 *                       (the {@code scope} attribute of the challenge); otherwise empty
 * @since 0.1.0
 */
public record ValidationFailure(FailureReason reason, String detail, List<String> requiredScopes) {

    /** Validates and copies. */
    public ValidationFailure {
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? reason.description() : detail;
        requiredScopes = List.copyOf(requiredScopes);
    }

    /** A failure with the reason's own description as detail. */
    public static ValidationFailure of(FailureReason reason) {
        return new ValidationFailure(reason, null, List.of());
    }

    /** A failure with an operator-facing detail. */
    public static ValidationFailure of(FailureReason reason, String detail) {
        return new ValidationFailure(reason, detail, List.of());
    }

    /** The RFC 6750 error code, if the reason has one. */
    public Optional<BearerError> error() {
        return reason.error();
    }

    /** The HTTP status to answer with. */
    public int status() {
        return reason.status();
    }

    /** The fixed, client-safe description. */
    public String description() {
        return reason.description();
    }
}
