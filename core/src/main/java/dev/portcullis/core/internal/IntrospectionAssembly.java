package dev.portcullis.core.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.IssuerPolicy;
import dev.portcullis.core.JwksSource;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidatorConfig;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the {@link IntrospectionStep} around the local checks, or fails with the setting to fix. */
final class IntrospectionAssembly {
    private IntrospectionAssembly() {}

    /**
     * @param discovered per issuer name, what its key fetcher read from discovery (absent: keys not discovered)
     */
    static IntrospectionStep create(
            TokenValidator checks,
            IntrospectionConfig introspection,
            Clock clock,
            Map<String, JwksSource> sources,
            Map<String, DiscoveredEndpoints> discovered,
            ValidationCounters counters) {
        ValidatorConfig config = checks.config();
        Ticker ticker = RemoteJwksSourceBuilder.ticker(clock);
        HttpClients http = HttpClients.create("portcullis-introspection", config.jwksConnectTimeout());
        List<IntrospectionStep.Issuer> issuers = new ArrayList<>();
        try {
            for (IssuerPolicy policy : config.issuers()) {
                IntrospectionConfig.Issuer settings = introspection.issuer(policy.name());
                Tenant tenant = new Tenant(
                        policy,
                        sources.get(policy.name()),
                        policy.audiences().toArray(String[]::new),
                        counters::refusedByIssuer);
                IntrospectionConfig.Client c = settings.client();
                IntrospectionClient client = null;
                if (c != null) {
                    DiscoveredEndpoints endpoints = discovered.get(policy.name());
                    if (c.endpoint() == null && endpoints == null) {
                        throw new IllegalArgumentException(
                                "issuer '" + policy.name() + "': introspection needs an endpoint"
                                        + " (portcullis.introspection.endpoint) when its keys are not found by discovery");
                    }
                    ClientAssertion assertion = c.auth() == IntrospectionConfig.ClientAuth.PRIVATE_KEY_JWT
                            ? new ClientAssertion(c.clientId(), policy.issuer(), c.privateKey(), clock)
                            : null;
                    IntrospectionJwt jwt =
                            introspection.jwtResponse() ? new IntrospectionJwt(tenant, c.clientId()) : null;
                    client = new IntrospectionClient(
                            http.client(),
                            config.jwksFetchTimeout(),
                            c,
                            tenant,
                            endpoints != null ? endpoints : new DiscoveredEndpoints(),
                            assertion,
                            jwt);
                }
                String consequence = introspection.onOutage() == IntrospectionConfig.OnOutage.ACCEPT_CACHED_JWT
                        ? "JWTs that validated locally are accepted without it (a revoked one may pass) and opaque tokens"
                                + " are answered 503 until it answers again"
                        : "tokens that need it are answered 503 until it answers again";
                issuers.add(new IntrospectionStep.Issuer(
                        tenant,
                        settings.mode(),
                        client,
                        new IntrospectionOutage(policy.name(), ticker, consequence, config.jwksMinRefetchInterval())));
            }
        } catch (RuntimeException e) {
            http.executor().shutdownNow();
            throw e;
        }
        IntrospectionStep step = new IntrospectionStep(
                checks,
                issuers,
                new IntrospectionCache(introspection.cacheMaxEntries(), introspection.cacheTtl(), ticker),
                new IntrospectionChecks(config, clock),
                counters,
                introspection,
                http.executor());
        counters.introspectionOutage(step::outage);
        return step;
    }
}
