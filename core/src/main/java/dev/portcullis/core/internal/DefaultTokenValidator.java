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
import java.util.function.BiConsumer;

/**
 * The validator. Checks run cheap-first: size, shape, header, issuer routing, key, signature, then
 * time, audience and scope claims. Every path returns a result; nothing is thrown to the caller.
 *
 * <p>The cold path does each piece of work once: the header and the claims are decoded from the
 * token's characters and parsed once, strictly, into immutable values ({@link JsonParser}; the claims
 * are checked in full but each is built only when read); a header seen in one of the last few tokens
 * that passed the header checks is not decoded again; claims that repeat, byte for byte, those of a
 * recent valid token are recognized by comparing bytes and share its values; the key is looked up
 * in the key set without copying; the signature is verified with
 * {@link java.security.Signature} over the token's own signing input ({@link JwsVerifier}). A token
 * that validated is remembered ({@link VerifiedTokenCache}), so presenting it again costs a lookup
 * and the checks that can change with time or keys.
 */
public final class DefaultTokenValidator implements TokenValidator {
    private static final System.Logger LOG = System.getLogger("dev.portcullis");
    private static final long ABSENT = Long.MIN_VALUE;

    private final ValidatorConfig config;
    private final Clock clock;
    private final Map<String, Tenant> tenantsByIssuer;
    private final Set<String> allAlgorithms;
    private final long skewSeconds;
    private final String[] rolesPath;
    private final String[] requiredScopes;
    private final VerifiedTokenCache cache;
    private final RecentClaimSets sets = new RecentClaimSets();
    /**
     * The claims of a token that validated, as the template for parsing the next ones
     * ({@link JsonParser#parseClaims(byte[], JsonObject)}): an issuer's tokens repeat most claims
     * byte for byte. Replaced when fewer than half of a valid token's claims matched it, so it
     * follows the traffic without a write per request.
     */
    private volatile JsonObject claimsTemplate;
    /** The tenant when there is only one: its issuer is compared instead of hashing every token's. */
    private final Tenant onlyTenant;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final BiConsumer<String, FailureReason> refusedByIssuer;
    /**
     * The last few headers that passed the header checks, by their encoded form: a token whose first
     * part is exactly one of these needs neither decoding nor parsing of its header (tokens of one
     * issuer and key share the header). Entries are immutable; slots are replaced in turn, racily.
     */
    private final KnownHeader[] knownHeaders = new KnownHeader[4];
    private int nextHeaderSlot;

    /** A header that passed: its encoded form (the token up to the first dot), its algorithm and kid. */
    private record KnownHeader(String encoded, String algorithm, String kid) {
    }

    private record Tenant(IssuerPolicy policy, JwksSource keys, String[] audiences) {
        boolean accepts(Set<String> tokenAudiences) {
            if (policy.anyAudience()) {
                return true;
            }
            for (String a : audiences) {
                if (tokenAudiences.contains(a)) {
                    return true;
                }
            }
            return false;
        }
    }

    public DefaultTokenValidator(ValidatorConfig config, Clock clock, Map<String, JwksSource> overrides,
                                 List<KeySetListener> listeners) {
        this(config, clock, overrides, listeners, (issuerName, reason) -> { });
    }

