package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IssuerPolicy;
import dev.portcullis.core.JwksSource;
import dev.portcullis.core.KeySet;
import dev.portcullis.core.KeySetListener;
import dev.portcullis.core.KeysUnavailableException;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.VerificationKey;
import dev.portcullis.core.VerifiedToken;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The validator. Checks run cheap-first: size, shape, header, issuer routing, key, signature, then
 * time, audience and scope claims. Every path returns a result; nothing is thrown to the caller.
 */
public final class DefaultTokenValidator implements TokenValidator {
    private static final System.Logger LOG = System.getLogger("dev.portcullis");

    private final ValidatorConfig config;
    private final Clock clock;
    private final Map<String, Tenant> tenantsByIssuer;
    private final Set<String> allAlgorithms;
    private final long skewSeconds;
    private final String[] rolesPath;
    private final AtomicBoolean closed = new AtomicBoolean();

    private record Tenant(IssuerPolicy policy, JwksSource keys) {
    }

    public DefaultTokenValidator(ValidatorConfig config, Clock clock, Map<String, JwksSource> overrides,
                                 List<KeySetListener> listeners) {
        this.config = config;
        this.clock = clock;
        this.skewSeconds = config.clockSkew().getSeconds();
        this.rolesPath = config.rolesClaim().split("\\.");
        Map<String, Tenant> tenants = new HashMap<>();
        Set<String> algs = new HashSet<>();
        List<JwksSource> created = new ArrayList<>();
        KeySetEvents events = KeySetEvents.to(listeners);
        try {
            for (IssuerPolicy policy : config.issuers()) {
                JwksSource source = overrides.get(policy.name());
                if (source == null) {
                    source = KeySources.create(policy, config, clock, events);
                    created.add(source);
                }
                tenants.put(policy.issuer(), new Tenant(policy, source));
                algs.addAll(policy.algorithms());
            }
        } catch (RuntimeException e) {
            created.forEach(JwksSource::close);
            throw e;
        }
        this.tenantsByIssuer = Map.copyOf(tenants);
        this.allAlgorithms = Set.copyOf(algs);
    }

