package dev.portcullis.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.portcullis.core.VerificationKey;

import java.util.Map;

/**
 * The public keys of DPoP proofs' {@code jwk} headers, as {@link KeySetParser#toKey} makes them, with their RFC 7638
 * thumbprints. A client signs every proof with the same key, so its {@code jwk} arrives again with every request;
 * turning it into a {@code PublicKey} (a parse through jose4j, the JCA key factory, the on-curve check) and hashing
 * its thumbprint cost as much as the rest of the request path together. Kept by the whole {@code jwk} object, every
 * member compared ({@link Map#equals}), so a key is only ever reused for exactly the {@code jwk} it was made of; only
 * usable keys are kept. Bounded (Caffeine, size-based), thread-safe.
 */
final class DpopProofKeys {
    /** Clients whose keys are kept; a client beyond them still works, at the cost of making its key each time. */
    static final int MAX_ENTRIES = 4096;

    /**
     * A proof key.
     *
     * @param thumbprint the RFC 7638 thumbprint of the {@code jwk}
     * @param key the key
     */
    record ProofKey(String thumbprint, VerificationKey key) {}

    private final Cache<Map<String, Object>, ProofKey> cache = Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES)
            .executor(Runnable::run) // evictions on the caller's thread: no pool threads in a container
            .build();

    /** The key and thumbprint of {@code jwk} (checked for private members by the caller), or null if unusable. */
    ProofKey of(Map<String, Object> jwk) {
        ProofKey known = cache.getIfPresent(jwk);
        if (known != null) {
            return known;
        }
        String thumbprint = JwkThumbprint.of(jwk);
        VerificationKey key = thumbprint == null ? null : KeySetParser.toKey(jwk);
        if (key == null) {
            return null;
        }
        ProofKey made = new ProofKey(thumbprint, key);
        cache.put(jwk, made);
        return made;
    }
}
