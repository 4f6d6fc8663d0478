package dev.portcullis.core;

import dev.portcullis.core.internal.CoreInternals;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one trusted issuer (tenant) may sign: its {@code iss} value, the audiences its tokens must
 * name, where its keys come from, and the algorithms it may use. Tokens are routed to exactly one
 * policy by their {@code iss}.
 *
 * <p>Keys come from exactly one of: {@code publicKey} (inline JWK Set, JWK or PEM),
 * {@code publicKeyLocation} ({@code http(s):} JWK Set URL, {@code file:} / plain path, or
 * {@code classpath:} resource), or, when neither is given, OpenID Connect discovery at
 * {@code <issuer>/.well-known/openid-configuration}.
 *
 * @param name a short name for logs and configuration ({@code portcullis.issuer.<name>.*})
 * @param issuer the exact {@code iss} value
 * @param audiences the accepted audiences; a token must name at least one
 * @param anyAudience true to skip the audience check (not recommended)
 * @param publicKey inline keys, or null
 * @param publicKeyLocation a key location, or null
 * @param algorithms the accepted {@code alg} values
 * @since 0.1.0
 */
public record IssuerPolicy(
        String name,
        String issuer,
        Set<String> audiences,
        boolean anyAudience,
        String publicKey,
        String publicKeyLocation,
        Set<String> algorithms) {

    /** The default algorithm allow-list: {@code RS256}. */
    public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256");

    /** Validates and copies; see {@link Builder} for the rules. */
    public IssuerPolicy {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an issuer policy needs a name");
        }
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("issuer '" + name + "': the issuer (iss) is required");
        }
        audiences = Set.copyOf(audiences);
        for (String a : audiences) {
            if (a.isBlank()) {
                throw new IllegalArgumentException("issuer '" + name + "': an audience must not be blank");
            }
        }
        if (publicKeyLocation != null
                && (publicKeyLocation.isBlank() || !publicKeyLocation.equals(publicKeyLocation.strip()))) {
            throw new IllegalArgumentException(
                    "issuer '" + name + "': the key location must not be blank" + " nor start or end with white space");
        }
        if (audiences.isEmpty() && !anyAudience) {
            throw new IllegalArgumentException("issuer '" + name + "': at least one audience is required"
                    + " (or accept any audience explicitly)");
        }
        if (publicKey != null && publicKeyLocation != null) {
            throw new IllegalArgumentException(
                    "issuer '" + name + "': give either inline keys or a key" + " location, not both");
        }
        algorithms = Set.copyOf(algorithms);
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("issuer '" + name + "': at least one algorithm is required");
        }
        for (String alg : algorithms) {
            String why = CoreInternals.whyAlgorithmNotConfigurable(alg);
            if (why != null) {
                throw new IllegalArgumentException(
                        "issuer '" + name + "': algorithm '" + alg + "' is not accepted: " + why);
            }
        }
    }

    /** A builder for a policy with the given name. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** True when the keys come from OpenID Connect discovery. */
    public boolean usesDiscovery() {
        return publicKey == null && publicKeyLocation == null;
    }

    /** Builds an {@link IssuerPolicy}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private String issuer;
        private final Set<String> audiences = new LinkedHashSet<>();
        private boolean anyAudience;
        private String publicKey;
        private String publicKeyLocation;
        private Set<String> algorithms = DEFAULT_ALGORITHMS;

        Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an issuer policy needs a name");
            }
            this.name = name;
        }

        /** The exact {@code iss} value tokens must carry. */
        public Builder issuer(String issuer) {
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalArgumentException("issuer '" + name + "': the issuer must not be blank");
            }
            this.issuer = issuer;
            return this;
        }

        /** Adds accepted audiences. */
        public Builder audiences(String... audiences) {
            return audiences(Arrays.asList(audiences));
        }

        /** Adds accepted audiences. */
        public Builder audiences(Iterable<String> audiences) {
            for (String a : audiences) {
                if (a == null || a.isBlank()) {
                    throw new IllegalArgumentException("issuer '" + name + "': an audience must not be blank");
                }
                this.audiences.add(a);
            }
            return this;
        }

        /** Skips the audience check: any token of this issuer is accepted for this resource. */
        public Builder anyAudience(boolean anyAudience) {
            this.anyAudience = anyAudience;
            return this;
        }

        /** Inline keys: a JWK Set, one JWK, or PEM public keys. */
        public Builder publicKey(String keys) {
            if (publicKeyLocation != null) {
                throw new IllegalArgumentException("issuer '" + name + "': key location already set to "
                        + publicKeyLocation + "; give inline keys or a location, not both");
            }
            this.publicKey = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** A key location: {@code https://...} JWK Set URL, file path, or {@code classpath:} resource. */
        public Builder publicKeyLocation(String location) {
            if (publicKey != null) {
                throw new IllegalArgumentException("issuer '" + name + "': inline keys already set;"
                        + " give inline keys or a location, not both");
            }
            if (location == null || location.isBlank()) {
                throw new IllegalArgumentException("issuer '" + name + "': the key location must not be blank");
            }
            this.publicKeyLocation = location.strip();
            return this;
        }

        /** The JWK Set URL. */
        public Builder jwksUri(URI uri) {
            return publicKeyLocation(uri.toString());
        }

        /** The accepted {@code alg} values (replaces the default {@code RS256}). */
        public Builder algorithms(String... algorithms) {
            return algorithms(Arrays.asList(algorithms));
        }

        /** The accepted {@code alg} values (replaces the default {@code RS256}). */
        public Builder algorithms(List<String> algorithms) {
            List<String> list = new ArrayList<>();
            for (String alg : algorithms) {
                String trimmed = alg == null ? "" : alg.strip();
                String why = CoreInternals.whyAlgorithmNotConfigurable(trimmed);
                if (why != null) {
                    throw new IllegalArgumentException(
                            "issuer '" + name + "': algorithm '" + trimmed + "' is not accepted: " + why);
                }
                list.add(trimmed);
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException("issuer '" + name + "': at least one algorithm is required");
            }
            this.algorithms = Set.copyOf(list);
            return this;
        }

        /** Builds the policy; fails if the issuer or audiences are missing. */
        public IssuerPolicy build() {
            return new IssuerPolicy(name, issuer, audiences, anyAudience, publicKey, publicKeyLocation, algorithms);
        }
    }
}
