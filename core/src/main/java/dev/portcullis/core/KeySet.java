package dev.portcullis.core;

import dev.portcullis.core.internal.CoreInternals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable set of verification keys, typically one JWK Set document.
 *
 * <p>{@link #parse(String)} follows RFC 7517 §5: entries it cannot use are ignored, never fatal to
 * the rest of the set. Ignored are entries that are malformed, of an unknown {@code kty}, meant for
 * encryption ({@code use} other than {@code sig}), symmetric ({@code oct}), or RSA keys shorter than
 * 2048 bits.
 *
 * <p>A set may carry when the fetch that got it started ({@link #fetchStart()}): with it, and a
 * {@link JwksSource#nextFetchAllowedAt()}, the validator can tell a {@code kid} it has not fetched yet
 * (answered as unavailable until the next fetch is allowed) from one that was not published when it
 * looked (an unknown key).
 *
 * @since 0.1.0
 */
public final class KeySet {
    private static final KeySet EMPTY = new KeySet(List.of(), 0);

    private final List<VerificationKey> keys;
    private final Map<String, List<VerificationKey>> byKeyId;
    private final List<VerificationKey> withoutKeyId;
    private final int ignored;
    private final Instant fetchStart;

    private KeySet(List<VerificationKey> keys, int ignored) {
        this.keys = List.copyOf(keys);
        this.ignored = ignored;
        Map<String, List<VerificationKey>> index = new HashMap<>();
        List<VerificationKey> anonymous = new ArrayList<>();
        for (VerificationKey key : this.keys) {
            if (key.keyId() == null) {
                anonymous.add(key);
            } else {
                index.computeIfAbsent(key.keyId(), k -> new ArrayList<>(1)).add(key);
            }
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.byKeyId = Collections.unmodifiableMap(index);
        this.withoutKeyId = List.copyOf(anonymous);
        this.fetchStart = null;
    }

    private KeySet(KeySet keys, Instant fetchStart) {
        this.keys = keys.keys;
        this.byKeyId = keys.byKeyId;
        this.withoutKeyId = keys.withoutKeyId;
        this.ignored = keys.ignored;
        this.fetchStart = fetchStart;
    }

    /** The empty set. */
    public static KeySet empty() {
        return EMPTY;
    }

    /** A set of the given keys. */
    public static KeySet of(Collection<VerificationKey> keys) {
        return new KeySet(List.copyOf(keys), 0);
    }

    /**
     * Parses a JWK Set ({@code {"keys":[...]}}), a single JWK, or one or more PEM
     * {@code PUBLIC KEY} blocks.
     *
     * @throws IllegalArgumentException if the text is none of these (a message without the text)
     */
    public static KeySet parse(String text) {
        return CoreInternals.parseKeys(text, KeySet::new);
    }

    /** All usable keys, in document order. */
    public List<VerificationKey> keys() {
        return keys;
    }

    /**
     * The keys a token naming {@code keyId} may be verified with: those with that {@code kid} if
     * any, else the keys that have no {@code kid}.
     */
    public List<VerificationKey> candidates(String keyId) {
        if (keyId == null) {
            return keys;
        }
        List<VerificationKey> named = byKeyId.get(keyId);
        return named != null ? named : withoutKeyId;
    }

    /** The key ids in the set. */
    public Set<String> keyIds() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(byKeyId.keySet()));
    }

    /** True if the set has no usable key. */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /**
     * These keys, stamped with when the fetch that got them started (read before the request was
     * sent, on the clock the validator was given). A source that fetches stamps each set it fetched;
     * keys given at start-up carry no stamp.
     */
    public KeySet withFetchStart(Instant start) {
        return new KeySet(this, Objects.requireNonNull(start, "start"));
    }

    /** When the fetch that got these keys started; empty if not known (static keys, unstamped sets). */
    public Optional<Instant> fetchStart() {
        return Optional.ofNullable(fetchStart);
    }

    /** How many entries of the parsed document were ignored as unusable. */
    public int ignoredEntries() {
        return ignored;
    }

    @Override
    public String toString() {
        return "KeySet" + keyIds() + (withoutKeyId.isEmpty() ? "" : "+" + withoutKeyId.size() + " without kid");
    }
}
