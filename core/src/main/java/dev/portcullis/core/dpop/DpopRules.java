package dev.portcullis.core.dpop;

import dev.portcullis.core.internal.CoreInternals;

import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The rules every {@link DpopConfig} value obeys, shared by its constructor and its builder. */
final class DpopRules {
    private DpopRules() {}

    /** The default algorithms this JDK can verify (EdDSA only where the JDK has Ed25519). */
    static List<String> supportedDefaults() {
        List<String> out = new ArrayList<>();
        for (String alg : DpopConfig.DEFAULT_ALGORITHMS) {
            if (!alg.equals("EdDSA") || hasEdDsa()) {
                out.add(alg);
            }
        }
        return out;
    }

    static Set<String> algorithms(Set<String> algorithms) {
        Objects.requireNonNull(algorithms, "algorithms");
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one DPoP proof algorithm is required, e.g. ES256");
        }
        for (String alg : algorithms) {
            String why = alg == null ? "null" : CoreInternals.whyAlgorithmNotConfigurable(alg);
            if (why != null) {
                throw new IllegalArgumentException("DPoP proof algorithm '" + alg + "' cannot be accepted: " + why);
            }
            if (alg.equals("EdDSA") && !hasEdDsa()) {
                throw new IllegalArgumentException("DPoP proof algorithm EdDSA: this JDK has no Ed25519");
            }
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(algorithms));
    }

    static void window(Duration maxAge, Duration skew) {
        Objects.requireNonNull(maxAge, "proof max age");
        Objects.requireNonNull(skew, "clock skew");
        if (maxAge.isNegative() || maxAge.isZero() || maxAge.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    "DPoP proof max age must be positive and at most 10 minutes, was " + maxAge);
        }
        if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("DPoP clock skew must be 0 to 5 minutes, was " + skew);
        }
    }

    static void nonceStep(Duration step) {
        Objects.requireNonNull(step, "nonce step");
        if (step.compareTo(Duration.ofSeconds(10)) < 0 || step.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("DPoP nonce step must be 10 s to 24 h, was " + step);
        }
    }

    static void maxProofLength(int chars) {
        if (chars < 256 || chars > 65_536) {
            throw new IllegalArgumentException("DPoP max proof length must be 256 to 65536, was " + chars);
        }
    }

    static Set<String> proxies(Set<String> proxies) {
        Objects.requireNonNull(proxies, "trusted proxies");
        for (String p : proxies) {
            if (p == null || p.isBlank() || !p.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ',')) {
                throw new IllegalArgumentException("a trusted proxy is an address as the container reports it"
                        + " (e.g. 10.0.0.5), a CIDR block or *, was '" + p + "'");
            }
            dev.portcullis.core.http.TrustedProxy.parse(p); // the one reading of portcullis.proxy.trusted
        }
        return Set.copyOf(proxies);
    }

    private static boolean hasEdDsa() {
        try {
            Signature.getInstance("Ed25519");
            return true;
        } catch (NoSuchAlgorithmException e) {
            return false;
        }
    }
}
