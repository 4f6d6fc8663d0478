package dev.portcullis.core.dpop;

import dev.portcullis.core.VerifiedToken;
import dev.portcullis.core.internal.CoreInternals;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks the DPoP proof of one request (RFC 9449 §4.3) and the binding of its access token
 * (§6.1): a fresh JWS of type {@code dpop+jwt}, signed by the public {@code jwk} of its header with
 * an accepted algorithm, for this method and URI, for this access token ({@code ath}), with this
 * server's nonce when nonces are on, first used, and the token's {@code cnf.jkt} the thumbprint of
 * that key. Thread-safe; never throws; nothing is cached (each proof is checked in full).
 *
 * <pre>{@code
 * DpopVerifier dpop = DpopVerifier.builder(DpopConfig.defaults()).replayStore(store).build();
 * DpopResult r = dpop.verify("GET", "https://api.example.com/orders", request.headers("DPoP"), accessToken, token);
 * }</pre>
 */
public interface DpopVerifier {
    /**
     * Checks {@code proofHeaders} (every value of the request's {@code DPoP} header; exactly one is
     * accepted) for a request of {@code method} to {@code requestUri} (absolute, as the client
     * addressed it; query and fragment are ignored) that presented {@code accessToken}, which
     * validated as {@code token}.
     */
    DpopResult verify(
            String method, String requestUri, List<String> proofHeaders, String accessToken, VerifiedToken token);

    /** A fresh {@code DPoP-Nonce} when nonces are on, e.g. for a 401 that invites DPoP; empty otherwise. */
    Optional<String> nonce();

    /** The configuration this verifier applies. */
    DpopConfig config();

    /** The key thumbprint {@code token} is bound to ({@code cnf.jkt}, RFC 9449 §6.1), if any. */
    static Optional<String> boundKey(VerifiedToken token) {
        return token.claim("cnf")
                .filter(c -> c instanceof Map<?, ?>)
                .map(c -> ((Map<?, ?>) c).get("jkt"))
                .filter(String.class::isInstance)
                .map(String.class::cast);
    }

    /** A builder over {@code config}. */
    static Builder builder(DpopConfig config) {
        return new Builder(config);
    }

    /** Builds a {@link DpopVerifier}. Not thread-safe. */
    final class Builder {
        private final DpopConfig config;
        private DpopReplayStore replayStore;
        private Clock clock = Clock.systemUTC();

        private Builder(DpopConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Where accepted proofs are remembered (required; shared by every instance of a cluster). */
        public Builder replayStore(DpopReplayStore store) {
            this.replayStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The clock for {@code iat} and nonces (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The verifier.
         *
         * @throws IllegalStateException if no replay store was given
         */
        public DpopVerifier build() {
            if (replayStore == null) {
                throw new IllegalStateException("a DPoP replay store is required (replayStore(...))");
            }
            return CoreInternals.dpopVerifier(config, replayStore, clock);
        }
    }
}
