package dev.portcullis.core.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link JsonParser} against Jackson ({@link JsonDifferential}): for any bytes, the same verdict
 * and, when both accept, the same values, nesting and member order, but for our deliberate choices
 * (a byte order mark, lone surrogate escapes and numbers beyond the {@code double} range refused;
 * numbers that are not {@code long}s held as the nearest {@code double}; {@code null} members left
 * out). Every build runs it on its seeds; to fuzz for longer:
 *
 * <pre>JAZZER_FUZZ=1 mvn -pl testkit,core test -Dtest=JsonParserDifferentialFuzzTest -Djazzer.max_duration=10m</pre>
 *
 * <p>Input: the whole input, as the bytes of a decoded header, claim set or JWK Set.
 */
class JsonParserDifferentialFuzzTest {
    @FuzzTest
    void jacksonReadsWhatWeRead(byte[] data) {
        JsonDifferential.Outcome outcome = JsonDifferential.compare(data);
        if (!outcome.agrees()) {
            throw new AssertionError(outcome + " for " + JsonMutator.show(data));
        }
    }
}
