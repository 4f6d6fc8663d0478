package dev.portcullis.core;

import dev.portcullis.core.internal.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A token whose signature verified and whose claims satisfy the policy. Immutable and thread-safe;
 * its claim set is deeply unmodifiable: the token's JSON claims as strings, numbers as {@link Long}
 * or {@link Double}, booleans, {@link List}s and {@link Map}s, in document order, members whose value
 * is JSON {@code null} left out. {@link #toString()} never shows claim values beyond the subject and
 * issuer.
 */
public final class VerifiedToken {
    private final String subject;
    private final String issuer;
    private final Set<String> audiences;
    private final Instant expiresAt;
    private final Instant issuedAt;
    private final Set<String> scopes;
    private final Set<String> roles;
    private final String keyId;
    private final Map<String, Object> claims;

    /**
     * Creates a verified token. Validators build these; applications normally only read them.
     *
     * @param claims the full claim set. A claim set that Portcullis' own JSON parser built (what its
     *               validators pass) is already deeply immutable and is kept as it is; any other map is
     *               copied shallowly with {@link Map#copyOf}, so its values must already be
     *               unmodifiable (immutable lists and maps, strings, numbers, booleans)
     */
    public VerifiedToken(String subject, String issuer, Set<String> audiences, Instant expiresAt,
                         Instant issuedAt, Set<String> scopes, Set<String> roles, String keyId,
                         Map<String, Object> claims) {
        this.subject = subject;
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audiences = Set.copyOf(audiences);
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        this.issuedAt = issuedAt;
        this.scopes = Set.copyOf(scopes);
        this.roles = Set.copyOf(roles);
        this.keyId = keyId;
        // Only the parser can create a JsonObject (no public constructor), and it is deeply immutable.
        this.claims = claims instanceof JsonObject parsed ? parsed : Map.copyOf(claims);
    }

    /** The {@code sub} claim, if present. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** The {@code iss} claim. */
    public String issuer() {
        return issuer;
    }

    /** The {@code aud} claim as a set (a single string becomes a one-element set). */
    public Set<String> audiences() {
        return audiences;
    }

    /** The {@code exp} claim. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** The {@code iat} claim, if present. */
    public Optional<Instant> issuedAt() {
        return Optional.ofNullable(issuedAt);
    }

    /** The granted scopes: the union of the {@code scope} string and the {@code scp} array. */
    public Set<String> scopes() {
        return scopes;
    }

    /** The roles, read from the configured roles claim (default {@code groups}). */
    public Set<String> roles() {
        return roles;
    }

    /** The {@code kid} of the key that verified the signature, if the token named one. */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    /** The {@code jti} claim, if present and a string. */
    public Optional<String> tokenId() {
        return claim("jti").filter(String.class::isInstance).map(String.class::cast);
    }

    /** True if the token grants the scope (exact, case-sensitive match). */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** One claim's value. */
    public Optional<Object> claim(String name) {
        return Optional.ofNullable(claims.get(name));
    }

    /** All claims, deeply unmodifiable. */
    public Map<String, Object> claims() {
        return claims;
    }

    @Override
    public String toString() {
        return "VerifiedToken[sub=" + subject + ", iss=" + issuer + ", exp=" + expiresAt + "]";
    }
}
