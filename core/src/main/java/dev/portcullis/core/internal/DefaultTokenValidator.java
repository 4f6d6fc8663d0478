package dev.portcullis.core.internal;

import dev.portcullis.core.ClaimRule;
import dev.portcullis.core.FailureReason;
import dev.portcullis.core.JwksSource;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.VerificationKey;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * The validator: a pipeline whose stages run in the order the README's "What is checked" lists them,
 * cheap first: size, cache, shape, header ({@link HeaderStage}), issuer ({@link IssuerRouting}), key
 * and signature ({@link KeyStage}), claims ({@link ClaimsStage}), then the application's claim rules
 * ({@link ClaimRuleStage}). Each stage is a field called directly, and hands on what the next needs
 * without a holder object. Every path returns a result; nothing is thrown to the caller.
 *
 * <p>The cold path does each piece of work once: the header and the claims are decoded from the
 * token's characters and parsed once, strictly, into immutable values ({@link JsonParser}; the claims
 * are checked in full but each is built only when read); a header seen in one of the last few tokens
 * that passed the header checks is not decoded again; claims that repeat, byte for byte, those of a
 * recent valid token (the {@link ClaimsStage.Template}) are recognized by comparing characters and
 * bytes: their base64url steps are copied, not decoded, and they share its values; the key is looked up
 * in the key set without copying; the signature is verified with {@link java.security.Signature}
 * over the token's own signing input ({@link JwsVerifier}). A token that validated is remembered
 * ({@link VerifiedTokenCache}), so presenting it again costs a lookup, the checks that can change with
 * time or keys, and the claim rules.
 */
final class DefaultTokenValidator implements TokenValidator {
    private final ValidatorConfig config;
    private final int maxTokenLength;
    private final VerifiedTokenCache cache;
    private final HeaderStage headers;
    private final IssuerRouting issuers;
    private final KeyStage keys;
    private final ClaimsStage claims;
    private final ClaimRuleStage rules;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param sources         the key source of every trusted issuer, by issuer name (closed with this validator)
     * @param refusedByIssuer told of every refusal of a token whose {@code iss} is a trusted issuer (the
     *                        issuer's name and the reason), on the validating thread; must be fast and not throw
     * @param claimRules      the application's claim rules by name, in the order to run them
     */
    DefaultTokenValidator(
            ValidatorConfig config,
            Clock clock,
            Map<String, JwksSource> sources,
            BiConsumer<String, FailureReason> refusedByIssuer,
            Map<String, ClaimRule> claimRules) {
        this.config = config;
        this.maxTokenLength = config.maxTokenLength();
        this.issuers = new IssuerRouting(config, sources, refusedByIssuer);
        this.headers = new HeaderStage(issuers.allAlgorithms(), config.requireAccessTokenType());
        this.claims = new ClaimsStage(config, clock);
        this.keys = new KeyStage(clock, config.clockSkew().toSeconds());
        this.rules = new ClaimRuleStage(claimRules);
        this.cache = config.cacheMaxEntries() == 0
                ? null
                : new VerifiedTokenCache(
                        config.cacheMaxEntries(),
                        clock,
                        RemoteJwksSourceBuilder.ticker(clock),
                        config.clockSkew().toSeconds(),
                        config.requiredScopes());
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
            issuers.close();
        }
    }

    @Override
    public ValidationResult validate(String token) {
        try {
            return check(token);
        } catch (RuntimeException | StackOverflowError e) {
            // A defect or hostile input we did not foresee: still a precise, safe answer.
            return Refusals.invalid(FailureReason.MALFORMED, "token could not be parsed");
        }
    }

    private ValidationResult check(String token) {
        // Size.
        if (token == null || token.isEmpty()) {
            return Refusals.invalid(FailureReason.MISSING_TOKEN, "no token");
        }
        if (token.length() > maxTokenLength) {
            return Refusals.invalid(
                    FailureReason.TOKEN_TOO_LARGE,
                    "token of " + token.length() + " characters exceeds the limit of " + maxTokenLength);
        }
        // Cache: a token that validated before, if what can change still holds; the rules are asked again.
        if (cache != null) {
            ValidationResult.Valid known = cache.get(token);
            if (known != null) {
                return rules.isEmpty()
                        ? known
                        : rules.check(known, issuers.route(known.token().issuer()));
            }
        }
        // Shape, then the header (not decoded again when it is a known one).
        ClaimsStage.Template template = claims.template();
        TokenParts parts = TokenParts.split(token, false, template == null ? null : template.payload());
        if (parts.problem() != null) {
            return Refusals.invalid(FailureReason.MALFORMED, parts.problem());
        }
        HeaderStage.Header header = headers.known(parts.bytes(), parts.firstDot());
        if (header == null) {
            byte[] decoded = TokenParts.decode(parts.bytes(), 0, parts.firstDot());
            if (decoded == null) {
                return Refusals.invalid(FailureReason.MALFORMED, "character outside the base64url alphabet");
            }
            header = headers.check(parts.bytes(), parts.firstDot(), decoded);
            if (header.refusal() != null) {
                return header.refusal();
            }
        }
        // Issuer: the claims are parsed, and the token routed to exactly one trusted issuer.
        JsonObject claimSet = JsonParser.parseClaims(parts.payload(), template == null ? null : template.claims());
        if (claimSet == null) {
            return Refusals.invalid(FailureReason.MALFORMED, "claims are not a JSON object with unique member names");
        }
        Object iss = claimSet.get("iss");
        Tenant tenant = issuers.route(iss);
        if (tenant == null) {
            return IssuerRouting.untrusted(iss);
        }
        if (!tenant.allows(header.algorithm())) {
            return tenant.refuse(
                    FailureReason.UNSUPPORTED_ALGORITHM,
                    "alg " + header.algorithm() + " is not allowed for issuer "
                            + tenant.policy().name());
        }
        // Key and signature.
        if (parts.signature().length == 0) {
            return tenant.refuse(FailureReason.BAD_SIGNATURE, "empty signature");
        }
        Object verified = keys.verify(tenant, parts, header.algorithm(), header.kid(), claimSet);
        if (!(verified instanceof VerificationKey verifiedWith)) {
            return (ValidationResult) verified;
        }
        // Claims, then the application's rules; only then is the token remembered.
        ValidationResult result = claims.check(claimSet, tenant, header.kid());
        if (result instanceof ValidationResult.Valid valid) {
            claims.learn(claimSet, parts);
            result = rules.check(valid, tenant);
            if (result == valid && cache != null) {
                cache.put(token, valid, tenant.keys(), verifiedWith);
            }
        }
        return result;
    }
}
