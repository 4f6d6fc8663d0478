package dev.portcullis.benchmarks;

import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationResult;
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

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Where a cold RS256 validation's time goes, in place: the floor alone, the floor followed by the
 * decoding of the token's parts, then also the JSON parse of header and claims, and the whole
 * validation. Differences between rows are the parts' cost right after a signature check, with the
 * caches and predictors in the state a validation finds them. For working on the cold path;
 * {@link ValidateBenchmark} measures issue 9's targets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ColdPartsBenchmark {
    TokenPool pool;
    TokenValidator portcullis;
    int next;

    byte[][] headers;
    byte[][] payloads;

    @Setup
    public void setUp() {
        pool = new TokenPool(TestKey.rsa("bench-rsa"), ValidateBenchmark.POOL);
        headers = new byte[pool.tokens.length][];
        payloads = new byte[pool.tokens.length][];
        for (int i = 0; i < pool.tokens.length; i++) {
            byte[][] parts = decode(pool.tokens[i]);
            headers[i] = parts[0];
            payloads[i] = parts[1];
        }
        portcullis = ValidateBenchmark.Validators.portcullis(pool.key, "RS256", 0);
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == ValidateBenchmark.POOL ? 0 : i + 1;
        return i;
    }

    /** One {@code Signature}, initialized once: what the floor's getInstance and initVerify cost (the validator pools them). */
    private Signature pooled;

    @Benchmark
    public boolean a2_floorPooled() throws GeneralSecurityException {
        int i = nextIndex();
        if (pooled == null) {
            pooled = Signature.getInstance("SHA256withRSA");
            pooled.initVerify(pool.key.publicKey());
        }
        pooled.update(pool.signingInputs[i]);
        return pooled.verify(pool.signatures[i]);
    }

    @Benchmark
    public boolean a_floor() throws GeneralSecurityException {
        return pool.rawVerify(nextIndex());
    }

    @Benchmark
    public Object b_floorDecode() throws GeneralSecurityException {
        int i = nextIndex();
        boolean ok = pool.rawVerify(i);
        byte[][] parts = decode(pool.tokens[i]);
        return ok ? parts : null;
    }

    @Benchmark
    public Object c_floorDecodeParse() throws GeneralSecurityException {
        int i = nextIndex();
        boolean ok = pool.rawVerify(i);
        byte[][] parts = decode(pool.tokens[i]);
        Object header = JsonParser.parse(parts[0]);
        Object claims = JsonParser.parseLazily(parts[1]); // as the validator does
        return ok && header != null ? claims : null;
    }

    @Benchmark
    public Object c1_floorParseCopies() throws GeneralSecurityException {
        int i = nextIndex();
        boolean ok = pool.rawVerify(i);
        Object header = JsonParser.parse(headers[i].clone());
        Object claims = JsonParser.parseLazily(payloads[i].clone());
        return ok && header != null ? claims : null;
    }

    @Benchmark
    public Object c3_floorScalarDecodeParse() throws GeneralSecurityException {
        int i = nextIndex();
        boolean ok = pool.rawVerify(i);
        String token = pool.tokens[i];
        byte[] bytes = token.getBytes(StandardCharsets.ISO_8859_1);
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        byte[] h = scalarDecode(bytes, 0, first);
        byte[] p = scalarDecode(bytes, first + 1, second);
        byte[] sig = scalarDecode(bytes, second + 1, bytes.length);
        Object header = JsonParser.parse(h);
        Object claims = JsonParser.parseLazily(p);
        return ok && header != null && sig != null ? claims : null;
    }

    private static final int[][] SEXTET_TABLES = new int[4][256];

    static {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int t = 0; t < 4; t++) {
            java.util.Arrays.fill(SEXTET_TABLES[t], -1);
            for (int c = 0; c < alphabet.length(); c++) {
                SEXTET_TABLES[t][alphabet.charAt(c)] = c << (18 - 6 * t);
            }
        }
    }

    /** The scalar table-driven decoder of issue 9's first round, for comparison in place. */
    static byte[] scalarDecode(byte[] token, int from, int to) {
        int[] t0 = SEXTET_TABLES[0];
        int[] t1 = SEXTET_TABLES[1];
        int[] t2 = SEXTET_TABLES[2];
        int[] t3 = SEXTET_TABLES[3];
        int rest = (to - from) % 4;
        byte[] out = new byte[(to - from) / 4 * 3 + (rest == 0 ? 0 : rest - 1)];
        int outside = 0;
        int o = 0;
        int i = from;
        for (int whole = to - rest; i < whole; i += 4) {
            int bits = t0[token[i] & 0xff] | t1[token[i + 1] & 0xff] | t2[token[i + 2] & 0xff] | t3[token[i + 3] & 0xff];
            outside |= bits;
            out[o] = (byte) (bits >> 16);
            out[o + 1] = (byte) (bits >> 8);
            out[o + 2] = (byte) bits;
            o += 3;
        }
        if (rest >= 2) {
            int bits = t0[token[i] & 0xff] | t1[token[i + 1] & 0xff] | (rest == 3 ? t2[token[i + 2] & 0xff] : 0);
            outside |= bits;
            out[o] = (byte) (bits >> 16);
            if (rest == 3) {
                out[o + 1] = (byte) (bits >> 8);
            }
        }
        return outside < 0 ? null : out;
    }

    @Benchmark
    public ValidationResult d_validate() {
        return portcullis.validate(pool.tokens[nextIndex()]);
    }

    private static byte[][] decode(String token) {
        byte[] bytes = token.getBytes(StandardCharsets.ISO_8859_1);
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        Base64.Decoder d = Base64.getUrlDecoder();
        return new byte[][] {
                d.decode(java.nio.ByteBuffer.wrap(bytes, 0, first)).array(),
                d.decode(java.nio.ByteBuffer.wrap(bytes, first + 1, second - first - 1)).array(),
                d.decode(java.nio.ByteBuffer.wrap(bytes, second + 1, bytes.length - second - 1)).array()};
    }
}
