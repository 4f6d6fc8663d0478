package dev.portcullis.microprofile;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationMetrics;
import dev.portcullis.core.TokenValidator;
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
 * {@code portcullis.keys.outage} (issuers whose keys are being served from the last known set).
 *
 * @since 0.1.0
 */
@ApplicationScoped
public class PortcullisMetrics {
    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    /** For CDI. */
    public PortcullisMetrics() {
    }

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        registry.gauge("portcullis.accepted", this, m -> sum(ValidationMetrics::accepted));
        for (FailureReason reason : FailureReason.values()) {
            registry.gauge("portcullis.rejected", this, m -> sum(x -> x.rejected(reason)), new Tag("reason", reason.name()));
        }
        registry.gauge("portcullis.keys.outage", this, m -> sum(x -> x.issuers().values().stream().filter(ValidationMetrics.IssuerStatus::outage).count()));
    }

    private static long sum(ToLongFunction<ValidationMetrics> f) {
        long total = 0;
        for (TokenValidator v : TokenValidator.live()) {
            total += f.applyAsLong(v.metrics());
        }
        return total;
    }
}
