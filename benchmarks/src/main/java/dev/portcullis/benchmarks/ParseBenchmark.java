package dev.portcullis.benchmarks;

import dev.portcullis.core.internal.JsonParser;
import dev.portcullis.testkit.TestKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One part of a cold validation on its own: the strict JSON parse of the claim set of the pool's
 * tokens (decoded beforehand). For working on the parser; {@link ValidateBenchmark} is the measure
 * of issue 9's targets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ParseBenchmark {
    byte[][] payloads;
    int next;

    @Setup
    public void setUp() {
        TokenPool pool = new TokenPool(TestKey.rsa("bench-rsa"), ValidateBenchmark.POOL);
        payloads = new byte[pool.tokens.length][];
        for (int i = 0; i < payloads.length; i++) {
            String t = pool.tokens[i];
            payloads[i] = Base64.getUrlDecoder().decode(t.substring(t.indexOf('.') + 1, t.lastIndexOf('.')));
            if (JsonParser.parse(payloads[i]) == null) {
                throw new IllegalStateException("the parser refuses pool token " + i);
            }
        }
    }

    @Benchmark
    public Map<String, Object> parseClaims() {
        return JsonParser.parse(payloads[next++ & (payloads.length - 1)]);
    }
}
