package dev.portcullis.microprofile;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

import java.util.function.ToLongFunction;

/**
 * The validators' counters as MicroProfile Metrics gauges in the application registry
 * ({@code /metrics?scope=application}): {@code portcullis.accepted},
 * {@code portcullis.rejected{reason=...}} for every {@link FailureReason}, and
 * {@code portcullis.keys.outage} (issuers whose keys are being served from the last known set), and
 * token introspection's {@code portcullis.introspection.calls}, {@code .cache.hits},
 * {@code .answers{active}} and {@code .failures{kind}}.
 *
 * @since 0.1.0
 */
@ApplicationScoped
public class PortcullisMetrics {
    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    /** For CDI. */
    public PortcullisMetrics() {}

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        registry.gauge("portcullis.accepted", this, m -> sum(ValidationMetrics::accepted));
        for (FailureReason reason : FailureReason.values()) {
            registry.gauge(
                    "portcullis.rejected", this, m -> sum(x -> x.rejected(reason)), new Tag("reason", reason.name()));
        }
        registry.gauge(
                "portcullis.keys.outage",
                this,
                m -> sum(x -> x.issuers().values().stream()
                        .filter(ValidationMetrics.IssuerStatus::outage)
                        .count()));
        registry.gauge(
                "portcullis.introspection.calls",
                this,
                m -> sum(x -> x.introspection().calls()));
        registry.gauge(
                "portcullis.introspection.cache.hits",
                this,
                m -> sum(x -> x.introspection().cacheHits()));
        registry.gauge(
                "portcullis.introspection.answers",
                this,
                m -> sum(x -> x.introspection().active()),
                new Tag("active", "true"));
        registry.gauge(
                "portcullis.introspection.answers",
                this,
                m -> sum(x -> x.introspection().inactive()),
                new Tag("active", "false"));
        for (ValidationMetrics.IntrospectionFailure kind : ValidationMetrics.IntrospectionFailure.values()) {
            registry.gauge(
                    "portcullis.introspection.failures",
                    this,
                    m -> sum(x -> x.introspection().failures().getOrDefault(kind, 0L)),
                    new Tag("kind", kind.name()));
        }
    }

    private static long sum(ToLongFunction<ValidationMetrics> f) {
        long total = 0;
        for (TokenValidator v : TokenValidator.live()) {
            total += f.applyAsLong(v.metrics());
        }
        return total;
    }
}
