package dev.portcullis.core;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Token introspection (RFC 7662): which tokens are checked with the issuer's introspection endpoint,
 * how the resource server authenticates there, how long answers are remembered and what an outage
 * means. Immutable; build it with {@link #builder()} or read it with {@link #fromProperties(Function)}
 * ({@code portcullis.introspection*}, {@code portcullis.issuer.<name>.introspection*}), and hand it to
 * {@link TokenValidator.Builder#introspection(IntrospectionConfig)}.
 *
 * <pre>{@code
 * IntrospectionConfig introspection = IntrospectionConfig.builder()
 *         .mode(IntrospectionConfig.Mode.JWT)
 *         .client(IntrospectionConfig.Client.basic("orders-api", secret))
 *         .build();
 * TokenValidator validator = TokenValidator.builder(config).introspection(introspection).build();
 * }</pre>
 *
 * @param defaults the mode and client of every issuer that has no settings of its own
 * @param issuers per issuer name ({@link IssuerPolicy#name()}), its own mode and client
 * @param cacheTtl how long an answer is remembered at most (an active one never past the token's {@code exp})
 * @param cacheMaxEntries how many answers are remembered at most
 * @param onOutage what a token that needs introspection gets while the endpoint cannot be asked
 * @param jwtResponse true to ask for RFC 9701 signed answers ({@code application/token-introspection+jwt}),
 *                    verified with the issuer's keys
 */
public record IntrospectionConfig(
        Issuer defaults,
        Map<String, Issuer> issuers,
        Duration cacheTtl,
        int cacheMaxEntries,
        OnOutage onOutage,
        boolean jwtResponse) {

    /** Default time an answer is remembered: 30 s. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);
    /** Default number of answers remembered: 10,000. */
    public static final int DEFAULT_CACHE_MAX_ENTRIES = 10_000;

    /** Introspection off: what a validator without introspection does. */
    public static final IntrospectionConfig OFF = builder().build();

    /** Which tokens are introspected. */
    public enum Mode {
        /** None. */
        OFF,
        /** JWTs that validated locally (a revocation check, after every local check passed). */
        JWT,
        /** Tokens that are not JWTs, accepted by introspection alone. */
        OPAQUE,
        /** Both. */
        ALL;

        /** True if JWTs that validated are introspected. */
        public boolean jwt() {
            return this == JWT || this == ALL;
        }

        /** True if tokens that are not JWTs are introspected. */
        public boolean opaque() {
            return this == OPAQUE || this == ALL;
        }
    }

    /** How the resource server authenticates at the introspection endpoint. */
    public enum ClientAuth {
        /** HTTP Basic with client id and secret ({@code client_secret_basic}, the default). */
        BASIC,
        /** Client id and secret in the form body ({@code client_secret_post}). */
        POST,
        /** A short-lived JWT signed with the client's private key (RFC 7523, {@code private_key_jwt}). */
        PRIVATE_KEY_JWT
    }

    /** What a token that must be introspected gets while the endpoint cannot be asked. */
    public enum OnOutage {
        /** 503 with {@code Retry-After} ({@link FailureReason#INTROSPECTION_UNAVAILABLE}): fail closed. */
        FAIL,
        /**
         * A JWT that validated locally is accepted (a revoked token may pass during the outage; one WARN per
         * outage says so); an opaque token still gets 503.
         */
        ACCEPT_CACHED_JWT
    }

    /**
     * One issuer's introspection.
     *
     * @param mode which of its tokens are introspected
     * @param client how to reach and authenticate at its endpoint; null only with mode {@link Mode#OFF}
     */
    public record Issuer(Mode mode, Client client) {
        /** Checks. */
        public Issuer {
            Objects.requireNonNull(mode, "mode");
            if (mode != Mode.OFF && client == null) {
                throw new IllegalArgumentException("introspection mode " + mode + " needs a client id ("
                        + IntrospectionProperties.PREFIX + ".client-id)");
            }
        }
    }

    /**
     * The resource server as a client of the introspection endpoint. {@link #toString()} never shows the
     * secret nor the key.
     *
     * @param endpoint the introspection endpoint, or null to take {@code introspection_endpoint} from the
     *                 issuer's discovery document
     * @param clientId the client id
     * @param clientSecret the secret, for {@link ClientAuth#BASIC} and {@link ClientAuth#POST}
     * @param auth the authentication method
     * @param privateKey for {@link ClientAuth#PRIVATE_KEY_JWT}: a PKCS#8 PEM private key (RSA: RS256, EC P-256:
     *                   ES256), or its location (file path, {@code file:} URL, {@code classpath:} resource)
     */
    public record Client(URI endpoint, String clientId, String clientSecret, ClientAuth auth, String privateKey) {
        /** Checks. */
        public Client {
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException("introspection: a client id is required");
            }
            Objects.requireNonNull(auth, "auth");
            if (endpoint != null
                    && (endpoint.getScheme() == null || !endpoint.getScheme().matches("(?i)https?"))) {
                throw new IllegalArgumentException("introspection endpoint " + endpoint + ": expected an http(s) URL");
            }
            if (auth == ClientAuth.PRIVATE_KEY_JWT
                    ? privateKey == null || privateKey.isBlank()
                    : clientSecret == null || clientSecret.isEmpty()) {
                throw new IllegalArgumentException("introspection client " + clientId + ": "
                        + (auth == ClientAuth.PRIVATE_KEY_JWT
                                ? "private_key_jwt needs a private key (" + IntrospectionProperties.PREFIX
                                        + ".private-key)"
                                : "a client secret is required (" + IntrospectionProperties.PREFIX
                                        + ".client-secret)"));
            }
        }

        /** {@code client_secret_basic} at the discovered endpoint. */
        public static Client basic(String clientId, String clientSecret) {
            return new Client(null, clientId, clientSecret, ClientAuth.BASIC, null);
        }

        /** This client at {@code endpoint}. */
        public Client at(URI endpoint) {
            return new Client(endpoint, clientId, clientSecret, auth, privateKey);
        }

        @Override
        public String toString() {
            return "Client[" + clientId + ", " + auth + ", endpoint " + (endpoint == null ? "(discovery)" : endpoint)
                    + "]";
        }
    }

    /** Validates and copies. */
    public IntrospectionConfig {
        Objects.requireNonNull(defaults, "defaults");
        issuers = Map.copyOf(issuers);
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("introspection cache TTL must not be negative, was " + cacheTtl);
        }
        if (cacheMaxEntries < 0) {
            throw new IllegalArgumentException("introspection cache size must not be negative, was " + cacheMaxEntries);
        }
        Objects.requireNonNull(onOutage, "onOutage");
    }

    /** The settings of the issuer named {@code name}: its own, else the defaults. */
    public Issuer issuer(String name) {
        return issuers.getOrDefault(name, defaults);
    }

    /** True if some issuer introspects some tokens. */
    public boolean enabled() {
        return defaults.mode() != Mode.OFF || issuers.values().stream().anyMatch(i -> i.mode() != Mode.OFF);
    }

    /** A builder: off, 30 s, 10,000 entries, fail closed, JSON answers. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads {@code portcullis.introspection} ({@code off|jwt|opaque|all}), {@code .endpoint}, {@code .client-id},
     * {@code .client-secret}, {@code .client-auth} ({@code basic|post|private_key_jwt}), {@code .private-key},
     * {@code .cache-ttl}, {@code .cache-max-entries}, {@code .on-outage} ({@code fail|accept-cached-jwt}),
     * {@code .jwt-response}, and per issuer named in {@code portcullis.issuers}
     * {@code portcullis.issuer.<name>.introspection} and its {@code .endpoint}, {@code .client-id},
     * {@code .client-secret}, {@code .client-auth}, {@code .private-key} (each defaulting to the global one).
     *
     * @throws IllegalArgumentException naming the property and the expected value
     */
    public static IntrospectionConfig fromProperties(Function<String, Optional<String>> lookup) {
        return IntrospectionProperties.read(lookup);
    }

    @Override
    public String toString() {
        return "IntrospectionConfig[defaults " + defaults + ", issuers " + issuers + ", cache " + cacheTtl + " / "
                + cacheMaxEntries + ", on outage " + onOutage + ", jwt response " + jwtResponse + "]";
    }

    /** Builds an {@link IntrospectionConfig}; not thread-safe. */
    public static final class Builder {
        private Mode mode = Mode.OFF;
        private Client client;
        private final Map<String, Issuer> issuers = new LinkedHashMap<>();
        private Duration cacheTtl = DEFAULT_CACHE_TTL;
        private int cacheMaxEntries = DEFAULT_CACHE_MAX_ENTRIES;
        private OnOutage onOutage = OnOutage.FAIL;
        private boolean jwtResponse;

        Builder() {}

        /** Which tokens of every issuer without settings of its own are introspected ({@code portcullis.introspection}). */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The client of every issuer without settings of its own. */
        public Builder client(Client client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The issuer named {@code name} has its own mode and client. */
        public Builder issuer(String name, Mode mode, Client client) {
            issuers.put(Objects.requireNonNull(name, "name"), new Issuer(mode, client));
            return this;
        }

        /** How long an answer is remembered at most ({@code portcullis.introspection.cache-ttl}, 30 s; 0: never). */
        public Builder cacheTtl(Duration ttl) {
            if (ttl == null || ttl.isNegative()) {
                throw new IllegalArgumentException("introspection cache TTL must be zero or more, was " + ttl);
            }
            this.cacheTtl = ttl;
            return this;
        }

        /** How many answers are remembered ({@code portcullis.introspection.cache-max-entries}, 10,000; 0: none). */
        public Builder cacheMaxEntries(int entries) {
            if (entries < 0) {
                throw new IllegalArgumentException("introspection cache size must be zero or more, was " + entries);
            }
            this.cacheMaxEntries = entries;
            return this;
        }

        /** What an outage means ({@code portcullis.introspection.on-outage}, default fail). */
        public Builder onOutage(OnOutage onOutage) {
            this.onOutage = Objects.requireNonNull(onOutage, "onOutage");
            return this;
        }

        /** Ask for RFC 9701 signed answers ({@code portcullis.introspection.jwt-response}, default false). */
        public Builder jwtResponse(boolean jwtResponse) {
            this.jwtResponse = jwtResponse;
            return this;
        }

        /** Builds; fails if a mode other than off has no client. */
        public IntrospectionConfig build() {
            return new IntrospectionConfig(
                    new Issuer(mode, client), issuers, cacheTtl, cacheMaxEntries, onOutage, jwtResponse);
        }
    }
}
