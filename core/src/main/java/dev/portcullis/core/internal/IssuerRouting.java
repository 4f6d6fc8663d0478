package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IssuerPolicy;
import dev.portcullis.core.JwksSource;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Routes a token to the one trusted issuer (tenant) its {@code iss} names, exactly, before any key
 * is fetched (README "What is checked", step 3). Owns the tenants' key sources: closes them.
 */
final class IssuerRouting {
    private static final System.Logger LOG = System.getLogger("dev.portcullis");

    private final Map<String, Tenant> byIssuer;
    /** The tenant when there is only one: its issuer is compared instead of hashing every token's. */
    private final Tenant only;

    private final Set<String> allAlgorithms;

    /** @param sources the key source of every trusted issuer, by issuer name */
    IssuerRouting(
            ValidatorConfig config,
            Map<String, JwksSource> sources,
            BiConsumer<String, FailureReason> refusedByIssuer) {
        Map<String, Tenant> tenants = new HashMap<>();
        Set<String> algorithms = new HashSet<>();
        for (IssuerPolicy policy : config.issuers()) {
            JwksSource source = sources.get(policy.name());
            if (source == null) {
                throw new IllegalArgumentException("no key source for issuer " + policy.name());
            }
            tenants.put(
                    policy.issuer(),
                    new Tenant(policy, source, policy.audiences().toArray(String[]::new), refusedByIssuer));
            algorithms.addAll(policy.algorithms());
        }
        this.byIssuer = Map.copyOf(tenants);
        this.only = tenants.size() == 1 ? tenants.values().iterator().next() : null;
        this.allAlgorithms = Set.copyOf(algorithms);
    }

    /** Every algorithm some trusted issuer may use. */
    Set<String> allAlgorithms() {
        return allAlgorithms;
    }

    /** The tenant whose issuer is exactly {@code iss}, or null. */
    Tenant route(Object iss) {
        if (!(iss instanceof String s)) {
            return null;
        }
        return only != null ? (only.policy().issuer().equals(s) ? only : null) : byIssuer.get(s);
    }

    /** The refusal of a token whose {@code iss} routes to no tenant. */
    static ValidationResult untrusted(Object iss) {
        return Refusals.invalid(
                FailureReason.WRONG_ISSUER,
                iss == null ? "no iss claim" : "iss " + Safe.describe(iss) + " is not trusted");
    }

    /** Closes every tenant's key source; a failure is logged, not thrown. */
    void close() {
        for (Tenant t : byIssuer.values()) {
            try {
                t.keys().close();
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "closing the key source of issuer {0} failed",
                        t.policy().name());
            }
        }
    }
}
