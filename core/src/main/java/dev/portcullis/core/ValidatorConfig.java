package dev.portcullis.core;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The validation policy: which issuers are trusted and how tokens are checked. Immutable; build it
 * with {@link #builder()}, or read it from the MicroProfile JWT and {@code portcullis.*} properties with
 * {@link #from(Function)} ({@code System::getProperty}), {@link #fromMap(java.util.Map)}, {@link #fromProperties},
 * or where the adapters read them, {@link Settings}. The constructor and the builder obey the same rules.
 *
 * <pre>{@code
 * ValidatorConfig config = ValidatorConfig.builder()
 *         .issuer("https://idp.example.com/realms/shop")
 *         .audiences("orders-api")
 *         .publicKeyLocation("https://idp.example.com/realms/shop/protocol/openid-connect/certs")
 *         .build();
 * }</pre>
 *
 * @param issuers the trusted issuers (at least one); a token is routed to one by its {@code iss}
 * @param clockSkew the leeway applied to {@code exp}, {@code nbf} and {@code iat} (default 60 s)
 * @param maxTokenLength tokens longer than this many characters are refused unread (default 8192)
 * @param requiredScopes scopes every token must grant (default none)
 * @param requireAccessTokenType true to require RFC 9068 ({@code typ at+jwt}, {@code sub iat jti client_id}); other {@code *+jwt}: refused always
 * @param tokenHeader the request header carrying the token (default {@code Authorization})
 * @param rolesClaim the roles claim, dotted for nested ones (default {@code groups}; Keycloak: {@code realm_access.roles})
 * @param jwksRefreshInterval how often remote keys are refreshed in the background (default 10 min)
 * @param jwksMinRefetchInterval the least time between two fetches caused by unknown key ids (default 10 s)
 * @param jwksOutageTolerance how long the last good keys stay in use while refreshes fail (24 h)
 * @param jwksConnectTimeout the TCP connect timeout of a key fetch (default 2 s)
 * @param jwksFetchTimeout the total time a key fetch may take (default 5 s)
 * @param jwksWarmUp true to fetch remote keys in the background from the start (default false)
 * @param cacheMaxEntries how many verified tokens are remembered to skip their signature next time (10,000; 0: off)
 * @since 0.1.0
 */
public record ValidatorConfig(
        List<IssuerPolicy> issuers,
        Duration clockSkew,
        int maxTokenLength,
        Set<String> requiredScopes,
        boolean requireAccessTokenType,
        String tokenHeader,
        String rolesClaim,
        Duration jwksRefreshInterval,
        Duration jwksMinRefetchInterval,
        Duration jwksOutageTolerance,
        Duration jwksConnectTimeout,
        Duration jwksFetchTimeout,
        boolean jwksWarmUp,
        int cacheMaxEntries) {

    /** Default leeway: 60 seconds. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** Default token length limit: 8 KiB. */
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 8 * 1024;
    /** Default size of the verified-token cache: 10,000 tokens. */
    public static final int DEFAULT_CACHE_MAX_ENTRIES = 10_000;

    /** Validates (the builder's rules) and copies; throws {@link IllegalArgumentException} naming the value. */
    public ValidatorConfig {
        issuers = ConfigRules.issuers(issuers);
        ConfigRules.requireClockSkew(clockSkew);
        ConfigRules.requireMaxTokenLength(maxTokenLength);
        requiredScopes = ConfigRules.scopes(requiredScopes);
        ConfigRules.requireHeaderName(tokenHeader);
        ConfigRules.requireRolesClaim(rolesClaim);
        ConfigRules.requireJwksIntervals(
                jwksRefreshInterval, jwksMinRefetchInterval, jwksOutageTolerance, jwksConnectTimeout, jwksFetchTimeout);
        ConfigRules.requireCacheSize(cacheMaxEntries);
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the configuration from properties named as in MicroProfile JWT ({@code mp.jwt.verify.*},
     * {@code mp.jwt.token.header}) and {@code portcullis.*}; see the README for the full list.
     *
     * @param lookup returns a property's value, or empty when it is not set
     * @throws IllegalArgumentException naming the property and the expected value
     */
    public static ValidatorConfig fromProperties(Function<String, Optional<String>> lookup) {
        return ConfigProperties.read(lookup);
    }

    /**
     * As {@link #fromProperties(Function)}, from a lookup that returns null for a property that is not
     * set: {@code ValidatorConfig.from(System::getProperty)}, {@code from(name -> env.get(name))}.
     */
    public static ValidatorConfig from(Function<String, String> lookup) {
        Objects.requireNonNull(lookup, "lookup");
        return fromProperties(name -> Optional.ofNullable(lookup.apply(name)));
    }

    /** As {@link #fromProperties(Function)}, from a map of property names to values. */
    public static ValidatorConfig fromMap(java.util.Map<String, String> properties) {
        return from(Objects.requireNonNull(properties, "properties")::get);
    }

    /** As {@link #fromProperties(Function)}, from {@code Properties} (and their defaults). */
    public static ValidatorConfig fromProperties(java.util.Properties properties) {
        return from(Objects.requireNonNull(properties, "properties")::getProperty);
    }

    /** The policy for an exact {@code iss} value. */
    public Optional<IssuerPolicy> issuer(String iss) {
        return issuers.stream().filter(p -> p.issuer().equals(iss)).findFirst();
    }

    /** Builds a {@link ValidatorConfig}; not thread-safe. Setters reject bad values at once. */
    public static final class Builder {
        private IssuerPolicy.Builder single;
        private final List<IssuerPolicy> issuers = new ArrayList<>();
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private int maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH;
        private final Set<String> requiredScopes = new LinkedHashSet<>();
        private boolean requireAccessTokenType;
        private String tokenHeader = "Authorization";
        private String rolesClaim = "groups";
        private Duration jwksRefreshInterval = Duration.ofMinutes(10);
        private Duration jwksMinRefetchInterval = Duration.ofSeconds(10);
        private Duration jwksOutageTolerance = Duration.ofHours(24);
        private Duration jwksConnectTimeout = Duration.ofSeconds(2);
        private Duration jwksFetchTimeout = Duration.ofSeconds(5);
        private boolean jwksWarmUp;
        private int cacheMaxEntries = DEFAULT_CACHE_MAX_ENTRIES;

        Builder() {}

        private IssuerPolicy.Builder single() {
            if (single == null) {
                single = IssuerPolicy.builder("default");
            }
            return single;
        }

        /** The issuer of the default tenant ({@code mp.jwt.verify.issuer}). */
        public Builder issuer(String issuer) {
            single().issuer(issuer);
            return this;
        }

        /** Accepted audiences of the default tenant ({@code mp.jwt.verify.audiences}). */
        public Builder audiences(String... audiences) {
            single().audiences(audiences);
            return this;
        }

        /** Skip the audience check for the default tenant ({@code portcullis.verify.any-audience}). */
        public Builder anyAudience(boolean any) {
            single().anyAudience(any);
            return this;
        }

        /** Inline keys of the default tenant ({@code mp.jwt.verify.publickey}). */
        public Builder publicKey(String keys) {
            single().publicKey(keys);
            return this;
        }

        /** The key location of the default tenant ({@code mp.jwt.verify.publickey.location}). */
        public Builder publicKeyLocation(String location) {
            single().publicKeyLocation(location);
            return this;
        }

        /** The JWK Set URL of the default tenant. */
        public Builder jwksUri(URI uri) {
            single().jwksUri(uri);
            return this;
        }

        /** Accepted algorithms of the default tenant ({@code mp.jwt.verify.publickey.algorithm}). */
        public Builder algorithms(String... algorithms) {
            single().algorithms(algorithms);
            return this;
        }

        /** Adds another trusted issuer (tenant) with its own keys and audiences. */
        public Builder addIssuer(IssuerPolicy policy) {
            issuers.add(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** The leeway for {@code exp}, {@code nbf}, {@code iat} ({@code mp.jwt.verify.clock.skew}). */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = ConfigRules.requireClockSkew(skew);
            return this;
        }

        /** Tokens longer than this are refused unread ({@code portcullis.token.max-length}). */
        public Builder maxTokenLength(int chars) {
            this.maxTokenLength = ConfigRules.requireMaxTokenLength(chars);
            return this;
        }

        /** Scopes every token must grant ({@code portcullis.verify.scopes}). */
        public Builder requiredScopes(String... scopes) {
            for (String s : scopes) {
                ConfigRules.requireScope(s);
            }
            requiredScopes.addAll(Arrays.asList(scopes));
            return this;
        }

        /** Require the RFC 9068 {@code typ} {@code at+jwt} and its claims ({@code portcullis.verify.typ}). */
        public Builder requireAccessTokenType(boolean require) {
            this.requireAccessTokenType = require;
            return this;
        }

        /** The header carrying the token ({@code mp.jwt.token.header}, default Authorization). */
        public Builder tokenHeader(String header) {
            this.tokenHeader = ConfigRules.requireHeaderName(header);
            return this;
        }

        /** The roles claim, dotted for nested ones ({@code portcullis.roles.claim}, default groups). */
        public Builder rolesClaim(String claim) {
            this.rolesClaim = ConfigRules.requireRolesClaim(claim);
            return this;
        }

        /** Background refresh of remote keys ({@code portcullis.jwks.refresh-interval}). */
        public Builder jwksRefreshInterval(Duration d) {
            this.jwksRefreshInterval = ConfigRules.requirePositive("JWKS refresh interval", d);
            return this;
        }

        /** Least time between refetches for unknown kids ({@code portcullis.jwks.min-refetch-interval}). */
        public Builder jwksMinRefetchInterval(Duration d) {
            this.jwksMinRefetchInterval = ConfigRules.requireNonNegative("JWKS minimum refetch interval", d);
            return this;
        }

        /** How long last good keys serve during an outage ({@code portcullis.jwks.outage-tolerance}). */
        public Builder jwksOutageTolerance(Duration d) {
            this.jwksOutageTolerance = ConfigRules.requireNonNegative("JWKS outage tolerance", d);
            return this;
        }

        /** Connect timeout of a key fetch ({@code portcullis.jwks.connect-timeout}). */
        public Builder jwksConnectTimeout(Duration d) {
            this.jwksConnectTimeout = ConfigRules.requirePositive("JWKS connect timeout", d);
            return this;
        }

        /** Total timeout of a key fetch ({@code portcullis.jwks.fetch-timeout}). */
        public Builder jwksFetchTimeout(Duration d) {
            this.jwksFetchTimeout = ConfigRules.requirePositive("JWKS fetch timeout", d);
            return this;
        }

        /** Fetch remote keys in the background from the start ({@code portcullis.jwks.warm-up}, default false). */
        public Builder jwksWarmUp(boolean warmUp) {
            this.jwksWarmUp = warmUp;
            return this;
        }

        /** How many verified tokens are remembered ({@code portcullis.cache.max-entries}, 10,000; 0: none). */
        public Builder cacheMaxEntries(int entries) {
            this.cacheMaxEntries = ConfigRules.requireCacheSize(entries);
            return this;
        }

        /** Builds; fails with the first problem found. */
        public ValidatorConfig build() {
            List<IssuerPolicy> all = new ArrayList<>();
            if (single != null) {
                all.add(single.build());
            }
            all.addAll(issuers);
            return new ValidatorConfig(
                    all,
                    clockSkew,
                    maxTokenLength,
                    requiredScopes,
                    requireAccessTokenType,
                    tokenHeader,
                    rolesClaim,
                    jwksRefreshInterval,
                    jwksMinRefetchInterval,
                    jwksOutageTolerance,
                    jwksConnectTimeout,
                    jwksFetchTimeout,
                    jwksWarmUp,
                    cacheMaxEntries);
        }
    }
}
