package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The checks of an {@code active: true} answer, like a JWT's: of a JWT that validated locally, the
 * answer's {@code exp}, {@code nbf}, {@code iss}, {@code aud} and {@code scope} where present; of an opaque
 * token, whose claims come only from the answer, all of {@link ClaimsStage}'s ({@code exp} and an accepted
 * audience required) and {@code iss}, and the {@link dev.portcullis.core.VerifiedToken} is built from it.
 */
final class IntrospectionChecks {
    private final Clock clock;
    private final long skewSeconds;
    private final Set<String> requiredScopes;
    private final ClaimsStage opaqueClaims;

    IntrospectionChecks(ValidatorConfig config, Clock clock) {
        this.clock = clock;
        this.skewSeconds = config.clockSkew().getSeconds();
        this.requiredScopes = config.requiredScopes();
        this.opaqueClaims = new ClaimsStage(config, clock);
    }

    /** Null if the answer about a JWT that validated holds, else the refusal. */
    ValidationResult checkJwt(JsonObject answer, Tenant tenant) {
        ValidationResult refused = checkIssuer(answer, tenant);
        if (refused != null) {
            return refused;
        }
        long now = Math.floorDiv(clock.millis(), 1000L);
        Object exp = answer.get("exp");
        if (exp != null
                && (!(exp instanceof Number n) || now >= NumericDate.plus(NumericDate.seconds(n), skewSeconds))) {
            return tenant.refuse(
                    exp instanceof Number ? FailureReason.EXPIRED : FailureReason.MALFORMED,
                    "the introspection answer's exp is past or not a number");
        }
        Object nbf = answer.get("nbf");
        if (nbf != null
                && (!(nbf instanceof Number n) || NumericDate.plus(now, skewSeconds) < NumericDate.seconds(n))) {
            return tenant.refuse(
                    nbf instanceof Number ? FailureReason.NOT_YET_VALID : FailureReason.MALFORMED,
                    "the introspection answer's nbf is in the future or not a number");
        }
        Object aud = answer.get("aud");
        if (aud != null) {
            Set<String> audiences = Claims.stringSet(aud);
            if (audiences == null || !tenant.accepts(audiences)) {
                return tenant.refuse(
                        FailureReason.WRONG_AUDIENCE,
                        "the introspection answer's aud names none of "
                                + tenant.policy().audiences());
            }
        }
        Object scope = answer.get("scope");
        if (scope != null && !requiredScopes.isEmpty()) {
            Set<String> granted = Claims.scopes(scope, null);
            if (granted == null || !granted.containsAll(requiredScopes)) {
                tenant.counted(FailureReason.INSUFFICIENT_SCOPE);
                return new ValidationResult.Invalid(new ValidationFailure(
                        FailureReason.INSUFFICIENT_SCOPE,
                        "the introspection answer's scope lacks " + requiredScopes,
                        List.copyOf(requiredScopes)));
            }
        }
        return null;
    }

    /** The token an active answer about an opaque token describes, or the refusal. */
    ValidationResult opaque(JsonObject answer, Tenant tenant) {
        ValidationResult refused = checkIssuer(answer, tenant);
        return refused != null ? refused : opaqueClaims.check(answer, tenant, null);
    }

    private static ValidationResult checkIssuer(JsonObject answer, Tenant tenant) {
        Object iss = answer.get("iss");
        if (iss != null && !tenant.policy().issuer().equals(iss)) {
            return tenant.refuse(
                    FailureReason.WRONG_ISSUER,
                    "the introspection answer's iss " + Safe.describe(iss) + " is not issuer "
                            + tenant.policy().name());
        }
        return null;
    }
}