    /**
     * @param refusedByIssuer told of every refusal of a token whose {@code iss} is a trusted issuer (the
     *                        issuer's name and the reason), on the validating thread; must be fast and not throw
     */
    public DefaultTokenValidator(ValidatorConfig config, Clock clock, Map<String, JwksSource> overrides,
                                 List<KeySetListener> listeners, BiConsumer<String, FailureReason> refusedByIssuer) {
        this.refusedByIssuer = refusedByIssuer;
        this.config = config;
        this.clock = clock;
        this.skewSeconds = config.clockSkew().getSeconds();
        this.rolesPath = config.rolesClaim().split("\\.");
        this.requiredScopes = config.requiredScopes().toArray(String[]::new);
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
                tenants.put(policy.issuer(), new Tenant(policy, source, policy.audiences().toArray(String[]::new)));
                algs.addAll(policy.algorithms());
            }
        } catch (RuntimeException e) {
            created.forEach(JwksSource::close);
            throw e;
        }
        this.tenantsByIssuer = Map.copyOf(tenants);
        this.onlyTenant = tenants.size() == 1 ? tenants.values().iterator().next() : null;
        this.allAlgorithms = Set.copyOf(algs);
        this.cache = config.cacheMaxEntries() == 0 ? null : new VerifiedTokenCache(config.cacheMaxEntries(), clock,
                RemoteJwksSourceBuilder.ticker(clock), skewSeconds, config.requiredScopes());
    }

    @Override
    public ValidatorConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (cache != null) {
                cache.clear();
            }
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
        if (cache != null) {
            ValidationResult.Valid known = cache.get(token);
            if (known != null) {
                return known;
            }
        }
        KnownHeader known = knownHeader(token);
        TokenParts parts = TokenParts.split(token, known == null);
        if (parts.problem() != null) {
            return invalid(FailureReason.MALFORMED, parts.problem());
        }
        if (known == null) {
            HeaderCheck header = checkHeader(parts.header());
            if (header.refusal() != null) {
                return header.refusal();
            }
            known = new KnownHeader(token.substring(0, token.indexOf('.')), header.algorithm(), header.kid());
            int slot = nextHeaderSlot;
            nextHeaderSlot = (slot + 1) % knownHeaders.length;
            knownHeaders[slot] = known;
        }
        String algorithm = known.algorithm();
        String kid = known.kid();
        JsonObject claims = JsonParser.parseClaims(parts.payload(), claimsTemplate);
        if (claims == null) {
            return invalid(FailureReason.MALFORMED, "claims are not a JSON object with unique member names");
        }
        return checkSigned(token, parts, algorithm, kid, claims);
    }

    /** A header that passed {@link #checkHeader}, by its encoded form, or null. */
    private KnownHeader knownHeader(String token) {
        for (KnownHeader h : knownHeaders) {
            if (h != null && h.encoded().length() < token.length() && token.charAt(h.encoded().length()) == '.'
                    && token.startsWith(h.encoded())) {
                return h;
            }
        }
        return null;
    }

    /** What a decoded header yields: its algorithm and kid, or the refusal. */
    private record HeaderCheck(String algorithm, String kid, ValidationResult refusal) {
        static HeaderCheck refused(FailureReason reason, String detail) {
            return new HeaderCheck(null, null, invalid(reason, detail));
        }
    }

    /** Checks a decoded header against the policy (the same for every token with the same header). */
    private HeaderCheck checkHeader(byte[] decoded) {
        JsonObject header = JsonParser.parseObject(decoded);
        if (header == null) {
            return HeaderCheck.refused(FailureReason.MALFORMED, "header is not a JSON object with unique member names");
        }
        Object alg = null;
        Object kidValue = null;
        Object typ = null;
        boolean refusedParameter = false;
        for (int i = 0; i < header.size(); i++) {
            switch (header.name(i)) {
                case "alg" -> alg = header.value(i);
                case "kid" -> kidValue = header.value(i);
                case "typ" -> typ = header.value(i);
                case "crit", "b64" -> refusedParameter = true;
                default -> { }
            }
        }
        if (!(alg instanceof String algorithm) || !allAlgorithms.contains(algorithm)) {
            return HeaderCheck.refused(FailureReason.UNSUPPORTED_ALGORITHM, "alg " + Safe.describe(alg) + " is not in the allow-list " + allAlgorithms);
        }
        if (refusedParameter) {
            return HeaderCheck.refused(FailureReason.UNSUPPORTED_HEADER, "header carries crit or b64, which are never accepted");
        }
        if (config.requireAccessTokenType() && !isAccessTokenType(typ)) {
            return HeaderCheck.refused(FailureReason.WRONG_TYPE, "typ " + Safe.describe(typ) + " is not at+jwt");
        }
        if (kidValue != null && !(kidValue instanceof String)) {
            return HeaderCheck.refused(FailureReason.MALFORMED, "kid is not a string");
        }
        return new HeaderCheck(algorithm, (String) kidValue, null);
    }

    /** The claims of a token whose header passed: issuer, key, signature, then the claims' policy. */
    private ValidationResult checkSigned(String token, TokenParts parts, String algorithm, String kid, JsonObject claims) {
        Object iss = claims.get("iss");
        Tenant tenant = !(iss instanceof String s) ? null
                : onlyTenant != null ? (onlyTenant.policy().issuer().equals(s) ? onlyTenant : null)
                : tenantsByIssuer.get(s);
        if (tenant == null) {
            return invalid(FailureReason.WRONG_ISSUER, iss == null ? "no iss claim" : "iss " + Safe.describe(iss) + " is not trusted");
        }
        if (!tenant.policy().algorithms().contains(algorithm)) {
            return invalid(tenant, FailureReason.UNSUPPORTED_ALGORITHM,
                    "alg " + algorithm + " is not allowed for issuer " + tenant.policy().name());
        }
        if (parts.signature().length == 0) {
            return invalid(tenant, FailureReason.BAD_SIGNATURE, "empty signature");
        }

        // Keys and signature.
        KeySet keys;
        long refetchAskedAt = Long.MAX_VALUE;
        try {
            keys = tenant.keys().keys();
            if (fitting(keys, kid, algorithm) == 0) {
                refetchAskedAt = clock.millis();
                keys = tenant.keys().refresh(keys);
            }
        } catch (KeysUnavailableException e) {
            refusedByIssuer.accept(tenant.policy().name(), FailureReason.KEYS_UNAVAILABLE);
            return new ValidationResult.Unavailable(
                    ValidationFailure.of(FailureReason.KEYS_UNAVAILABLE, e.getMessage()), e.retryAfter());
        }
        VerificationKey verifiedWith = null;
        int tried = 0;
        for (VerificationKey key : keys.candidates(kid)) {
            if (fits(key, algorithm)) {
                tried++;
                if (JwsVerifier.verify(algorithm, key.publicKey(), parts.bytes(), parts.secondDot(), parts.signature())) {
                    verifiedWith = key;
                    break;
                }
            }
        }
        if (tried == 0) {
            ValidationResult deferred = UnfetchedKeyRule.deferral(tenant.keys(), keys, kid, claims, refetchAskedAt, clock, skewSeconds);
            if (deferred != null) {
                refusedByIssuer.accept(tenant.policy().name(), FailureReason.KEY_NOT_YET_FETCHED);
                return deferred;
            }
            return invalid(tenant, FailureReason.UNKNOWN_KEY, kid == null
                    ? "no " + algorithm + " key of issuer " + tenant.policy().name()
                    : "kid " + Safe.describe(kid) + " is not published by issuer " + tenant.policy().name());
        }
        if (verifiedWith == null) {
            return invalid(tenant, FailureReason.BAD_SIGNATURE, "signature does not verify with " + tried + " candidate key(s)");
        }
        return checkClaims(token, claims, tenant, keys, verifiedWith, kid);
    }

    private ValidationResult checkClaims(String token, JsonObject claims, Tenant tenant, KeySet keys,
                                         VerificationKey verifiedWith, String kid) {
        Object exp = null;
        Object nbf = null;
        Object iat = null;
        Object aud = null;
        Object scope = null;
        Object scp = null;
        Object sub = null;
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
                default -> { }
            }
        }
        long now = Math.floorDiv(clock.millis(), 1000L);
        if (exp == null) {
            return invalid(tenant, FailureReason.MISSING_CLAIM, "no exp claim");
        }
        if (!(exp instanceof Number expNumber)) {
            return invalid(tenant, FailureReason.MALFORMED, "exp is not a number");
        }
        long expSeconds = NumericDate.seconds(expNumber);
        if (now >= NumericDate.plus(expSeconds, skewSeconds)) {
            return invalid(tenant, FailureReason.EXPIRED, "expired " + (now - expSeconds) + " s ago (leeway " + skewSeconds + " s)");
        }
        long nbfSeconds = ABSENT;
        if (nbf != null) {
            if (!(nbf instanceof Number n)) {
                return invalid(tenant, FailureReason.MALFORMED, "nbf is not a number");
            }
            nbfSeconds = NumericDate.seconds(n);
            if (NumericDate.plus(now, skewSeconds) < nbfSeconds) {
                return invalid(tenant, FailureReason.NOT_YET_VALID, "valid in " + (nbfSeconds - now) + " s (leeway " + skewSeconds + " s)");
            }
        }
        long iatSeconds = ABSENT;
        Instant issuedAt = null;
        if (iat != null) {
            if (!(iat instanceof Number n)) {
                return invalid(tenant, FailureReason.MALFORMED, "iat is not a number");
            }
            iatSeconds = NumericDate.seconds(n);
            if (NumericDate.plus(now, skewSeconds) < iatSeconds) {
                return invalid(tenant, FailureReason.ISSUED_IN_FUTURE, "issued " + (iatSeconds - now) + " s in the future (leeway " + skewSeconds + " s)");
            }
            issuedAt = NumericDate.instant(iatSeconds);
        }
        Set<String> audiences = sets.audiences(aud);
        if (audiences == null) {
            return invalid(tenant, FailureReason.WRONG_AUDIENCE, "aud is neither a string nor an array of strings");
        }
        if (!tenant.accepts(audiences)) {
            return invalid(tenant, FailureReason.WRONG_AUDIENCE, audiences.isEmpty() ? "no aud claim"
                    : "aud names none of " + tenant.policy().audiences());
        }
        Set<String> scopes = sets.scopes(scope, scp);
        if (scopes == null) {
            return invalid(tenant, FailureReason.MALFORMED, "scope is not a string or scp not an array of strings");
        }
        for (String required : requiredScopes) {
            if (!scopes.contains(required)) {
                Set<String> missing = new LinkedHashSet<>(config.requiredScopes());
                missing.removeAll(scopes);
                refusedByIssuer.accept(tenant.policy().name(), FailureReason.INSUFFICIENT_SCOPE);
                return new ValidationResult.Invalid(new ValidationFailure(FailureReason.INSUFFICIENT_SCOPE,
                        "missing required scope(s) " + missing, List.copyOf(config.requiredScopes())));
            }
        }
        if (sub != null && !(sub instanceof String)) {
            return invalid(tenant, FailureReason.MALFORMED, "sub is not a string");
        }
        Set<String> roles = sets.roles(claims, rolesPath);
        ValidationResult.Valid valid = new ValidationResult.Valid(new VerifiedToken((String) sub,
                tenant.policy().issuer(), audiences, NumericDate.instant(expSeconds), issuedAt, scopes, roles, kid,
                claims));
        if (cache != null) {
            cache.put(token, valid, tenant.keys(), keys, verifiedWith, expSeconds, nbfSeconds, iatSeconds);
        }
        if (claims.reused() * 2 < claims.size()) {
            claimsTemplate = claims;
        }
        return valid;
    }

    /** The claims {@link #checkClaims} reads, as small numbers; {@link #OTHER} for the rest. */
    private static final int OTHER = 0;
    private static final int EXP = 1;
    private static final int NBF = 2;
    private static final int IAT = 3;
    private static final int AUD = 4;
    private static final int SCOPE = 5;
    private static final int SCP = 6;
    private static final int SUB = 7;
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
            default -> OTHER;
        };
    }

    private static boolean isAccessTokenType(Object typ) {
        return typ instanceof String t && (t.equalsIgnoreCase("at+jwt") || t.equalsIgnoreCase("application/at+jwt"));
    }

    /** How many keys of {@code keys} a token naming {@code kid} and {@code algorithm} may be verified with. */
    private static int fitting(KeySet keys, String kid, String algorithm) {
        int n = 0;
        for (VerificationKey key : keys.candidates(kid)) {
            if (fits(key, algorithm)) {
                n++;
            }
        }
        return n;
    }

    private static boolean fits(VerificationKey key, String algorithm) {
        return (key.algorithm() == null || key.algorithm().equals(algorithm)) && Algorithms.fits(algorithm, key.publicKey());
    }

    /** A refusal of a token that names a trusted issuer: counted for that issuer too. */
    private ValidationResult invalid(Tenant tenant, FailureReason reason, String detail) {
        refusedByIssuer.accept(tenant.policy().name(), reason);
        return invalid(reason, detail);
    }

    private static ValidationResult invalid(FailureReason reason, String detail) {
        return new ValidationResult.Invalid(ValidationFailure.of(reason, detail));
    }

    /** For tests and logs. */
    Duration clockSkew() {
        return config.clockSkew();
    }

    /** For tests: the verified-token cache, or null when disabled. */
    VerifiedTokenCache cache() {
        return cache;
    }
}
