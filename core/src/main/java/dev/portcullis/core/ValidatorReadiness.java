package dev.portcullis.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a validator can judge tokens now, for a readiness probe: DOWN while some issuer's remote
 * keys could never be loaded; UP otherwise, with a {@code WARNING} detail while an
 * identity-provider outage is served from the last known keys (so that an outage does not take
 * every node out of the load balancer). Immutable.
 *
 * <pre>{@code
 * for (TokenValidator v : TokenValidator.live()) {
 *     ValidatorReadiness r = v.readiness();
 *     if (!r.up()) { ... }                     // r.details(): issuer name -> "DOWN: ...", "keys [k1, k2]", ...
 * }
 * }</pre>
 *
 * @param up true when every issuer's keys are at hand
 * @param details per issuer name, a short state for operators; never keys or secrets
 * @since 0.1.0
 */
public record ValidatorReadiness(boolean up, Map<String, String> details) {
    /** Copies, keeping the issuers' order. */
    public ValidatorReadiness {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
