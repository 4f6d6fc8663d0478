package dev.portcullis.benchmarks;

import com.sun.management.ThreadMXBean;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.dpop.DpopConfig;
import dev.portcullis.core.dpop.DpopReplayStores;
import dev.portcullis.core.http.AccessRequirement;
import dev.portcullis.core.http.BearerAuthenticator;
import dev.portcullis.core.http.BearerAuthenticator.Decision;
import dev.portcullis.testkit.DpopProof;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
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

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A whole DPoP request against the raw verification of its proof alone (issue 22: at most 1.10x). The floor is
 * {@code Signature.verify} (SHA256withECDSAinP1363Format, key in hand) of a pre-made ES256 proof's signing input and
 * decoded signature. The contender is {@link BearerAuthenticator#authenticate} of {@code GET /app/orders} with
 * {@code Authorization: DPoP <RS256 token bound to the proof key by cnf.jkt>} and a fresh ES256 proof (new
 * {@code jti}, {@code iat} now), DPoP allowed, the token already in the verified-token cache, the in-memory replay
 * store; every call must be {@code Authenticated} (the benchmark fails on the first refusal). The proofs are signed
 * before each iteration (at least {@link #RING}, each used once), so the ring never repeats within a measurement.
 * {@link #interleaved} runs floor and contender in one fork, batch after batch, and counts each side's wall time and
 * thread CPU time and bytes allocated.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DpopRequestBenchmark {
    /**
     * Proofs signed before the first iteration; before each later one, twice as many as the iteration before used
     * if that is more (a 2-s iteration uses about 1,300 in {@link #interleaved}, 2,800 alone, on our machine).
     */
    static final int RING = 4096;
    /** Distinct proofs the floor verifies in turn. */
    static final int FLOOR_POOL = 256;

    static final int BATCH = 20;
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    DpopProof client;
    PublicKey clientKey;
    String token;
    TokenValidator validator;
    BearerAuthenticator authenticator;
    AccessRequirement need;
    BenchRequest request;
    byte[][] signingInputs;
    byte[][] signatures;
    String[] ring;
    int next;
    int nextFloor;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        TestKey clientKeys = TestKey.ec("bench-client");
        clientKey = clientKeys.publicKey();
        client = DpopProof.of(clientKeys).method("GET").uri(BenchRequest.URL);
        TestKey issuerKey;
        try (LocalIdp idp = LocalIdp.start()) { // only mints the token: the validator has its key statically
            issuerKey = idp.activeKey();
            token = idp.token()
                    .boundTo(client.thumbprint())
                    .expiresIn(Duration.ofDays(1))
                    .build();
            validator = TokenValidator.builder(ValidatorConfig.builder()
                            .issuer(idp.issuer())
                            .audiences("orders-api")
                            .publicKey("{\"keys\":[" + issuerKey.publicJwk() + "]}")
                            .algorithms("RS256")
                            .build())
                    .build();
        }
        if (!issuerKey.algorithm().equals("RS256")) {
            throw new IllegalStateException("the token is signed with " + issuerKey.algorithm() + ", not RS256");
        }
        DpopConfig dpop = DpopConfig.defaults();
        authenticator = BearerAuthenticator.builder(validator)
                .realm("orders")
                .dpop(dpop)
                .dpopReplayStore(DpopReplayStores.inMemory(
                        dpop.proofMaxAge().plus(dpop.clockSkew()), 1_000_000, 1_000_000, Clock.systemUTC()))
                .build();
        need = AccessRequirement.of(List.of("read:orders"), AccessRequirement.Match.ALL, List.of());
        request = new BenchRequest(token);
        signingInputs = new byte[FLOOR_POOL][];
        signatures = new byte[FLOOR_POOL][];
        for (int i = 0; i < FLOOR_POOL; i++) {
            String proof = client.accessToken(token).build();
            int lastDot = proof.lastIndexOf('.');
            signingInputs[i] = proof.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
            signatures[i] = Base64.getUrlDecoder().decode(proof.substring(lastDot + 1));
        }
        check();
    }

    /** The token is cached, a fresh proof passes, the same proof again and a proof for another URI are refused. */
    private void check() throws GeneralSecurityException {
        if (!validator.validate(token).isValid()) {
            throw new IllegalStateException("the token is refused");
        }
        String proof = client.accessToken(token).build();
        accepted(authenticator.authenticate(request.proof(proof), need));
        if (authenticator.authenticate(request.proof(proof), need) instanceof BearerAuthenticator.Authenticated) {
            throw new IllegalStateException("a replayed proof is accepted");
        }
        String elsewhere = client.uri("http://127.0.0.1:8080/app/invoices")
                .accessToken(token)
                .build();
        if (authenticator.authenticate(request.proof(elsewhere), need) instanceof BearerAuthenticator.Authenticated) {
            throw new IllegalStateException("a proof for another URI is accepted");
        }
        for (int i = 0; i < FLOOR_POOL; i++) {
            if (!rawVerify(i)) {
                throw new IllegalStateException("the floor refuses proof " + i);
            }
        }
    }

    /** Fresh proofs for the next iteration: distinct {@code jti}, {@code iat} now. */
    @Setup(Level.Iteration)
    public void signProofs() {
        ring = new String[Math.max(RING, 2 * next)];
        DpopProof template = client.accessToken(token);
        for (int i = 0; i < ring.length; i++) {
            ring[i] = template.build();
        }
        next = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        validator.close();
    }

    private static Decision accepted(Decision d) {
        if (d instanceof BearerAuthenticator.Refused r) {
            throw new IllegalStateException("a fresh proof was refused: "
                    + r.response().status() + " " + r.response().body());
        }
        return d;
    }

    private boolean rawVerify(int i) throws GeneralSecurityException {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initVerify(clientKey);
        s.update(signingInputs[i]);
        return s.verify(signatures[i]);
    }

    /** The floor: one ES256 proof's signature, verified with the key in hand. */
    @Benchmark
    public boolean proofVerifyFloor() throws GeneralSecurityException {
        int i = nextFloor;
        nextFloor = i + 1 == FLOOR_POOL ? 0 : i + 1;
        if (!rawVerify(i)) {
            throw new IllegalStateException("the floor refused proof " + i);
        }
        return true;
    }

    /** The contender: a whole DPoP request with a fresh proof, accepted. */
    @Benchmark
    public Decision dpopRequest() {
        if (next == ring.length) {
            throw new IllegalStateException("all " + next + " proofs of this iteration were used: raise RING");
        }
        return accepted(authenticator.authenticate(request.proof(ring[next++]), need));
    }

    /**
     * Floor and contender in one fork and iteration, {@link #BATCH} calls each, the order swapped every round. The
     * ratio is {@code contenderNanos / floorNanos} (equal numbers of calls), and the same in thread CPU time.
     */
    @Benchmark
    public void interleaved(InterleavedTimes t, Blackhole bh) throws GeneralSecurityException {
        t.calls += BATCH;
        if ((t.round++ & 1) == 0) {
            floorBatch(t, bh);
            contenderBatch(t, bh);
        } else {
            contenderBatch(t, bh);
            floorBatch(t, bh);
        }
    }

    private void floorBatch(InterleavedTimes t, Blackhole bh) throws GeneralSecurityException {
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            bh.consume(proofVerifyFloor());
        }
        t.floorNanos += System.nanoTime() - start;
        t.floorCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
        t.floorBytes += THREADS.getCurrentThreadAllocatedBytes() - bytes;
    }

    private void contenderBatch(InterleavedTimes t, Blackhole bh) {
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            bh.consume(dpopRequest());
        }
        t.contenderNanos += System.nanoTime() - start;
        t.contenderCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
        t.contenderBytes += THREADS.getCurrentThreadAllocatedBytes() - bytes;
    }

    /**
     * What {@link #interleaved} spent in each side, per iteration: wall time, thread CPU time, bytes allocated (the
     * per-call figure of each side; {@code -prof gc}'s B/op also counts the proofs signed before the iteration), and
     * the calls each received.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class InterleavedTimes {
        public long floorNanos;
        public long contenderNanos;
        public long floorCpuNanos;
        public long contenderCpuNanos;
        public long floorBytes;
        public long contenderBytes;
        public long calls;
        int round;

        @Setup(Level.Iteration)
        public void reset() {
            floorNanos = 0;
            contenderNanos = 0;
            floorCpuNanos = 0;
            contenderCpuNanos = 0;
            floorBytes = 0;
            contenderBytes = 0;
            calls = 0;
        }
    }
}
