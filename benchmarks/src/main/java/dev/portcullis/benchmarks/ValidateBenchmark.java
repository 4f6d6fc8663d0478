package dev.portcullis.benchmarks;

import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.testkit.TestKey;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run, the same token pool for every contender: the raw-verify floor ({@code Signature.verify} on
 * pre-decoded bytes, key in hand), a jose4j {@code JwtConsumer} with the same policy, and Portcullis:
 * cold (distinct tokens, verified-token cache disabled: every call parses and verifies), cold with
 * the cache on but out of reach (distinct tokens through a 16-entry cache: the cost of a miss and an
 * insertion on top of a cold validation), and one token presented again and again (cache hits; the
 * token arrives as a different but equal {@code String} each call, as from a new request).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// Two forks, five warm-up iterations: with three, the cold path was still speeding up in the
// measured iterations, and single forks differed by up to 5 % (benchmarks/HISTORY.md).
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ValidateBenchmark {
    static final int POOL = 1024;

    @Param({"RS256", "ES256"})
    public String alg;

    static final int REPEATS = 64;

    TokenPool pool;
    TokenValidator portcullis;
    TokenValidator portcullisSmallCache;
    TokenValidator portcullisCached;
    String[] repeated;
    JwtConsumer jose4j;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        TestKey key = alg.equals("ES256") ? TestKey.ec("bench-ec") : TestKey.rsa("bench-rsa");
        pool = new TokenPool(key, POOL);
        portcullis = Validators.portcullis(key, alg, 0);
        portcullisSmallCache = Validators.portcullis(key, alg, 16);
        portcullisCached = Validators.portcullis(key, alg, ValidatorConfig.DEFAULT_CACHE_MAX_ENTRIES);
        repeated = new String[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            repeated[i] = new String(pool.tokens[0].toCharArray()); // equal, not the same instance
        }
        jose4j = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(60)
                .setExpectedIssuer(TokenPool.ISSUER)
                .setExpectedAudience(TokenPool.AUDIENCE)
                .setVerificationKey(key.publicKey())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg)
                .build();
        check();
    }

    /** Every contender accepts the pool and refuses each bad token, before anything is measured. */
    private void check() throws Exception {
        for (int i = 0; i < POOL; i++) {
            if (!pool.rawVerify(i)
                    || !portcullis.validate(pool.tokens[i]).isValid()
                    || !jose4j(pool.tokens[i])
                    || !portcullisSmallCache.validate(pool.tokens[i]).isValid()) {
                throw new IllegalStateException("a contender refuses pool token " + i);
            }
        }
        for (String token : repeated) {
            if (!portcullisCached.validate(token).isValid()
                    || !portcullisCached.validate(token).isValid()) {
                throw new IllegalStateException("Portcullis (cached) refuses the repeated token");
            }
        }
        for (Map.Entry<String, String> bad : pool.refusals().entrySet()) {
            for (TokenValidator v : new TokenValidator[] {portcullis, portcullisSmallCache, portcullisCached}) {
                if (v.validate(bad.getValue()).isValid()
                        || v.validate(bad.getValue()).isValid()) {
                    throw new IllegalStateException("Portcullis accepts a token with " + bad.getKey());
                }
            }
            if (jose4j(bad.getValue())) {
                throw new IllegalStateException("jose4j accepts a token with " + bad.getKey());
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        portcullis.close();
        portcullisSmallCache.close();
        portcullisCached.close();
    }

    private boolean jose4j(String token) {
        try {
            JwtClaims claims = jose4j.processToClaims(token);
            Object scope = claims.getClaimValue("scope");
            return scope instanceof String s && (" " + s + " ").contains(" " + TokenPool.SCOPE + " ");
        } catch (InvalidJwtException e) {
            return false;
        }
    }

    @Benchmark
    public boolean rawVerifyFloor(ThreadCursor cursor) throws GeneralSecurityException {
        return pool.rawVerify(cursor.nextIndex());
    }

    @Benchmark
    public boolean jose4jConsumer(ThreadCursor cursor) {
        return jose4j(pool.tokens[cursor.nextIndex()]);
    }

    @Benchmark
    public ValidationResult portcullisCold(ThreadCursor cursor) {
        return portcullis.validate(pool.tokens[cursor.nextIndex()]);
    }

    @Benchmark
    public ValidationResult portcullisColdCacheOn(ThreadCursor cursor) {
        return portcullisSmallCache.validate(pool.tokens[cursor.nextIndex()]);
    }

    /** Cache hits: the same token, as one of {@link #REPEATS} equal strings in turn. */
    @Benchmark
    public ValidationResult portcullisRepeatedToken(ThreadCursor cursor) {
        return portcullisCached.validate(repeated[cursor.nextIndex(REPEATS)]);
    }

    /**
     * Calls a contender {@link #BATCH} times and adds the nanoseconds taken to {@code times}: elapsed
     * ({@code [0]}) and the thread's CPU time ({@code [1]}).
     */
    private void batch(String contender, ThreadCursor cursor, Blackhole bh, long[] times)
            throws GeneralSecurityException {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        switch (contender) {
            case "rawVerifyFloor" -> {
                for (int i = 0; i < BATCH; i++) {
                    bh.consume(rawVerifyFloor(cursor));
                }
            }
            case "portcullisCold" -> {
                for (int i = 0; i < BATCH; i++) {
                    bh.consume(portcullisCold(cursor));
                }
            }
            case "jose4jConsumer" -> {
                for (int i = 0; i < BATCH; i++) {
                    bh.consume(jose4jConsumer(cursor));
                }
            }
            default -> throw new IllegalArgumentException(contender);
        }
        times[0] += System.nanoTime() - start;
        times[1] += THREADS.getCurrentThreadCpuTime() - cpu;
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static final int BATCH = 20;

    /**
     * The floor and a contender in the same fork and the same iteration, batch after batch
     * ({@link #BATCH} calls each, the order swapped every round), so that a machine whose speed
     * drifts over seconds or minutes moves both alike. The ratio is {@code floorNanos /
     * contenderNanos} (equal numbers of calls); the contender {@code rawVerifyFloor} is the control,
     * the measure's own bias, and should give 1.00. The primary score (rounds per second) means
     * nothing by itself.
     */
    @Benchmark
    public void interleaved(Contender c, InterleavedTimes t, ThreadCursor cursor, Blackhole bh)
            throws GeneralSecurityException {
        t.calls += BATCH;
        if ((t.round++ & 1) == 0) {
            batch("rawVerifyFloor", cursor, bh, t.floor);
            batch(c.contender, cursor, bh, t.contender);
        } else {
            batch(c.contender, cursor, bh, t.contender);
            batch("rawVerifyFloor", cursor, bh, t.floor);
        }
        t.floorNanos = t.floor[0];
        t.floorCpuNanos = t.floor[1];
        t.contenderNanos = t.contender[0];
        t.contenderCpuNanos = t.contender[1];
    }

    /** Which contender {@link #interleaved} sets against the floor. */
    @State(Scope.Thread)
    public static class Contender {
        @Param({"rawVerifyFloor", "portcullisCold", "jose4jConsumer"})
        public String contender;
    }

    /**
     * The time {@link #interleaved} spent in each, per iteration, and the calls each received
     * ({@code calls}, the same for both; JMH reports public fields): elapsed, and in the thread's CPU
     * time ({@code ...CpuNanos}), which leaves out the time the thread waited for a core. On a
     * machine shared with other jobs, a batch that loses its core for a few milliseconds weighs on
     * the elapsed ratio; the CPU-time ratio only sees the work.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class InterleavedTimes {
        public long floorNanos;
        public long contenderNanos;
        public long floorCpuNanos;
        public long contenderCpuNanos;
        public long calls;
        int round;
        final long[] floor = new long[2];
        final long[] contender = new long[2];

        @Setup(Level.Iteration)
        public void reset() {
            floorNanos = 0;
            contenderNanos = 0;
            floorCpuNanos = 0;
            contenderCpuNanos = 0;
            calls = 0;
            java.util.Arrays.fill(floor, 0);
            java.util.Arrays.fill(contender, 0);
        }
    }

    /** The validator under test: static keys (no network), full policy, a cache of {@code cacheEntries}. */
    static final class Validators {
        private Validators() {}

        static TokenValidator portcullis(TestKey key, String alg, int cacheEntries) {
            ValidatorConfig config = ValidatorConfig.builder()
                    .issuer(TokenPool.ISSUER)
                    .audiences(TokenPool.AUDIENCE)
                    .publicKey("{\"keys\":[" + key.publicJwk() + "]}")
                    .algorithms(alg)
                    .requiredScopes(TokenPool.SCOPE)
                    .cacheMaxEntries(cacheEntries)
                    .build();
            return TokenValidator.builder(config).build();
        }
    }

    /** Runs from an IDE: all benchmarks with the GC profiler. */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(new String[] {"ValidateBenchmark", "-prof", "gc"});
    }
}
