package dev.portcullis.benchmarks;

import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.testkit.LocalIdp;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What an introspection-cache hit costs over a plain cached validation (issue 24: at most 1 µs): one
 * validator (static keys, the testkit's loopback provider as the introspection endpoint, its answer cached for
 * an hour), one token presented again and again as a different but equal {@code String}; the floor validates it
 * without introspection ({@code Mode.OFF}: a verified-token cache hit), the contender with it
 * ({@code Mode.JWT}: the same hit, then the introspection cache's). {@link #interleaved} runs both in one fork,
 * batch after batch, so a drifting machine moves both alike; the provider is asked once, before measuring.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class IntrospectionBenchmark {
    static final int REPEATS = 64;
    static final int BATCH = 20;

    LocalIdp idp;
    TokenValidator validator;
    String[] repeated;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        idp = LocalIdp.start();
        idp.introspection().registerClient("bench", "bench-secret");
        ValidatorConfig config = ValidatorConfig.builder()
                .issuer(idp.issuer())
                .audiences("orders-api")
                .publicKey("{\"keys\":[" + idp.activeKey().publicJwk() + "]}")
                .requiredScopes("read:orders")
                .build();
        validator = TokenValidator.builder(config)
                .introspection(IntrospectionConfig.builder()
                        .client(IntrospectionConfig.Client.basic("bench", "bench-secret")
                                .at(idp.introspection().uri()))
                        .cacheTtl(Duration.ofHours(1))
                        .build())
                .build();
        String token = idp.token().expiresIn(Duration.ofDays(1)).build();
        repeated = new String[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            repeated[i] = new String(token.toCharArray()); // equal, not the same instance
        }
        for (String t : repeated) {
            if (!validator.validate(t, IntrospectionConfig.Mode.JWT).isValid()
                    || !validator.validate(t).isValid()) {
                throw new IllegalStateException("the token is refused");
            }
        }
        idp.introspection().revoke(token);
        if (idp.introspection().calls() != 1) {
            throw new IllegalStateException("expected one introspection call, saw "
                    + idp.introspection().calls());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        int calls = idp.introspection().calls();
        validator.close();
        idp.close();
        if (calls != 1) {
            throw new IllegalStateException("the measured calls were not all cache hits: " + calls + " introspections");
        }
    }

    private String nextToken() {
        int i = next;
        next = (i + 1) & (REPEATS - 1);
        return repeated[i];
    }

    @Benchmark
    public ValidationResult cachedValidationFloor() {
        return validator.validate(nextToken(), IntrospectionConfig.Mode.OFF);
    }

    @Benchmark
    public ValidationResult introspectionCacheHit() {
        return validator.validate(nextToken(), IntrospectionConfig.Mode.JWT);
    }

    /**
     * Floor and contender in one fork and iteration, {@link #BATCH} calls each, the order swapped every round.
     * The cost of the introspection-cache hit is {@code (contenderNanos - floorNanos) / calls}.
     */
    @Benchmark
    public void interleaved(InterleavedTimes t, Blackhole bh) {
        t.calls += BATCH;
        if ((t.round++ & 1) == 0) {
            t.floorNanos += batch(false, bh);
            t.contenderNanos += batch(true, bh);
        } else {
            t.contenderNanos += batch(true, bh);
            t.floorNanos += batch(false, bh);
        }
    }

    private long batch(boolean introspect, Blackhole bh) {
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            bh.consume(introspect ? introspectionCacheHit() : cachedValidationFloor());
        }
        return System.nanoTime() - start;
    }

    /** The time {@link #interleaved} spent in each, per iteration, and the calls each received. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class InterleavedTimes {
        public long floorNanos;
        public long contenderNanos;
        public long calls;
        int round;

        @Setup(Level.Iteration)
        public void reset() {
            floorNanos = 0;
            contenderNanos = 0;
            calls = 0;
        }
    }
}
