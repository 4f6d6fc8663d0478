package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.VerifiedToken;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What a valid token must still show for one request, in this order: its certificate binding
 * (RFC 8705 §3), the resource identifier in its {@code aud} when {@code portcullis.verify.resource-indicator}
 * asks for it (RFC 8707), the scopes and roles the request needs, then its step-up rules (RFC 9470; see
 * {@link StepUp} for why last). Immutable and thread-safe.
 */
final class AccessChecks {
    private final CertificateBoundTokens certificateBound;
    private final ResourceMetadata metadata; // null: no resource-indicator rule
    private final Clock clock;
    private final Duration leeway;

    AccessChecks(CertificateBoundTokens certificateBound, ResourceMetadata metadata, Clock clock, Duration leeway) {
        this.certificateBound = certificateBound;
        this.metadata = metadata;
        this.clock = clock;
        this.leeway = leeway;
    }

    /** Null if {@code token} may be used for {@code request} needing {@code need}, else why not. */
    ValidationFailure check(VerifiedToken token, HttpRequestView request, AccessRequirement need) {
        ValidationFailure unbound = certificateBound.check(token, request);
        if (unbound != null) {
            return unbound;
        }
        if (metadata != null && !metadata.audienceAccepted(token, request)) {
            return ValidationFailure.of(FailureReason.WRONG_AUDIENCE, "aud lacks the resource identifier");
        }
        if (need.isNone()) {
            return null;
        }
        if (!need.scopesGrantedTo(token)) {
            return new ValidationFailure(
                    FailureReason.INSUFFICIENT_SCOPE,
                    "needs " + need.scopeMatch() + " of the scopes " + need.scopes(),
                    List.copyOf(need.scopes()));
        }
        if (!need.rolesGrantedTo(token)) {
            return ValidationFailure.of(FailureReason.INSUFFICIENT_ROLE, "needs one of the roles " + need.roles());
        }
        return need.needsStepUp() ? StepUp.check(token, need, clock.instant(), leeway) : null; // no clock read else
    }
}
