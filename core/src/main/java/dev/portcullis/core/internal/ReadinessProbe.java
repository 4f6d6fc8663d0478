package dev.portcullis.core.internal;

import dev.portcullis.core.IssuerPolicy;
import dev.portcullis.core.JwksSource;
import dev.portcullis.core.KeysUnavailableException;
import dev.portcullis.core.ValidationMetrics;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.ValidatorReadiness;

import java.util.LinkedHashMap;
import java.util.Map;

/** Judges a validator's {@link ValidatorReadiness} from its key state, loading keys that were never loaded (rate-limited). */
final class ReadinessProbe {
    private ReadinessProbe() {}

    static ValidatorReadiness judge(
            ValidatorConfig config, ValidationMetrics metrics, Map<String, JwksSource> sources) {
        Map<String, String> details = new LinkedHashMap<>();
        boolean up = true;
        for (IssuerPolicy p : config.issuers()) {
            if (!isRemote(p)) {
                details.put(p.name(), "static keys");
                continue;
            }
            ValidationMetrics.IssuerStatus status = metrics.issuers().get(p.name());
            if (status != null && status.lastKeyFetch() != null) {
                details.put(
                        p.name(),
                        status.outage()
                                ? "WARNING: identity provider unreachable, serving the last known keys "
                                        + status.keyIds()
                                : "keys " + status.keyIds());
                continue;
            }
            try {
                sources.get(p.name()).keys(); // never loaded: try now (rate-limited, bounded by the fetch timeout)
                details.put(p.name(), "keys loaded");
            } catch (KeysUnavailableException e) {
                up = false;
                details.put(p.name(), "DOWN: no keys could be loaded yet");
            }
        }
        return new ValidatorReadiness(up, details);
    }

    private static boolean isRemote(IssuerPolicy p) {
        return p.publicKey() == null
                && (p.usesDiscovery() || p.publicKeyLocation().regionMatches(true, 0, "http", 0, 4));
    }
}
