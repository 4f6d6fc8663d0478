package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IssuerPolicy;
import dev.portcullis.core.KeySetListener;
import dev.portcullis.core.ValidationMetrics;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A validator's counters: results, refusals per reason, per issuer, and the state of each issuer's
 * keys (fed by the key pipeline's events through {@link #keyListener()}). Thread-safe, lock-free.
 */
final class ValidationCounters {
    private final Clock clock;
    private final LongAdder accepted = new LongAdder();
    private final Map<FailureReason, LongAdder> rejected = adders();
    private final Map<String, IssuerCounters> byName = new LinkedHashMap<>();
    private final Map<String, IssuerCounters> byIss = new HashMap<>();
    private final LongAdder introspectionCalls = new LongAdder();
    private final LongAdder introspectionHits = new LongAdder();
    private final LongAdder introspectionActive = new LongAdder();
    private final LongAdder introspectionInactive = new LongAdder();
    private final Map<ValidationMetrics.IntrospectionFailure, LongAdder> introspectionFailures =
            new EnumMap<>(ValidationMetrics.IntrospectionFailure.class);
    private volatile java.util.function.BooleanSupplier introspectionOutage = () -> false;

    ValidationCounters(ValidatorConfig config, Clock clock) {
        this.clock = clock;
        for (ValidationMetrics.IntrospectionFailure f : ValidationMetrics.IntrospectionFailure.values()) {
            introspectionFailures.put(f, new LongAdder());
        }
        for (IssuerPolicy p : config.issuers()) {
            IssuerCounters c = new IssuerCounters(p.name(), p.issuer());
            byName.put(p.name(), c);
            byIss.put(p.issuer(), c);
        }
    }

    private static Map<FailureReason, LongAdder> adders() {
        Map<FailureReason, LongAdder> m = new EnumMap<>(FailureReason.class);
        for (FailureReason r : FailureReason.values()) {
            m.put(r, new LongAdder());
        }
        return m;
    }

    /** One result of {@code validate}. */
    void count(ValidationResult result) {
        if (result instanceof ValidationResult.Valid v) {
            accepted.increment();
            IssuerCounters c = byIss.get(v.token().issuer());
            if (c != null) {
                c.accepted.increment();
            }
        } else {
            result.rejection().ifPresent(f -> rejected.get(f.reason()).increment());
        }
    }

    /** A refusal decided outside {@code validate} (a malformed request, a missing scope or role). */
    void countRefusal(FailureReason reason) {
        rejected.get(reason).increment();
    }

    /** A refusal of a token of the issuer named {@code issuerName}. */
    void refusedByIssuer(String issuerName, FailureReason reason) {
        IssuerCounters c = byName.get(issuerName);
        if (c != null) {
            c.rejected.get(reason).increment();
        }
    }

    /** A refusal of a token whose {@code iss} is {@code iss}. */
    void refusedByIss(String iss, FailureReason reason) {
        IssuerCounters c = byIss.get(iss);
        if (c != null) {
            c.rejected.get(reason).increment();
        }
    }

    /** An introspection call made. */
    void introspectionCalled() {
        introspectionCalls.increment();
    }

    /** An introspection answer taken from the cache (or shared with a concurrent call). */
    void introspectionCacheHit() {
        introspectionHits.increment();
    }

    /** A call answered {@code active} true or false. */
    void introspectionAnswered(boolean active) {
        (active ? introspectionActive : introspectionInactive).increment();
    }

    /** A call without a usable answer. */
    void introspectionFailed(ValidationMetrics.IntrospectionFailure kind) {
        introspectionFailures.get(kind).increment();
    }

    /** Where the introspection outage state is read from. */
    void introspectionOutage(java.util.function.BooleanSupplier outage) {
        this.introspectionOutage = outage;
    }

    ValidationMetrics snapshot() {
        Map<String, ValidationMetrics.IssuerStatus> status = new LinkedHashMap<>();
        byName.forEach((n, c) -> status.put(n, c.status()));
        Map<ValidationMetrics.IntrospectionFailure, Long> failures =
                new EnumMap<>(ValidationMetrics.IntrospectionFailure.class);
        introspectionFailures.forEach((k, n) -> {
            if (n.sum() > 0) {
                failures.put(k, n.sum());
            }
        });
        return new ValidationMetrics(
                accepted.sum(),
                seen(rejected),
                status,
                new ValidationMetrics.IntrospectionStatus(
                        introspectionCalls.sum(),
                        introspectionHits.sum(),
                        introspectionActive.sum(),
                        introspectionInactive.sum(),
                        failures,
                        introspectionOutage.getAsBoolean()));
    }

    private static Map<FailureReason, Long> seen(Map<FailureReason, LongAdder> counts) {
        Map<FailureReason, Long> out = new EnumMap<>(FailureReason.class);
        counts.forEach((r, n) -> {
            long v = n.sum();
            if (v > 0) {
                out.put(r, v);
            }
        });
        return out;
    }

    /** Listens to the key pipeline: fetches, failures, outages, key ids. */
    KeySetListener keyListener() {
        return new KeySetListener() {
            @Override
            public void fetchSucceeded(String issuerName, int keyCount, Duration duration) {
                IssuerCounters c = byName.get(issuerName);
                if (c != null) {
                    c.lastFetch = clock.instant();
                }
            }

            @Override
            public void fetchFailed(String issuerName, FailureKind kind) {
                IssuerCounters c = byName.get(issuerName);
                if (c != null) {
                    c.failures.increment();
                }
            }

            @Override
            public void outageStarted(String issuerName, FailureKind kind) {
                IssuerCounters c = byName.get(issuerName);
                if (c != null) {
                    c.outage = true;
                }
            }

            @Override
            public void outageEnded(String issuerName, Duration outage) {
                IssuerCounters c = byName.get(issuerName);
                if (c != null) {
                    c.outage = false;
                }
            }

            @Override
            public void keySetChanged(String issuerName, Set<String> added, Set<String> removed) {
                IssuerCounters c = byName.get(issuerName);
                if (c != null) {
                    c.keyIds.addAll(added);
                    c.keyIds.removeAll(removed);
                }
            }
        };
    }

    private static final class IssuerCounters {
        final String name;
        final String issuer;
        final LongAdder accepted = new LongAdder();
        final Map<FailureReason, LongAdder> rejected = adders();
        final LongAdder failures = new LongAdder();
        final Set<String> keyIds = ConcurrentHashMap.newKeySet();
        volatile Instant lastFetch;
        volatile boolean outage;

        IssuerCounters(String name, String issuer) {
            this.name = name;
            this.issuer = issuer;
        }

        ValidationMetrics.IssuerStatus status() {
            return new ValidationMetrics.IssuerStatus(
                    name,
                    issuer,
                    accepted.sum(),
                    seen(rejected),
                    lastFetch,
                    failures.sum(),
                    outage,
                    new TreeSet<>(keyIds));
        }
    }
}
