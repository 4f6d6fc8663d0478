package dev.portcullis.benchmarks;

import dev.portcullis.core.dpop.DpopReplayStore;
import dev.portcullis.core.dpop.DpopReplayStore.Verdict;
import dev.portcullis.core.dpop.DpopReplayStores;
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
import org.openjdk.jmh.annotations.Warmup;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * The DPoP replay check alone: the in-memory store's {@code use} (RFC 9449 §11.1), as the request path calls it once
 * per DPoP request after the proof verified. Proofs of 1,024 keys in turn, each with a distinct random 22-character
 * {@code jti}, their {@code iat} advancing 1 ms every 10 proofs (10,000 proofs per second of proof time): with a
 * 10 s window the store holds about 100,000 proofs in steady state (capacity 200,000), so every call also pays for
 * forgetting an expired proof. {@code baseline} does the same but the store call (choose the proof, make its
 * {@code iat} and {@code expiresAt}); {@code firstUse} minus {@code baseline} is what the check adds to a request.
 * {@code replayed} is a proof used again (refused: the cheaper path).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ReplayBenchmark {
    private static final int JTIS = 1 << 20;
    private static final int KEYS = 1024;
    private static final Duration WINDOW = Duration.ofSeconds(10);

    String[] keys;
    String[] jtis;
    ProofClock clock;
    DpopReplayStore store;
    int next;

    /** The store's clock: proof time, moved by the benchmark rather than the wall clock. */
    static final class ProofClock extends Clock {
        long millis = Instant.parse("2026-12-07T00:00:00Z").toEpochMilli();

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        SecureRandom random = new SecureRandom();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            keys[i] = b64.encodeToString(b); // 43 characters, as an RFC 7638 SHA-256 thumbprint
        }
        jtis = new String[JTIS];
        for (int i = 0; i < JTIS; i++) {
            byte[] b = new byte[16];
            random.nextBytes(b);
            jtis[i] = b64.encodeToString(b);
        }
        clock = new ProofClock();
        store = DpopReplayStores.inMemory(WINDOW, 200_000, 2_000, clock);
        Instant now = clock.instant();
        if (store.use(keys[0], "check", now, now.plus(WINDOW)) != Verdict.FIRST_USE
                || store.use(keys[0], "check", now, now.plus(WINDOW)) != Verdict.REPLAYED) {
            throw new IllegalStateException("the store does not refuse a replay");
        }
    }

    /** The next proof's index; proof time moves 1 ms every 10 proofs. */
    private int advance() {
        int i = next++ & (JTIS - 1);
        if (i % 10 == 0) {
            clock.millis++;
        }
        return i;
    }

    @Benchmark
    public Object baseline() {
        int i = advance();
        Instant iat = clock.instant();
        Instant exp = iat.plus(WINDOW);
        return keys[i & (KEYS - 1)].length() + jtis[i].length() + exp.getNano() > 0 ? Verdict.FIRST_USE : null;
    }

    @Benchmark
    public Verdict firstUse() {
        int i = advance();
        Instant iat = clock.instant();
        Verdict v = store.use(keys[i & (KEYS - 1)], jtis[i], iat, iat.plus(WINDOW));
        if (v != Verdict.FIRST_USE) {
            throw new IllegalStateException("a fresh proof was answered " + v);
        }
        return v;
    }

    @Benchmark
    public Verdict replayed() {
        Instant iat = clock.instant();
        return store.use(keys[0], "check", iat.minusMillis(1), iat.plus(WINDOW));
    }
}
