package dev.portcullis.benchmarks;

import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.testkit.TestKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;

/**
 * The raw-verify floor and a cold RS256 validation measured at the same time, one thread each, in
 * the same JVM and the same iterations ({@code @Group}): a slow fork, a noisy neighbour or a drifting
 * clock speed hits both alike, where {@link ValidateBenchmark} measures them minutes apart, in
 * different JVMs. On a 2-core machine the two threads share the cores' caches and the machine's
 * memory, so the absolute numbers are lower than {@link ValidateBenchmark}'s; the ratio is what this
 * measures.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 3,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SideBySideBenchmark {
    TokenPool pool;
    TokenValidator portcullis;

    @Setup
    public void setUp() throws GeneralSecurityException {
        pool = new TokenPool(TestKey.rsa("bench-rsa"), ValidateBenchmark.POOL);
        portcullis = ValidateBenchmark.Validators.portcullis(pool.key, "RS256", 0);
        for (int i = 0; i < ValidateBenchmark.POOL; i++) {
            if (!portcullis.validate(pool.tokens[i]).isValid() || !pool.rawVerify(i)) {
                throw new IllegalStateException("pool token " + i + " is refused");
            }
        }
    }

    @TearDown
    public void tearDown() {
        portcullis.close();
    }

    @Benchmark
    @Group("rs256")
    @GroupThreads(1)
    public boolean rawVerifyFloor(ThreadCursor cursor) throws GeneralSecurityException {
        return pool.rawVerify(cursor.nextIndex());
    }

    @Benchmark
    @Group("rs256")
    @GroupThreads(1)
    public ValidationResult portcullisCold(ThreadCursor cursor) {
        return portcullis.validate(pool.tokens[cursor.nextIndex()]);
    }
}
