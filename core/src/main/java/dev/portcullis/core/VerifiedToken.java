package dev.portcullis.core;

import dev.portcullis.core.internal.CoreInternals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 *
 * @since 0.1.0
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

    static {
        CoreInternals.installTokenConstructor(VerifiedToken::new);
    }

    private VerifiedToken(
            String subject,
            String issuer,
            Set<String> audiences,
            Instant expiresAt,
            Instant issuedAt,
            Set<String> scopes,
            Set<String> roles,
            String keyId,
            Map<String, Object> claims) {
        this.subject = subject;
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audiences = Set.copyOf(audiences);
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        this.issuedAt = issuedAt;
        this.scopes = Set.copyOf(scopes);
        this.roles = Set.copyOf(roles);
        this.keyId = keyId;
        // A claim set of the validator's parser is deeply immutable and kept; any other map is copied.
        this.claims = CoreInternals.isParsedClaimSet(claims) ? claims : Map.copyOf(claims);
    }

    /**
     * A builder, for an application's own tests (a resource that receives a {@code VerifiedToken});
     * validators build theirs from the token. Issuer and expiry are required; everything else is
     * empty unless set.
     *
     * <pre>{@code
     * VerifiedToken token = VerifiedToken.builder()
     *         .issuer("https://idp.example.com/realms/shop")
     *         .subject("alice")
     *         .audiences("orders-api")
     *         .expiresAt(Instant.now().plus(Duration.ofHours(1)))
     *         .scopes("orders:read")
     *         .roles("clerk")
     *         .build();
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
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

    /**
     * Builds a {@link VerifiedToken}; not thread-safe. The sets and the claims are copied; claim values
     * must be immutable (strings, numbers, booleans, immutable lists and maps). The typed values
     * (subject, issuer, audiences, expiry, issue time, scopes, key id) are also put into
     * {@link VerifiedToken#claims()} under their JWT names ({@code sub}, {@code iss}, {@code aud},
     * {@code exp}, {@code iat}, {@code scope}) unless {@link #claim} set those names explicitly; roles
     * are only in {@link VerifiedToken#roles()}, since their claim is configurable.
     */
    public static final class Builder {
        private String subject;
        private String issuer;
        private final Set<String> audiences = new LinkedHashSet<>();
        private Instant expiresAt;
        private Instant issuedAt;
        private final Set<String> scopes = new LinkedHashSet<>();
        private final Set<String> roles = new LinkedHashSet<>();
        private String keyId;
        private final Map<String, Object> claims = new LinkedHashMap<>();

        private Builder() {}

        /** The {@code sub} claim. */
        public Builder subject(String subject) {
            this.subject = requireText("subject", subject);
            return this;
        }

        /** The {@code iss} claim (required). */
        public Builder issuer(String issuer) {
            this.issuer = requireText("issuer", issuer);
            return this;
        }

        /** Adds audiences ({@code aud}). */
        public Builder audiences(String... audiences) {
            for (String a : audiences) {
                this.audiences.add(requireText("audience", a));
            }
            return this;
        }

        /** The {@code exp} claim (required). */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
            return this;
        }

        /** The {@code iat} claim. */
        public Builder issuedAt(Instant issuedAt) {
            this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
            return this;
        }

        /** Adds granted scopes. */
        public Builder scopes(String... scopes) {
            for (String s : scopes) {
                if (s == null
                        || s.isEmpty()
                        || s.chars().anyMatch(c -> c <= 0x20 || c == '"' || c == '\\' || c > 0x7e)) {
                    throw new IllegalArgumentException(
                            "a scope must be a non-empty RFC 6749 scope token, was '" + s + "'");
                }
                this.scopes.add(s);
            }
            return this;
        }

        /** Adds roles. */
        public Builder roles(String... roles) {
            for (String r : roles) {
                this.roles.add(requireText("role", r));
            }
            return this;
        }

        /** The {@code kid} of the key that verified the token. */
        public Builder keyId(String keyId) {
            this.keyId = requireText("keyId", keyId);
            return this;
        }

        /**
         * Sets one claim of {@link VerifiedToken#claims()}, e.g. {@code azp} or a tenant claim; the value
         * must be immutable. Setting {@code sub}, {@code iss}, {@code aud}, {@code exp}, {@code iat} or
         * {@code scope} here replaces what the typed setters would put under that name in the claims
         * (not the typed values themselves).
         */
        public Builder claim(String name, Object value) {
            claims.put(requireText("claim name", name), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Builds the token; fails if the issuer or the expiry is missing. */
        public VerifiedToken build() {
            if (issuer == null) {
                throw new IllegalStateException("a verified token needs an issuer");
            }
            if (expiresAt == null) {
                throw new IllegalStateException("a verified token needs an expiry (expiresAt)");
            }
            Map<String, Object> all = new LinkedHashMap<>();
            putIfSet(all, "sub", subject);
            all.put("iss", issuer);
            if (!audiences.isEmpty()) {
                all.put("aud", List.copyOf(audiences));
            }
            all.put("exp", expiresAt.getEpochSecond());
            if (issuedAt != null) {
                all.put("iat", issuedAt.getEpochSecond());
            }
            if (!scopes.isEmpty()) {
                all.put("scope", String.join(" ", scopes));
            }
            all.putAll(claims);
            return new VerifiedToken(subject, issuer, audiences, expiresAt, issuedAt, scopes, roles, keyId, all);
        }

        private static void putIfSet(Map<String, Object> claims, String name, Object value) {
            if (value != null) {
                claims.put(name, value);
            }
        }

        private static String requireText(String what, String value) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(what + " must not be null or empty");
            }
            return value;
        }
    }
}
