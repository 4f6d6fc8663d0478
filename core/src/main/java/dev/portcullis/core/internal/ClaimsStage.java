package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The claim checks of a token whose signature verified (README "What is checked", steps 5 and 6):
 * {@code exp} required, {@code exp}, {@code nbf}, {@code iat} with the leeway; {@code aud} names a
 * configured audience; the required scopes are granted; {@code sub} is a string; with the RFC 9068
 * check on, also the members RFC 9068 section 2.2 requires ({@code sub}, {@code iat}, {@code jti},
 * {@code client_id}). Builds the {@link dev.portcullis.core.VerifiedToken}.
 *
 * <p>Claims are decoded and parsed against a template ({@link #template()}, {@link #learn}): the
 * claims of a token that validated, since an issuer's tokens repeat most claims byte for byte.
 * Audience, scope and role sets equal to the last ones are shared ({@link RecentClaimSets}).
 */
final class ClaimsStage {
    private static final CoreInternals.TokenConstructor NEW_TOKEN = VerifiedTokenAccess.constructor();

    private final Clock clock;
    private final long skewSeconds;
    private final String[] rolesPath;
    private final Set<String> requiredScopeSet;
    private final String[] requiredScopes;
    private final boolean requireAccessTokenMembers;
    private final RecentClaimSets sets = new RecentClaimSets();
    private volatile Template template;

    ClaimsStage(ValidatorConfig config, Clock clock) {
        this.clock = clock;
        this.skewSeconds = config.clockSkew().toSeconds();
        this.rolesPath = config.rolesClaim().split("\\.");
        this.requiredScopeSet = config.requiredScopes();
        this.requiredScopes = requiredScopeSet.toArray(String[]::new);
        this.requireAccessTokenMembers = config.requireAccessTokenType();
    }

    /**
     * A valid token's claims and the payload they came from: the next token's payload is decoded
     * ({@link Base64Url#decode(byte[], int, int, Base64Url.Decoded)}) and parsed
     * ({@link JsonParser#parseClaims(byte[], JsonObject)}) against them.
     */
    record Template(JsonObject claims, Base64Url.Decoded payload) {}

    /** The template: from a recent valid token; null at first. */
    Template template() {
        return template;
    }

    /**
     * Takes the claims of a valid token (its {@code parts}) as the template if fewer than half of them
     * matched the template they were parsed against, so it follows the traffic without a write per
     * request.
     */
    void learn(JsonObject claims, TokenParts parts) {
        if (claims.reused() * 2 < claims.size()) {
            template = new Template(claims, parts.decodedPayload());
        }
    }

    /**
     * Checks the {@code claims} of a token of {@code tenant} whose signature verified with the key named
     * {@code kid}: the {@link ValidationResult.Valid} result, or the refusal.
     */
    ValidationResult check(JsonObject claims, Tenant tenant, String kid) {
        Object exp = null;
        Object nbf = null;
        Object iat = null;
        Object aud = null;
        Object scope = null;
        Object scp = null;
        Object sub = null;
        Object jti = null;
        Object clientId = null;
        for (int i = 0; i < claims.size(); i++) {
            int known = claims.knownIndex(i);
            switch (known >= 0 ? CLAIM_BY_KNOWN_INDEX[known] : claim(claims.name(i))) {
                case EXP -> exp = claims.value(i);
                case NBF -> nbf = claims.value(i);
                case IAT -> iat = claims.value(i);
                case AUD -> aud = claims.value(i);
                case SCOPE -> scope = claims.value(i);
                case SCP -> scp = claims.value(i);
                case SUB -> sub = claims.value(i);
                // Lazy values: built only when the RFC 9068 check reads them.
                case JTI -> jti = requireAccessTokenMembers ? claims.value(i) : null;
                case CLIENT_ID -> clientId = requireAccessTokenMembers ? claims.value(i) : null;
                default -> {}
            }
        }
        long now = Math.floorDiv(clock.millis(), 1000L);
        if (exp == null) {
            return tenant.refuse(FailureReason.MISSING_CLAIM, "no exp claim");
        }
        if (!(exp instanceof Number expNumber)) {
            return tenant.refuse(FailureReason.MALFORMED, "exp is not a number");
        }
        if (requireAccessTokenMembers) {
            ValidationResult refused = checkAccessTokenMembers(tenant, sub, iat, jti, clientId);
            if (refused != null) {
                return refused;
            }
        }
        long expSeconds = NumericDate.seconds(expNumber);
        if (now >= NumericDate.plus(expSeconds, skewSeconds)) {
            return tenant.refuse(
                    FailureReason.EXPIRED, "expired " + (now - expSeconds) + " s ago (leeway " + skewSeconds + " s)");
        }
        if (nbf != null) {
            if (!(nbf instanceof Number n)) {
                return tenant.refuse(FailureReason.MALFORMED, "nbf is not a number");
            }
            long nbfSeconds = NumericDate.seconds(n);
            if (NumericDate.plus(now, skewSeconds) < nbfSeconds) {
                return tenant.refuse(
                        FailureReason.NOT_YET_VALID,
                        "valid in " + (nbfSeconds - now) + " s (leeway " + skewSeconds + " s)");
            }
        }
        Instant issuedAt = null;
        if (iat != null) {
            if (!(iat instanceof Number n)) {
                return tenant.refuse(FailureReason.MALFORMED, "iat is not a number");
            }
            long iatSeconds = NumericDate.seconds(n);
            if (NumericDate.plus(now, skewSeconds) < iatSeconds) {
                return tenant.refuse(
                        FailureReason.ISSUED_IN_FUTURE,
                        "issued " + (iatSeconds - now) + " s in the future (leeway " + skewSeconds + " s)");
            }
            issuedAt = NumericDate.instant(iatSeconds);
        }
        Set<String> audiences = sets.audiences(aud);
        if (audiences == null) {
            return tenant.refuse(FailureReason.WRONG_AUDIENCE, "aud is neither a string nor an array of strings");
        }
        if (!tenant.accepts(audiences)) {
            return tenant.refuse(
                    FailureReason.WRONG_AUDIENCE,
                    audiences.isEmpty()
                            ? "no aud claim"
                            : "aud names none of " + tenant.policy().audiences());
        }
        Set<String> scopes = sets.scopes(scope, scp);
        if (scopes == null) {
            return tenant.refuse(FailureReason.MALFORMED, "scope or scp is neither a string nor an array of strings");
        }
        for (String required : requiredScopes) {
            if (!scopes.contains(required)) {
                return insufficientScope(tenant, scopes);
            }
        }
        if (sub != null && !(sub instanceof String)) {
            return tenant.refuse(FailureReason.MALFORMED, "sub is not a string");
        }
        Set<String> roles = sets.roles(claims, rolesPath);
        ValidationResult.Valid valid = new ValidationResult.Valid(NEW_TOKEN.create(
                (String) sub,
                tenant.policy().issuer(),
                audiences,
                NumericDate.instant(expSeconds),
                issuedAt,
                scopes,
                roles,
                kid,
                claims));
        return valid;
    }

    /**
     * RFC 9068 section 2.2: {@code sub}, {@code iat}, {@code jti} and {@code client_id} are required
     * ({@code MISSING_CLAIM}, the detail naming the first one absent); {@code jti} and {@code client_id}
     * must be strings ({@code sub} and {@code iat} are type-checked for every token). Null if they hold.
     */
    private static ValidationResult checkAccessTokenMembers(
            Tenant tenant, Object sub, Object iat, Object jti, Object clientId) {
        String missing =
                sub == null ? "sub" : iat == null ? "iat" : jti == null ? "jti" : clientId == null ? "client_id" : null;
        if (missing != null) {
            return tenant.refuse(
                    FailureReason.MISSING_CLAIM,
                    "no " + missing + " claim (required by RFC 9068 with portcullis.verify.typ)");
        }
        if (!(jti instanceof String)) {
            return tenant.refuse(FailureReason.MALFORMED, "jti is not a string");
        }
        if (!(clientId instanceof String)) {
            return tenant.refuse(FailureReason.MALFORMED, "client_id is not a string");
        }
        return null;
    }

    private ValidationResult insufficientScope(Tenant tenant, Set<String> scopes) {
        Set<String> missing = new LinkedHashSet<>(requiredScopeSet);
        missing.removeAll(scopes);
        tenant.counted(FailureReason.INSUFFICIENT_SCOPE);
        return new ValidationResult.Invalid(new ValidationFailure(
                FailureReason.INSUFFICIENT_SCOPE,
                "missing required scope(s) " + missing,
                List.copyOf(requiredScopeSet)));
    }

    /** The claims {@link #check} reads, as small numbers; {@link #OTHER} for the rest. */
    private static final int OTHER = 0;

    private static final int EXP = 1;
    private static final int NBF = 2;
    private static final int IAT = 3;
    private static final int AUD = 4;
    private static final int SCOPE = 5;
    private static final int SCP = 6;
    private static final int SUB = 7;
    private static final int JTI = 8;
    private static final int CLIENT_ID = 9;
    /** Those numbers by the parser's index of a well-known name, saving a string switch per claim. */
    private static final int[] CLAIM_BY_KNOWN_INDEX = new int[JsonParser.knownNames()];

    static {
        for (int k = 0; k < CLAIM_BY_KNOWN_INDEX.length; k++) {
            CLAIM_BY_KNOWN_INDEX[k] = claim(JsonParser.knownName(k));
        }
    }

    private static int claim(String name) {
        return switch (name) {
            case "exp" -> EXP;
            case "nbf" -> NBF;
            case "iat" -> IAT;
            case "aud" -> AUD;
            case "scope" -> SCOPE;
            case "scp" -> SCP;
            case "sub" -> SUB;
            case "jti" -> JTI;
            case "client_id" -> CLIENT_ID;
            default -> OTHER;
        };
    }
}
