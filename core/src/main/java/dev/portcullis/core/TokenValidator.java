package dev.portcullis.core;

import dev.portcullis.core.internal.CoreInternals;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Validates bearer access tokens (signed JWTs). Thread-safe; build one per application and
 * {@link #close()} it when the application stops.
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.builder(ValidatorConfig.builder()
 *                 .issuer("https://idp.example.com/realms/shop")
 *                 .audiences("orders-api")
 *                 .publicKeyLocation("https://idp.example.com/realms/shop/protocol/openid-connect/certs")
 *                 .build())
 *         .build();
 *
 * ValidationResult result = validator.validate(token);
 * if (result instanceof ValidationResult.Valid valid) {
 *     String subject = valid.token().subject().orElse("?");
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface TokenValidator extends AutoCloseable {

    /**
     * Validates a token. Never throws, whatever the input: every outcome is a result.
     *
     * @param token the compact JWS, without the {@code Bearer} prefix; null or empty gives
     *              {@link FailureReason#MISSING_TOKEN}
     */
    ValidationResult validate(String token);

    /**
     * Validates a token, introspecting it (RFC 7662) as {@code introspection} says for this request rather than
     * as its issuer's configured mode ({@link IntrospectionConfig}) says: {@code JWT} asks the introspection
     * endpoint about a JWT after every local check passed ({@code active: false}: {@link FailureReason#REVOKED}),
     * {@code OPAQUE} accepts a token that is not a JWT by introspection alone, {@code ALL} both, {@code OFF}
     * neither; null means the configured mode, as {@link #validate(String)}. Never throws.
     *
     * <p>A validator without introspection ({@link Builder#introspection}) answers a request for it with
     * {@link FailureReason#INTROSPECTION_UNAVAILABLE} (503): it fails closed.
     */
    default ValidationResult validate(String token, IntrospectionConfig.Mode introspection) {
        if (introspection == null || introspection == IntrospectionConfig.Mode.OFF) {
            return validate(token);
        }
        return new ValidationResult.Unavailable(
                ValidationFailure.of(
                        FailureReason.INTROSPECTION_UNAVAILABLE,
                        "introspection was asked for but the validator has none configured"),
                java.time.Duration.ofSeconds(5));
    }

    /** The configuration this validator enforces. */
    ValidatorConfig config();

    /**
     * Counters since the validator was built: accepted tokens, refusals per reason, and the state of
     * each issuer's keys. Also published over JMX as {@code dev.portcullis:type=TokenValidator,name=...}.
     */
    default ValidationMetrics metrics() {
        return new ValidationMetrics(0, java.util.Map.of(), java.util.Map.of());
    }

    /** The validator's name, for logs, JMX and readiness details ({@link Builder#name}); {@code default} unless set. */
    default String name() {
        return "default";
    }

    /**
     * Whether the validator can judge tokens now: DOWN while some issuer's remote keys could never be
     * loaded (asking loads them, rate-limited like any fetch), UP otherwise, with a {@code WARNING}
     * detail while an outage is served from the last known keys. For readiness probes.
     */
    default ValidatorReadiness readiness() {
        return new ValidatorReadiness(true, Map.of());
    }

    /**
     * The validators built by {@link Builder#build()} in this class loader (with the library in a
     * WAR's {@code WEB-INF/lib}: this application's) and not yet closed, oldest first. What health
     * checks and metrics exporters report on.
     */
    static List<TokenValidator> live() {
        return CoreInternals.liveValidators();
    }

    /** Stops background key refreshes and releases connections. Idempotent. */
    @Override
    void close();

    /** A builder for a validator enforcing {@code config}. */
    static Builder builder(ValidatorConfig config) {
        return new Builder(config);
    }

    /** Builds a {@link TokenValidator}; not thread-safe. */
    final class Builder {
        private final ValidatorConfig config;
        private Clock clock = Clock.systemUTC();
        private final Map<String, JwksSource> sources = new LinkedHashMap<>();
        private final List<KeySetListener> listeners = new ArrayList<>();
        private RevocationCheck revocationCheck;
        private IntrospectionConfig introspection = IntrospectionConfig.OFF;
        private final Map<String, ClaimRule> claimRules = new LinkedHashMap<>();
        private String name = "default";

        Builder(ValidatorConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The clock for {@code exp}/{@code nbf}/{@code iat} and key-refresh intervals (default system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Uses {@code source} for the keys of the issuer named {@code issuerName} (an
         * {@link IssuerPolicy#name()}; the single-issuer builder's is {@code default}) instead of its
         * configured key location.
         */
        public Builder keySource(String issuerName, JwksSource source) {
            Objects.requireNonNull(source, "source");
            if (config.issuers().stream().noneMatch(p -> p.name().equals(issuerName))) {
                throw new IllegalArgumentException("no issuer named '" + issuerName + "' in the configuration");
            }
            JwksSource previous = sources.putIfAbsent(issuerName, source);
            if (previous != null) {
                throw new IllegalArgumentException("a key source for issuer '" + issuerName + "' was already set");
            }
            return this;
        }

        /**
         * Adds a listener for key-set events (fetches, outages, rate-limited refetches, rotations) of
         * the remote key sets; see {@link KeySetListener} for its rules. Listeners are called in the
         * order they were added.
         */
        public Builder listener(KeySetListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Asks {@code check} about every token that validated; a revoked one is refused with
         * {@link FailureReason#REVOKED}. See {@link RevocationCheck}.
         */
        public Builder revocationCheck(RevocationCheck check) {
            this.revocationCheck = Objects.requireNonNull(check, "check");
            return this;
        }

        /**
         * Introspects tokens (RFC 7662) as {@code introspection} says: which tokens of which issuer, the client
         * credentials, the answer cache and the outage policy. Off unless set.
         */
        public Builder introspection(IntrospectionConfig introspection) {
            this.introspection = Objects.requireNonNull(introspection, "introspection");
            return this;
        }

        /**
         * Adds an application's own claim rule, run after the built-in checks in the order added; a token
         * it does not accept is refused with {@link FailureReason#CLAIM_RULE}. See {@link ClaimRule}.
         *
         * @param name for the operator detail and logs: letters, digits, {@code . _ : -}, unique
         */
        public Builder claimRule(String name, ClaimRule rule) {
            Objects.requireNonNull(rule, "rule");
            if (name == null
                    || name.isEmpty()
                    || name.length() > 64
                    || !name.chars()
                            .allMatch(c -> c < 0x80
                                    && (Character.isLetterOrDigit(c)
                                            || c == '.'
                                            || c == '_'
                                            || c == ':'
                                            || c == '-'))) {
                throw new IllegalArgumentException(
                        "a claim rule name must be 1 to 64 ASCII letters, digits, . _ : or -, was '" + name + "'");
            }
            if (claimRules.putIfAbsent(name, rule) != null) {
                throw new IllegalArgumentException("a claim rule named '" + name + "' was already added");
            }
            return this;
        }

        /**
         * A name for logs and JMX ({@code dev.portcullis:type=TokenValidator,name=<name>}), e.g. the
         * application's; default {@code default}.
         */
        public Builder name(String name) {
            if (name == null
                    || name.isBlank()
                    || name.chars()
                            .anyMatch(c ->
                                    c < 0x20 || c == ',' || c == '=' || c == ':' || c == '"' || c == '*' || c == '?')) {
                throw new IllegalArgumentException(
                        "a validator name must be non-blank without , = : \" * ? or controls, was '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * Builds the validator. Static keys (inline or from a file) are read now and a problem fails
         * here; remote keys are fetched on first use (or in the background right away with
         * {@link ValidatorConfig#jwksWarmUp()}), so a down identity provider never fails start-up.
         *
         * @throws IllegalArgumentException if static keys cannot be read or contain no usable key, or introspection
         *                                  needs an endpoint or private key that cannot be had
         */
        public TokenValidator build() {
            return CoreInternals.validator(
                    name,
                    config,
                    clock,
                    sources,
                    listeners,
                    revocationCheck,
                    new LinkedHashMap<>(claimRules),
                    introspection);
        }
    }
}
