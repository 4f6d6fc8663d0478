package dev.portcullis.benchmarks;

import dev.portcullis.core.http.BearerTokenExtractor;
import dev.portcullis.core.http.BearerTokenExtractor.Extraction;
import dev.portcullis.testkit.TestKey;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bearer token extraction every protected request goes through before validation:
 * {@code BearerTokenExtractor.extract} on an {@code Authorization: Bearer <token>} header, a
 * different ~1.4 KB token each call (the header values and their lists built beforehand, each a
 * distinct {@code String}), so the cost is the scheme check, the {@code b64token} syntax check and
 * the copy of the token out of the header value.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ExtractBenchmark {
    static final int POOL = 1024;

    BearerTokenExtractor extractor;
    List<List<String>> headers;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        TokenPool pool = new TokenPool(TestKey.rsa("bench-rsa"), POOL);
        extractor = BearerTokenExtractor.forHeader("Authorization");
        List<String>[] values = newArray(POOL);
        for (int i = 0; i < POOL; i++) {
            values[i] = List.of("Bearer " + pool.tokens[i]);
            if (!extractor.extract(values[i], false).equals(new Extraction.Found(pool.tokens[i]))) {
                throw new IllegalStateException("the extractor does not find pool token " + i);
            }
        }
        headers = List.of(values);
    }

    @SuppressWarnings("unchecked")
    private static List<String>[] newArray(int size) {
        return (List<String>[]) new List<?>[size];
    }

    @Benchmark
    public Extraction extract() {
        int i = next;
        next = i + 1 == POOL ? 0 : i + 1;
        return extractor.extract(headers.get(i), false);
    }

    /** Runs from an IDE, with the GC profiler. */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(new String[] {"ExtractBenchmark", "-prof", "gc"});
    }
}
