package dev.portcullis.core.internal;

import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.JwksSource;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationMetrics;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.ValidatorReadiness;

import javax.management.ObjectName;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The validator users get, outermost of the chain {@link ValidatorAssembly} builds: counts every
 * result, warns once when one cause of refusal persists, is listed among the live validators and
 * published over JMX while open. The checks are the delegate's.
 */
final class MeteredTokenValidator implements TokenValidator {
    private static final System.Logger LOG = System.getLogger("dev.portcullis");

    private final String name;
    private final TokenValidator delegate;
    private final ValidationCounters counters;
    private final Map<String, JwksSource> sources;
    private final RepeatedRefusalWatch watch;
    private final ObjectName jmxName;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final IntrospectionStep introspection;

    MeteredTokenValidator(
            String name,
            TokenValidator delegate,
            ValidationCounters counters,
            Map<String, JwksSource> sources,
            Clock clock,
            IntrospectionStep introspection) {
        this.name = name;
        this.introspection = introspection;
        this.delegate = delegate;
        this.counters = counters;
        this.sources = Map.copyOf(sources);
        this.watch = new RepeatedRefusalWatch(name, clock);
        this.jmxName = ValidatorJmx.register(name, this);
        ValidatorRegistry.add(this);
        LOG.log(System.Logger.Level.INFO, "Portcullis validator {0}: {1}", name, configuration());
    }

    @Override
    public ValidationResult validate(String token) {
        ValidationResult result = delegate.validate(token);
        counters.count(result);
        watch.observe(result);
        return result;
    }

    @Override
    public ValidationResult validate(String token, IntrospectionConfig.Mode introspect) {
        if (introspect == null) {
            return validate(token);
        }
        ValidationResult result = delegate.validate(token, introspect);
        counters.count(result);
        watch.observe(result);
        return result;
    }

    /** Counts a refusal decided outside {@link #validate} (see {@link CoreInternals#countRefusal}). */
    void countRefusal(ValidationFailure failure) {
        counters.countRefusal(failure.reason());
    }

    @Override
    public ValidatorConfig config() {
        return delegate.config();
    }

    @Override
    public ValidationMetrics metrics() {
        return counters.snapshot();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ValidatorReadiness readiness() {
        ValidatorReadiness keys = ReadinessProbe.judge(config(), metrics(), sources);
        if (introspection == null) {
            return keys;
        }
        Map<String, String> details = new java.util.LinkedHashMap<>(keys.details());
        details.putAll(introspection.endpointStates());
        return new ValidatorReadiness(keys.up(), details);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            ValidatorRegistry.remove(this);
            ValidatorJmx.unregister(jmxName);
            delegate.close();
        }
    }

    /** The effective configuration in one line, for the start-up log and JMX ({@link ConfigSummary}). */
    String configuration() {
        return ConfigSummary.describe(delegate.config()) + ", "
                + (introspection == null ? "introspection off" : introspection.describe());
    }

    @Override
    public String toString() {
        return "TokenValidator[" + name + "]";
    }
}
