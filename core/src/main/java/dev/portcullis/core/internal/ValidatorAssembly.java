package dev.portcullis.core.internal;

import dev.portcullis.core.ClaimRule;
import dev.portcullis.core.IssuerPolicy;
import dev.portcullis.core.JwksSource;
import dev.portcullis.core.KeySetListener;
import dev.portcullis.core.RevocationCheck;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidatorConfig;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the validator {@link TokenValidator.Builder#build()} returns, in a fixed order: each
 * issuer's key source (given, else from its policy: built once, here), the checks and the
 * application's claim rules ({@link DefaultTokenValidator}), the application's revocation check ({@link RevocationStep}) when
 * there is one, and the counters, log and JMX around them ({@link MeteredTokenValidator}). The only
 * way from the API into this package's validators.
 */
final class ValidatorAssembly {
    private ValidatorAssembly() {
    }

    /** The assembled validator; key sources this call created are closed again if it fails. */
    public static TokenValidator create(String name, ValidatorConfig config, Clock clock, Map<String, JwksSource> given,
                                        List<KeySetListener> listeners, RevocationCheck revocation,
                                        Map<String, ClaimRule> claimRules) {
        ValidationCounters counters = new ValidationCounters(config, clock);
        List<KeySetListener> all = new ArrayList<>(listeners.size() + 1);
        all.add(counters.keyListener());
        all.addAll(listeners);
        KeySetEvents events = KeySetEvents.to(all);
        Map<String, JwksSource> sources = new LinkedHashMap<>();
        try {
            for (IssuerPolicy policy : config.issuers()) {
                JwksSource source = given.get(policy.name());
                sources.put(policy.name(), source != null ? source : KeySources.create(policy, config, clock, events));
            }
            TokenValidator checks = new DefaultTokenValidator(config, clock, sources, counters::refusedByIssuer, claimRules);
            if (revocation != null) {
                checks = new RevocationStep(checks, revocation, counters::refusedByIss);
            }
            return new MeteredTokenValidator(name, checks, counters, sources, clock);
        } catch (RuntimeException e) {
            sources.forEach((n, source) -> {
                if (!given.containsKey(n)) {
                    source.close();
                }
            });
            throw e;
        }
    }
}