    @Override
    public ValidatorConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (Tenant t : tenantsByIssuer.values()) {
                try {
                    t.keys().close();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing the key source of issuer {0} failed", t.policy().name());
                }
            }
        }
    }

    @Override
    public ValidationResult validate(String token) {
        try {
            return check(token);
        } catch (RuntimeException | StackOverflowError e) {
            // A defect or hostile input we did not foresee: still a precise, safe answer.
            return invalid(FailureReason.MALFORMED, "token could not be parsed");
        }
    }

    private ValidationResult check(String token) {
        if (token == null || token.isEmpty()) {
            return invalid(FailureReason.MISSING_TOKEN, "no token");
        }
        if (token.length() > config.maxTokenLength()) {
            return invalid(FailureReason.TOKEN_TOO_LARGE,
                    "token of " + token.length() + " characters exceeds the limit of " + config.maxTokenLength());
        }
        TokenParts parts = TokenParts.split(token);
        if (parts.problem() != null) {
            return invalid(FailureReason.MALFORMED, parts.problem());
        }
        Map<String, Object> header = Json.parseObject(parts.header());
        if (header == null) {
            return invalid(FailureReason.MALFORMED, "header is not a JSON object with unique member names");
        }
        Object alg = header.get("alg");
        if (!(alg instanceof String algorithm) || !allAlgorithms.contains(algorithm)) {
            return invalid(FailureReason.UNSUPPORTED_ALGORITHM, "alg " + Safe.describe(alg) + " is not in the allow-list " + allAlgorithms);
        }
        if (header.containsKey("crit") || header.containsKey("b64")) {
            return invalid(FailureReason.UNSUPPORTED_HEADER, "header carries crit or b64, which are never accepted");
        }
        if (config.requireAccessTokenType() && !isAccessTokenType(header.get("typ"))) {
            return invalid(FailureReason.WRONG_TYPE, "typ " + Safe.describe(header.get("typ")) + " is not at+jwt");
        }
        Object kidValue = header.get("kid");
        if (kidValue != null && !(kidValue instanceof String)) {
            return invalid(FailureReason.MALFORMED, "kid is not a string");
        }
        String kid = (String) kidValue;
        Map<String, Object> claims = Json.parseObject(parts.payload());
        if (claims == null) {
            return invalid(FailureReason.MALFORMED, "claims are not a JSON object with unique member names");
        }
        Object iss = claims.get("iss");
        Tenant tenant = iss instanceof String s ? tenantsByIssuer.get(s) : null;
        if (tenant == null) {
            return invalid(FailureReason.WRONG_ISSUER, iss == null ? "no iss claim" : "iss " + Safe.describe(iss) + " is not trusted");
        }
        if (!tenant.policy().algorithms().contains(algorithm)) {
            return invalid(FailureReason.UNSUPPORTED_ALGORITHM,
                    "alg " + algorithm + " is not allowed for issuer " + tenant.policy().name());
        }
        if (parts.signatureLength() == 0) {
            return invalid(FailureReason.BAD_SIGNATURE, "empty signature");
        }

        // Keys and signature.
        List<VerificationKey> candidates;
        try {
            KeySet keys = tenant.keys().keys();
            candidates = fitting(keys, kid, algorithm);
            if (candidates.isEmpty()) {
                KeySet fresher = tenant.keys().refresh(keys);
                candidates = fitting(fresher, kid, algorithm);
            }
        } catch (KeysUnavailableException e) {
            return new ValidationResult.Unavailable(
                    ValidationFailure.of(FailureReason.KEYS_UNAVAILABLE, e.getMessage()), e.retryAfter());
        }
        if (candidates.isEmpty()) {
            return invalid(FailureReason.UNKNOWN_KEY, kid == null
                    ? "no " + algorithm + " key of issuer " + tenant.policy().name()
                    : "kid " + Safe.describe(kid) + " is not published by issuer " + tenant.policy().name());
        }
        VerificationKey verifiedWith = null;
        for (VerificationKey key : candidates) {
            if (signatureVerifies(token, algorithm, key)) {
                verifiedWith = key;
                break;
            }
        }
        if (verifiedWith == null) {
            return invalid(FailureReason.BAD_SIGNATURE, "signature does not verify with " + candidates.size() + " candidate key(s)");
        }
        return checkClaims(claims, tenant.policy(), kid);
    }

    private ValidationResult checkClaims(Map<String, Object> claims, IssuerPolicy policy, String kid) {
        long now = clock.instant().getEpochSecond();
        Object exp = claims.get("exp");
        if (exp == null) {
            return invalid(FailureReason.MISSING_CLAIM, "no exp claim");
        }
        if (!(exp instanceof Number expNumber)) {
            return invalid(FailureReason.MALFORMED, "exp is not a number");
        }
        long expSeconds = NumericDate.seconds(expNumber);
        if (now >= NumericDate.plus(expSeconds, skewSeconds)) {
            return invalid(FailureReason.EXPIRED, "expired " + (now - expSeconds) + " s ago (leeway " + skewSeconds + " s)");
        }
        Object nbf = claims.get("nbf");
        if (nbf != null) {
            if (!(nbf instanceof Number n)) {
                return invalid(FailureReason.MALFORMED, "nbf is not a number");
            }
            long nbfSeconds = NumericDate.seconds(n);
            if (NumericDate.plus(now, skewSeconds) < nbfSeconds) {
                return invalid(FailureReason.NOT_YET_VALID, "valid in " + (nbfSeconds - now) + " s (leeway " + skewSeconds + " s)");
            }
        }
        Object iat = claims.get("iat");
        Instant issuedAt = null;
        if (iat != null) {
            if (!(iat instanceof Number n)) {
                return invalid(FailureReason.MALFORMED, "iat is not a number");
            }
            long iatSeconds = NumericDate.seconds(n);
            if (NumericDate.plus(now, skewSeconds) < iatSeconds) {
                return invalid(FailureReason.ISSUED_IN_FUTURE, "issued " + (iatSeconds - now) + " s in the future (leeway " + skewSeconds + " s)");
            }
            issuedAt = NumericDate.instant(iatSeconds);
        }
        Set<String> audiences = Claims.stringSet(claims.get("aud"));
        if (audiences == null) {
            return invalid(FailureReason.WRONG_AUDIENCE, "aud is neither a string nor an array of strings");
        }
        if (!policy.anyAudience() && audiences.stream().noneMatch(policy.audiences()::contains)) {
            return invalid(FailureReason.WRONG_AUDIENCE, audiences.isEmpty() ? "no aud claim"
                    : "aud names none of " + policy.audiences());
        }
        Set<String> scopes = Claims.scopes(claims);
        if (scopes == null) {
            return invalid(FailureReason.MALFORMED, "scope is not a string or scp not an array of strings");
        }
        if (!scopes.containsAll(config.requiredScopes())) {
            Set<String> missing = new LinkedHashSet<>(config.requiredScopes());
            missing.removeAll(scopes);
            return new ValidationResult.Invalid(new ValidationFailure(FailureReason.INSUFFICIENT_SCOPE,
                    "missing required scope(s) " + missing, List.copyOf(config.requiredScopes())));
        }
        Object sub = claims.get("sub");
        if (sub != null && !(sub instanceof String)) {
            return invalid(FailureReason.MALFORMED, "sub is not a string");
        }
        Set<String> roles = Claims.roles(claims, rolesPath);
        Map<String, Object> frozen = Json.freeze(claims);
        return new ValidationResult.Valid(new VerifiedToken((String) sub, policy.issuer(), audiences,
                NumericDate.instant(expSeconds), issuedAt, scopes, roles, kid, frozen));
    }

    private static boolean isAccessTokenType(Object typ) {
        return typ instanceof String t && (t.equalsIgnoreCase("at+jwt") || t.equalsIgnoreCase("application/at+jwt"));
    }

    private static List<VerificationKey> fitting(KeySet keys, String kid, String algorithm) {
        List<VerificationKey> candidates = keys.candidates(kid);
        List<VerificationKey> fit = null;
        for (VerificationKey key : candidates) {
            boolean ok = (key.algorithm() == null || key.algorithm().equals(algorithm))
                    && Algorithms.fits(algorithm, key.publicKey());
            if (ok) {
                if (fit == null) {
                    fit = new ArrayList<>(2);
                }
                fit.add(key);
            }
        }
        return fit == null ? List.of() : fit;
    }

    private static boolean signatureVerifies(String token, String algorithm, VerificationKey key) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm));
            jws.setCompactSerialization(token);
            jws.setKey(key.publicKey());
            return jws.verifySignature();
        } catch (JoseException | RuntimeException e) {
            return false;
        }
    }

    private static ValidationResult invalid(FailureReason reason, String detail) {
        return new ValidationResult.Invalid(ValidationFailure.of(reason, detail));
    }

    /** For tests and logs. */
    Duration clockSkew() {
        return config.clockSkew();
    }
}
