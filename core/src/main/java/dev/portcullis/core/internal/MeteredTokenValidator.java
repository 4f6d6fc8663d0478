package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IssuerPolicy;
import dev.portcullis.core.KeySetListener;
import dev.portcullis.core.RevocationCheck;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationMetrics;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.VerifiedToken;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The validator users get: counts every result, asks the application's revocation check, logs the
 * effective configuration once, warns once when one cause of refusal persists, and publishes its
 * counters over JMX. The checks themselves are the delegate's.
 */
public final class MeteredTokenValidator implements TokenValidator {
    private static final System.Logger LOG = System.getLogger("dev.portcullis");

    private final String name;
    private final Map<String, dev.portcullis.core.JwksSource> sources;
    private final TokenValidator delegate;
    private final Counters counters;
    private final RevocationCheck revocation;
    private final RepeatedRefusalWatch watch;
    private final ObjectName jmxName;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Builds the validator: the key source of every issuer (the given ones, else from its policy),
     * the checking delegate, and the counters around it.
     */
    public static MeteredTokenValidator create(String name, ValidatorConfig config, Clock clock,
                                               Map<String, dev.portcullis.core.JwksSource> given,
                                               java.util.List<KeySetListener> listeners, RevocationCheck revocation, Map<String, dev.portcullis.core.ClaimRule> claimRules) {
        Counters counters = new Counters(config, clock);
        java.util.List<KeySetListener> all = new java.util.ArrayList<>(listeners.size() + 1);
        all.add(counters.keyListener());
        all.addAll(listeners);
        KeySetEvents events = KeySetEvents.to(all);
        Map<String, dev.portcullis.core.JwksSource> sources = new LinkedHashMap<>();
        try {
            for (IssuerPolicy policy : config.issuers()) {
                dev.portcullis.core.JwksSource source = given.get(policy.name());
                sources.put(policy.name(), source != null ? source : KeySources.create(policy, config, clock, events));
            }
            return new MeteredTokenValidator(name, sources,
                    new DefaultTokenValidator(config, clock, sources, all, counters::refusedByIssuer, claimRules), counters, revocation);
        } catch (RuntimeException e) {
            sources.forEach((n, source) -> {
                if (!given.containsKey(n)) {
                    source.close();
                }
            });
            throw e;
        }
    }

    private MeteredTokenValidator(String name, Map<String, dev.portcullis.core.JwksSource> sources,
                                  TokenValidator delegate, Counters counters, RevocationCheck revocation) {
        this.name = name;
        this.sources = Map.copyOf(sources);
        this.delegate = delegate;
        this.counters = counters;
        this.revocation = revocation;
        this.watch = new RepeatedRefusalWatch(name, counters.clock);
        this.jmxName = register(name, new Stats(this));
        ValidatorRegistry.add(this);
        LOG.log(System.Logger.Level.INFO, "Portcullis validator {0}: {1}", name, describe(delegate.config()));
    }

    @Override
    public ValidationResult validate(String token) {
        ValidationResult result = delegate.validate(token);
        if (result instanceof ValidationResult.Valid valid && revocation != null) {
            result = checkRevocation(valid.token());
            if (!result.isValid()) {
                counters.refusedByIss(valid.token().issuer(), result.rejection().orElseThrow().reason());
            }
        }
        counters.count(result);
        watch.observe(result);
        return result;
    }

    private ValidationResult checkRevocation(VerifiedToken token) {
        try {
            if (revocation.isRevoked(token)) {
                return new ValidationResult.Invalid(ValidationFailure.of(FailureReason.REVOKED,
                        "revoked by the application's revocation check"));
            }
            return new ValidationResult.Valid(token);
        } catch (RuntimeException e) {
            return new ValidationResult.Unavailable(ValidationFailure.of(FailureReason.REVOCATION_UNAVAILABLE,
                    "the revocation check failed"), Duration.ofSeconds(5));
        }
    }

    @Override
    public void recordRefusal(ValidationFailure failure) {
        if (failure != null) {
            counters.countRefusal(failure.reason());
        }
    }

    @Override
    public ValidatorConfig config() {
        return delegate.config();
    }

    @Override
    public ValidationMetrics metrics() {
        return counters.snapshot();
    }

