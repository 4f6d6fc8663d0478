package dev.portcullis.core.internal;

import dev.portcullis.core.ClaimRule;
import dev.portcullis.core.JwksSource;
import dev.portcullis.core.KeySet;
import dev.portcullis.core.KeySetListener;
import dev.portcullis.core.RevocationCheck;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.VerificationKey;
import dev.portcullis.core.VerifiedToken;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The one door from core's API packages ({@code dev.portcullis.core}, {@code dev.portcullis.core.http})
 * into this package, whose other types are all package-private. Not API: nothing outside core may
 * use it (a build test checks that no other module names this package), and its methods may change
 * in any release.
 */
public final class CoreInternals {
    private CoreInternals() {}

    /** The validator {@link TokenValidator.Builder#build()} returns; see {@link ValidatorAssembly}. */
    public static TokenValidator validator(
            String name,
            dev.portcullis.core.ValidatorConfig config,
            Clock clock,
            Map<String, JwksSource> sources,
            List<KeySetListener> listeners,
            RevocationCheck revocation,
            Map<String, ClaimRule> claimRules,
            dev.portcullis.core.IntrospectionConfig introspection) {
        return ValidatorAssembly.create(name, config, clock, sources, listeners, revocation, claimRules, introspection);
    }

    /** The validators built and not yet closed, oldest first ({@link TokenValidator#live()}). */
    public static List<TokenValidator> liveValidators() {
        return ValidatorRegistry.live();
    }

    /**
     * Counts a refusal the request path decided without validating a token (400, 403) against
     * {@code validator}'s metrics; a validator not built by the builder is not counted. Never throws.
     */
    public static void countRefusal(TokenValidator validator, ValidationFailure failure) {
        if (failure != null && validator instanceof MeteredTokenValidator metered) {
            metered.countRefusal(failure);
        }
    }

    /** Why {@code alg} can never be configured (none, HMAC, unknown), or null if it can. */
    public static String whyAlgorithmNotConfigurable(String alg) {
        return Algorithms.whyNotConfigurable(alg);
    }

    /**
     * Parses a JWK Set, a JWK or PEM public keys into {@code make(keys, ignoredEntries)}.
     *
     * @throws IllegalArgumentException with a safe message if the text is none of these
     */
    public static KeySet parseKeys(String text, BiFunction<List<VerificationKey>, Integer, KeySet> make) {
        KeySetParser.Parsed parsed = KeySetParser.parse(text);
        return make.apply(parsed.keys(), parsed.ignored());
    }

    /**
     * The JSON value {@code text} holds (a {@code String}, {@code Long}, {@code List}, {@code Map}...)
     * as this package's strict parser reads it.
     *
     * @throws IllegalArgumentException if {@code text} is not exactly one JSON value
     */
    public static Object parseJsonValue(String text) {
        JsonObject wrapper = JsonParser.parseObject("{\"v\":" + text + "\n}");
        if (wrapper == null || wrapper.size() != 1 || !wrapper.containsKey("v")) {
            throw new IllegalArgumentException("not a JSON value");
        }
        return wrapper.get("v");
    }

    /** The verifier {@link dev.portcullis.core.dpop.DpopVerifier.Builder#build()} returns. */
    public static dev.portcullis.core.dpop.DpopVerifier dpopVerifier(
            dev.portcullis.core.dpop.DpopConfig config, dev.portcullis.core.dpop.DpopReplayStore store, Clock clock) {
        return new DefaultDpopVerifier(config, store, clock);
    }

    /** Whether {@code claims} is a claim set this package's parser built: deeply immutable, kept as it is. */
    public static boolean isParsedClaimSet(Map<String, Object> claims) {
        return claims instanceof JsonObject;
    }

    /**
     * {@link VerifiedToken}'s own constructor for a token that validated, handed over once by its
     * static initializer (as the JDK's {@code SharedSecrets} do), so that the validator builds tokens
     * without a builder per token.
     */
    @FunctionalInterface
    public interface TokenConstructor {
        /** A token over {@code claims} as the validator's parser built them. */
        VerifiedToken create(
                String subject,
                String issuer,
                Set<String> audiences,
                Instant expiresAt,
                Instant issuedAt,
                Set<String> scopes,
                Set<String> roles,
                String keyId,
                Map<String, Object> claims);
    }

    /**
     * The in-memory DPoP replay store of {@link dev.portcullis.core.dpop.DpopReplayStores#inMemory}; arguments
     * checked there.
     */
    public static dev.portcullis.core.dpop.DpopReplayStore inMemoryReplayStore(
            java.time.Duration window, int capacity, int perKey, Clock clock) {
        return new InMemoryReplayStore(window, capacity, perKey, clock);
    }

    /**
     * Null if {@code token} may be used with the client certificates {@code presented} (RFC 8705 §3: a token with
     * {@code cnf.x5t#S256} needs the certificate it names), else the {@code CERTIFICATE_MISMATCH} failure.
     */
    public static ValidationFailure certificateBindingFailure(
            VerifiedToken token, List<java.security.cert.X509Certificate> presented) {
        return CertificateBinding.check(token, presented);
    }

    /** The client certificate a trusted TLS-terminating proxy put in a header (URL-encoded PEM), if readable. */
    public static java.util.Optional<java.security.cert.X509Certificate> certificateFromHeader(List<String> values) {
        return CertificateBinding.fromHeader(values);
    }

    /** Called once, by {@link VerifiedToken}'s static initializer; a second call is refused. */
    public static void installTokenConstructor(TokenConstructor constructor) {
        VerifiedTokenAccess.install(constructor);
    }
}
