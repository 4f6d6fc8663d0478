package dev.portcullis.core.internal;

import dev.portcullis.core.ClaimRule;
import dev.portcullis.core.IntrospectionConfig;
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
 * there is one, token introspection ({@link IntrospectionStep}) when configured, and the counters, log and JMX around them ({@link MeteredTokenValidator}). The only
 * way from the API into this package's validators.
 */
final class ValidatorAssembly {
    private ValidatorAssembly() {}

    /** The assembled validator; key sources this call created are closed again if it fails. */
    public static TokenValidator create(
            String name,
            ValidatorConfig config,
            Clock clock,
            Map<String, JwksSource> given,
            List<KeySetListener> listeners,
            RevocationCheck revocation,
            Map<String, ClaimRule> claimRules,
            IntrospectionConfig introspection) {
        ValidationCounters counters = new ValidationCounters(config, clock);
        List<KeySetListener> all = new ArrayList<>(listeners.size() + 1);
        all.add(counters.keyListener());
        all.addAll(listeners);
        KeySetEvents events = KeySetEvents.to(all);
        Map<String, JwksSource> sources = new LinkedHashMap<>();
        Map<String, DiscoveredEndpoints> discovered = new LinkedHashMap<>();
        try {
            for (IssuerPolicy policy : config.issuers()) {
                JwksSource source = given.get(policy.name());
                if (source == null && policy.usesDiscovery()) {
                    discovered.put(policy.name(), new DiscoveredEndpoints());
                }
                sources.put(
                        policy.name(),
                        source != null
                                ? source
                                : KeySources.create(
                                        policy,
                                        config,
                                        clock,
                                        events,
                                        discovered.getOrDefault(policy.name(), new DiscoveredEndpoints())));
            }
            TokenValidator checks =
                    new DefaultTokenValidator(config, clock, sources, counters::refusedByIssuer, claimRules);
            if (revocation != null) {
                checks = new RevocationStep(checks, revocation, counters::refusedByIss);
            }
            IntrospectionStep introspecting = null;
            if (introspection.enabled()
                    || !introspection.issuers().isEmpty()
                    || introspection.defaults().client() != null) {
                introspecting =
                        IntrospectionAssembly.create(checks, introspection, clock, sources, discovered, counters);
                checks = introspecting;
            }
            return new MeteredTokenValidator(name, checks, counters, sources, clock, introspecting);
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
