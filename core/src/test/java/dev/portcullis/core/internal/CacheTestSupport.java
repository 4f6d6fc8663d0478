package dev.portcullis.core.internal;

import dev.portcullis.core.IssuerPolicy;
import dev.portcullis.core.JwksSource;
import dev.portcullis.core.KeySet;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.VerificationKey;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.TestKey;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Helpers for the verified-token cache tests: a clock, an identity provider, static keys. */
final class CacheTestSupport implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    final MutableClock clock = MutableClock.at(T0);
    final LocalIdp idp = LocalIdp.builder().clock(clock).start();

    /**
     * A validator trusting the identity provider's active key, given inline (no fetches). A token it
     * answers from its cache gets the very result instance it remembered, while a full validation
     * builds a new one: so tests see what it remembers.
     */
    DefaultTokenValidator validator(UnaryOperator<ValidatorConfig.Builder> customize) {
        ValidatorConfig config = customize
                .apply(ValidatorConfig.builder()
                        .issuer(idp.issuer())
                        .audiences("orders-api")
                        .publicKey(idp.activeKey().publicJwk()))
                .build();
        return checks(config, clock, Map.of());
    }

    /** The checks alone, as the assembly builds them: {@code given} key sources, the others from the policies. */
    static DefaultTokenValidator checks(ValidatorConfig config, java.time.Clock clock, Map<String, JwksSource> given) {
        Map<String, JwksSource> sources = new java.util.LinkedHashMap<>(given);
        for (IssuerPolicy p : config.issuers()) {
            sources.computeIfAbsent(p.name(), n -> KeySources.create(p, config, clock, KeySetEvents.NONE));
        }
        return new DefaultTokenValidator(config, clock, sources, (issuer, reason) -> {}, Map.of());
    }

    /** A cache on this clock (as Caffeine ticker), leeway 60 s. */
    VerifiedTokenCache cache(int maxEntries, Set<String> requiredScopes) {
        return new VerifiedTokenCache(maxEntries, clock, RemoteJwksSourceBuilder.ticker(clock), 60, requiredScopes);
    }

    /**
     * Puts a token granting {@code scopes} and expiring at {@code exp}, verified by a key of a static
     * set; returns the result remembered.
     */
    static ValidationResult.Valid put(VerifiedTokenCache cache, String token, Set<String> scopes, Instant exp) {
        TestKey key = TestKey.rsa("key-1");
        VerificationKey verificationKey = new VerificationKey("key-1", null, key.publicKey());
        KeySet keys = KeySet.of(List.of(verificationKey));
        JwksSource source = () -> keys;
        VerifiedToken verified = VerifiedToken.builder()
                .subject("alice")
                .issuer("https://idp")
                .audiences("orders-api")
                .expiresAt(exp)
                .issuedAt(T0)
                .scopes(scopes.toArray(String[]::new))
                .keyId("key-1")
                .build();
        ValidationResult.Valid result = new ValidationResult.Valid(verified);
        cache.put(token, result, source, verificationKey);
        return result;
    }

    @Override
    public void close() {
        idp.close();
    }
}
