package dev.portcullis.core.dpop;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How DPoP proofs (RFC 9449) are checked: the policy, the accepted proof algorithms, the proof
 * window, nonces, the size limit, and which proxies' forwarded headers count for {@code htu}.
 * Immutable; the constructor applies the builder's rules, so a configuration made either way is
 * held to them. Read from settings by {@link #fromProperties}.
 *
 * @param mode the policy for tokens of issuers without their own ({@code portcullis.dpop})
 * @param issuerModes the policy of particular issuers, by {@code iss} ({@code portcullis.issuer.<name>.dpop})
 * @param algorithms the {@code alg} values accepted for proofs ({@code portcullis.dpop.algorithms})
 * @param proofMaxAge how long after its {@code iat} a proof is accepted ({@code portcullis.dpop.proof-max-age})
 * @param clockSkew how far in the future a proof's {@code iat} may be ({@code portcullis.dpop.clock-skew})
 * @param nonce whether proofs must carry a server nonce ({@code portcullis.dpop.nonce})
 * @param nonceStep how long one nonce is issued; a nonce is accepted during its step and the next ({@code portcullis.dpop.nonce-step})
 * @param maxProofLength longer {@code DPoP} headers are refused unread ({@code portcullis.dpop.max-proof-length})
 * @param trustedProxies addresses or CIDR blocks of proxies whose {@code Forwarded} / {@code X-Forwarded-*} headers
 *                       count for the request URI, or {@code *} for any ({@code portcullis.proxy.trusted}, read as
 *                       {@link dev.portcullis.core.http.TrustedProxy} reads it)
 */
public record DpopConfig(
        DpopMode mode,
        Map<String, DpopMode> issuerModes,
        Set<String> algorithms,
        Duration proofMaxAge,
        Duration clockSkew,
        boolean nonce,
        Duration nonceStep,
        int maxProofLength,
        Set<String> trustedProxies) {
    /** The proof algorithms accepted unless configured: ES256, RS256, PS256 and EdDSA. */
    public static final List<String> DEFAULT_ALGORITHMS = List.of("ES256", "RS256", "PS256", "EdDSA");

    /** Applies the rules of {@link Builder}; copies. */
    public DpopConfig {
        Objects.requireNonNull(mode, "mode");
        issuerModes = Map.copyOf(issuerModes);
        algorithms = DpopRules.algorithms(algorithms);
        DpopRules.window(proofMaxAge, clockSkew);
        DpopRules.nonceStep(nonceStep);
        DpopRules.maxProofLength(maxProofLength);
        trustedProxies = DpopRules.proxies(trustedProxies);
    }

    /** The defaults: allowed, the default algorithms, 60 s, 10 s skew, no nonces, 4 KiB, no trusted proxy. */
    public static DpopConfig defaults() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The policy for tokens of {@code issuer}: its own if it has one, else {@link #mode()}. */
    public DpopMode modeFor(String issuer) {
        return issuer == null ? mode : issuerModes.getOrDefault(issuer, mode);
    }

    /** Whether forwarded headers from a peer at {@code remoteAddress} count for the request URI. */
    public boolean trustsProxy(String remoteAddress) {
        return proxy().trusts(remoteAddress);
    }

    /** The trusted proxies as {@link dev.portcullis.core.http.TrustedProxy} reads them (addresses, CIDR blocks, *). */
    public dev.portcullis.core.http.TrustedProxy proxy() {
        return dev.portcullis.core.http.TrustedProxy.parse(String.join(",", trustedProxies));
    }

    /**
     * Reads the {@code portcullis.dpop*} settings, {@code portcullis.proxy.trusted}, and
     * {@code portcullis.issuer.<name>.dpop} for each tenant named in {@code portcullis.issuers}
     * (keyed by that tenant's {@code portcullis.issuer.<name>.issuer}).
     *
     * @throws IllegalArgumentException naming the property and what was expected
     */
    public static DpopConfig fromProperties(Function<String, Optional<String>> lookup) {
        return DpopProperties.read(lookup);
    }

    /** Builds {@link DpopConfig}; each setter checks its value. Not thread-safe. */
    public static final class Builder {
        private DpopMode mode = DpopMode.ALLOWED;
        private final Map<String, DpopMode> issuerModes = new LinkedHashMap<>();
        private Set<String> algorithms = new LinkedHashSet<>(DpopRules.supportedDefaults());
        private Duration proofMaxAge = Duration.ofSeconds(60);
        private Duration clockSkew = Duration.ofSeconds(10);
        private boolean nonce;
        private Duration nonceStep = Duration.ofMinutes(5);
        private int maxProofLength = 4096;
        private final Set<String> trustedProxies = new LinkedHashSet<>();

        private Builder() {}

        /** The policy for every issuer without its own. */
        public Builder mode(DpopMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The policy for tokens whose {@code iss} is {@code issuer}. */
        public Builder issuerMode(String issuer, DpopMode mode) {
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalArgumentException("issuer must not be blank");
            }
            issuerModes.put(issuer, Objects.requireNonNull(mode, "mode"));
            return this;
        }

        /** The accepted proof algorithms: asymmetric JWS algorithms only (never {@code none} or HMAC). */
        public Builder algorithms(String... algorithms) {
            this.algorithms = DpopRules.algorithms(new LinkedHashSet<>(List.of(algorithms)));
            return this;
        }

        /** How long after its {@code iat} a proof is accepted (positive, at most 10 minutes). */
        public Builder proofMaxAge(Duration maxAge) {
            DpopRules.window(maxAge, clockSkew);
            this.proofMaxAge = maxAge;
            return this;
        }

        /** How far ahead of this server's clock a proof's {@code iat} may be (0 to 5 minutes). */
        public Builder clockSkew(Duration skew) {
            DpopRules.window(proofMaxAge, skew);
            this.clockSkew = skew;
            return this;
        }

        /** Whether proofs must carry a nonce this server issued ({@code DPoP-Nonce}). */
        public Builder nonce(boolean required) {
            this.nonce = required;
            return this;
        }

        /** How long one nonce is issued (at least 10 s); a nonce stays accepted during the next step too. */
        public Builder nonceStep(Duration step) {
            DpopRules.nonceStep(step);
            this.nonceStep = step;
            return this;
        }

        /** The longest {@code DPoP} header read (256 to 65536 characters). */
        public Builder maxProofLength(int chars) {
            DpopRules.maxProofLength(chars);
            this.maxProofLength = chars;
            return this;
        }

        /** A proxy (its address as the container sees it, or {@code *} for any) whose forwarded headers count. */
        public Builder trustProxy(String address) {
            trustedProxies.addAll(DpopRules.proxies(Set.of(address)));
            return this;
        }

        /** The configuration. */
        public DpopConfig build() {
            return new DpopConfig(
                    mode,
                    issuerModes,
                    algorithms,
                    proofMaxAge,
                    clockSkew,
                    nonce,
                    nonceStep,
                    maxProofLength,
                    trustedProxies);
        }
    }
}