    /** The validator's name (logs, JMX). */
    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            ValidatorRegistry.remove(this);
            unregister(jmxName);
            delegate.close();
        }
    }

    /** Whether the validator can judge tokens: see {@link Readiness}. */
    public Readiness readiness() {
        Map<String, String> details = new LinkedHashMap<>();
        boolean up = true;
        ValidationMetrics m = metrics();
        for (IssuerPolicy p : config().issuers()) {
            ValidationMetrics.IssuerStatus status = m.issuers().get(p.name());
            boolean remote = p.publicKey() == null && (p.usesDiscovery() || p.publicKeyLocation().regionMatches(true, 0, "http", 0, 4));
            if (!remote) {
                details.put(p.name(), "static keys");
                continue;
            }
            if (status != null && status.lastKeyFetch() != null) {
                details.put(p.name(), status.outage() ? "WARNING: identity provider unreachable, serving the last known keys "
                        + status.keyIds() : "keys " + status.keyIds());
                continue;
            }
            try {
                sources.get(p.name()).keys(); // never loaded: try now (rate-limited, bounded by the fetch timeout)
                details.put(p.name(), "keys loaded");
            } catch (dev.portcullis.core.KeysUnavailableException e) {
                up = false;
                details.put(p.name(), "DOWN: no keys could be loaded yet");
            }
        }
        return new Readiness(up, details);
    }

    /**
     * DOWN while some remote issuer's keys could never be loaded; UP otherwise, with a warning detail
     * during an outage served from the last known keys.
     *
     * @param up true when every issuer's keys are at hand
     * @param details per issuer name, a short state
     */
    public record Readiness(boolean up, Map<String, String> details) {
    }

    /** The effective configuration in one line: nothing secret (inline keys are not shown). */
    static String describe(ValidatorConfig c) {
        StringBuilder b = new StringBuilder("issuers [");
        boolean first = true;
        for (IssuerPolicy p : c.issuers()) {
            b.append(first ? "" : "; ").append(p.name()).append(": ").append(p.issuer())
                    .append(", audiences ").append(p.anyAudience() ? "(any)" : new java.util.TreeSet<>(p.audiences()))
                    .append(", keys ").append(p.publicKey() != null ? "inline"
                            : p.usesDiscovery() ? "by discovery" : p.publicKeyLocation())
                    .append(", algorithms ").append(new java.util.TreeSet<>(p.algorithms()));
            first = false;
        }
        return b.append("], leeway ").append(c.clockSkew().getSeconds()).append(" s")
                .append(", required scopes ").append(c.requiredScopes())
                .append(", typ at+jwt ").append(c.requireAccessTokenType() ? "required" : "not required")
                .append(", max token ").append(c.maxTokenLength()).append(" chars")
                .append(", roles claim ").append(c.rolesClaim())
                .append(", JWKS refresh ").append(Durations.describe(c.jwksRefreshInterval()))
                .append(" / min refetch ").append(Durations.describe(c.jwksMinRefetchInterval()))
                .append(" / outage tolerance ").append(Durations.describe(c.jwksOutageTolerance()))
                .append(", verified-token cache ").append(c.cacheMaxEntries() == 0 ? "off"
                        : c.cacheMaxEntries() + " entries")
                .toString();
    }

    private static ObjectName register(String name, Stats stats) {
        MBeanServer server;
        try {
            server = ManagementFactory.getPlatformMBeanServer();
        } catch (RuntimeException | LinkageError e) {
            return null; // no JMX in this runtime
        }
        for (int i = 1; i < 100; i++) {
            try {
                ObjectName on = new ObjectName("dev.portcullis:type=TokenValidator,name="
                        + ObjectName.quote(i == 1 ? name : name + "#" + i));
                server.registerMBean(stats, on);
                return on;
            } catch (InstanceAlreadyExistsException e) {
                // another validator with that name: try the next suffix
            } catch (JMException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "JMX registration of validator {0} failed", name);
                return null;
            }
        }
        return null;
    }

    private static void unregister(ObjectName on) {
        if (on == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(on);
        } catch (JMException | RuntimeException e) {
            // already gone
        }
    }

    /** The counters, fed by results and by the key pipeline's events. Thread-safe, lock-free. */
    public static final class Counters {
        private final Clock clock;
        private final LongAdder accepted = new LongAdder();
        private final Map<FailureReason, LongAdder> rejected = new EnumMap<>(FailureReason.class);
        private final Map<String, IssuerCounters> issuers = new LinkedHashMap<>();
        private final Map<String, IssuerCounters> byIss = new HashMap<>();

        public Counters(ValidatorConfig config, Clock clock) {
            this.clock = clock;
            for (FailureReason r : FailureReason.values()) {
                rejected.put(r, new LongAdder());
            }
            for (IssuerPolicy p : config.issuers()) {
                IssuerCounters c = new IssuerCounters(p.name(), p.issuer());
                issuers.put(p.name(), c);
                byIss.put(p.issuer(), c);
            }
        }

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

        void countRefusal(FailureReason reason) {
            rejected.get(reason).increment();
        }

        /** A refusal of a token of the issuer named {@code issuerName} (see {@link DefaultTokenValidator}). */
        void refusedByIssuer(String issuerName, FailureReason reason) {
            IssuerCounters c = issuers.get(issuerName);
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

        ValidationMetrics snapshot() {
            Map<FailureReason, Long> rej = new EnumMap<>(FailureReason.class);
            rejected.forEach((r, n) -> {
                long v = n.sum();
                if (v > 0) {
                    rej.put(r, v);
                }
            });
            Map<String, ValidationMetrics.IssuerStatus> status = new LinkedHashMap<>();
            issuers.forEach((n, c) -> status.put(n, c.status()));
            return new ValidationMetrics(accepted.sum(), rej, status);
        }

        /** Listens to the key pipeline: fetches, failures, outages, key ids. */
        public KeySetListener keyListener() {
            return new KeySetListener() {
                @Override
                public void fetchSucceeded(String issuerName, int keyCount, Duration duration) {
                    IssuerCounters c = issuers.get(issuerName);
                    if (c != null) {
                        c.lastFetch = clock.instant();
                    }
                }

                @Override
                public void fetchFailed(String issuerName, FailureKind kind) {
                    IssuerCounters c = issuers.get(issuerName);
                    if (c != null) {
                        c.failures.increment();
                    }
                }

                @Override
                public void outageStarted(String issuerName, FailureKind kind) {
                    IssuerCounters c = issuers.get(issuerName);
                    if (c != null) {
                        c.outage = true;
                    }
                }

                @Override
                public void outageEnded(String issuerName, Duration outage) {
                    IssuerCounters c = issuers.get(issuerName);
                    if (c != null) {
                        c.outage = false;
                    }
                }

                @Override
                public void keySetChanged(String issuerName, Set<String> added, Set<String> removed) {
                    IssuerCounters c = issuers.get(issuerName);
                    if (c != null) {
                        c.keyIds.addAll(added);
                        c.keyIds.removeAll(removed);
                    }
                }
            };
        }
    }

    private static final class IssuerCounters {
        final String name;
        final String issuer;
        final LongAdder accepted = new LongAdder();
        final Map<FailureReason, LongAdder> rejected = new EnumMap<>(FailureReason.class);
        final LongAdder failures = new LongAdder();
        final Set<String> keyIds = ConcurrentHashMap.newKeySet();
        volatile Instant lastFetch;
        volatile boolean outage;

        IssuerCounters(String name, String issuer) {
            this.name = name;
            this.issuer = issuer;
            for (FailureReason r : FailureReason.values()) {
                rejected.put(r, new LongAdder());
            }
        }

        ValidationMetrics.IssuerStatus status() {
            Map<FailureReason, Long> refused = new EnumMap<>(FailureReason.class);
            rejected.forEach((r, n) -> {
                long v = n.sum();
                if (v > 0) {
                    refused.put(r, v);
                }
            });
            return new ValidationMetrics.IssuerStatus(name, issuer, accepted.sum(), refused, lastFetch, failures.sum(),
                    outage, new java.util.TreeSet<>(keyIds));
        }
    }

    /** The JMX view. */
    public interface StatsMXBean {
        /** Tokens accepted. */
        long getAccepted();

        /** Refusals, all reasons. */
        long getRejected();

        /** Refusals per reason (only reasons seen). */
        Map<String, Long> getRejectedByReason();

        /** Per issuer: accepted tokens. */
        Map<String, Long> getAcceptedByIssuer();

        /** Per issuer and reason ({@code <issuer>:<REASON>}): refused tokens of that issuer (reasons seen). */
        Map<String, Long> getRejectedByIssuer();

        /** Per issuer: keys in use, last fetch, failures, outage. */
        Map<String, String> getKeyStatus();

        /** The effective configuration. */
        String getConfiguration();
    }

    private static final class Stats implements StatsMXBean {
        private final MeteredTokenValidator validator;

        Stats(MeteredTokenValidator validator) {
            this.validator = validator;
        }

        @Override
        public long getAccepted() {
            return validator.metrics().accepted();
        }

        @Override
        public long getRejected() {
            return validator.metrics().rejectedTotal();
        }

        @Override
        public Map<String, Long> getRejectedByReason() {
            Map<String, Long> out = new TreeMap<>();
            validator.metrics().rejected().forEach((r, n) -> out.put(r.name(), n));
            return out;
        }

        @Override
        public Map<String, Long> getAcceptedByIssuer() {
            Map<String, Long> out = new TreeMap<>();
            validator.metrics().issuers().forEach((n, s) -> out.put(n, s.accepted()));
            return out;
        }

        @Override
        public Map<String, Long> getRejectedByIssuer() {
            Map<String, Long> out = new TreeMap<>();
            validator.metrics().issuers().forEach((n, s) -> s.rejected().forEach((r, count) -> out.put(n + ":" + r.name(), count)));
            return out;
        }

        @Override
        public Map<String, String> getKeyStatus() {
            Map<String, String> out = new TreeMap<>();
            validator.metrics().issuers().forEach((n, s) -> out.put(n, "keys " + s.keyIds() + ", last fetch "
                    + (s.lastKeyFetch() == null ? "never" : s.lastKeyFetch()) + ", fetch failures " + s.keyFetchFailures()
                    + (s.outage() ? ", OUTAGE: serving last known keys" : "")));
            return out;
        }

        @Override
        public String getConfiguration() {
            return describe(validator.config());
        }
    }
}
