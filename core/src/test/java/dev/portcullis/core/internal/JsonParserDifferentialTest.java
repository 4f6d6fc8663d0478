package dev.portcullis.core.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JsonParser} against a mature strict parser ({@link JacksonReference}, Jackson core 3): the same
 * verdict and, when both accept, the same values, nesting and member order, but for our deliberate
 * choices ({@link JsonDifferential}: a byte order mark, lone surrogate escapes and numbers beyond the
 * {@code double} range refused; numbers that are not {@code long}s held as the nearest {@code double};
 * {@code null} members left out; at most 32 levels).
 *
 * <p>Inputs: our JSONTestSuite-style corpus ({@link JsonCorpus}: {@code y_} accepted, {@code n_} refused,
 * {@code i_} as recorded), the seeds of {@link JsonParserFuzzTest}, and a budget of
 * {@value #MUTATIONS} random mutations (seed {@value #SEED}) of valid documents, stopped early after
 * {@value #MAX_SECONDS} s on a slow machine (it takes about three seconds). Longer runs: the Jazzer target
 * {@link JsonParserDifferentialFuzzTest}.
 */
class JsonParserDifferentialTest {
    static final int MUTATIONS = 20_000;
    static final long SEED = 20_261_207L;
    static final int MAX_SECONDS = 20;
    private static final Path SEEDS = Path.of("src/test/resources/dev/portcullis/core/internal/JsonParserFuzzTestInputs"
            + "/anyBytesGiveAStrictImmutableObjectOrNull");

    static Stream<JsonCorpus.Case> corpus() {
        return JsonCorpus.all().stream();
    }

    @Test
    void theCorpusCoversEveryCategoryWithAtLeastEightyCases() {
        List<JsonCorpus.Case> all = JsonCorpus.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(80);
        assertThat(all).extracting(c -> c.name().substring(0, 2)).contains("y_", "n_", "i_");
        assertThat(all).extracting(JsonCorpus.Case::name).doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachCorpusCaseGetsItsVerdictFromBothParsersOrADeliberateDifference(JsonCorpus.Case c) {
        JsonDifferential.Outcome outcome = JsonDifferential.compare(c.bytes());
        assertThat(JsonParsing.parse(c.bytes()) != null)
                .as("our verdict on %s", c)
                .isEqualTo(c.accept());
        JsonDifferential.Kind expected = c.deliberate() != null
                ? JsonDifferential.Kind.DELIBERATE
                : c.accept() ? JsonDifferential.Kind.BOTH_ACCEPT : JsonDifferential.Kind.BOTH_REFUSE;
        assertThat(outcome.kind()).as("%s: %s", c, outcome).isEqualTo(expected);
        assertThat(outcome.choice()).as("%s", c).isEqualTo(c.deliberate());
    }

    @Test
    void everyFuzzSeedIsReadAlikeOrDiffersDeliberately() throws IOException {
        List<Path> seeds;
        try (Stream<Path> files = Files.list(SEEDS)) {
            seeds = files.sorted().toList();
        }
        assertThat(seeds).hasSizeGreaterThanOrEqualTo(20);
        for (Path seed : seeds) {
            JsonDifferential.Outcome outcome = JsonDifferential.compare(Files.readAllBytes(seed));
            assertThat(outcome.agrees())
                    .as("%s: %s", seed.getFileName(), outcome)
                    .isTrue();
        }
    }

    @Test
    void randomMutationsOfValidDocumentsAreReadAlikeOrDifferDeliberately() {
        List<byte[]> valid = validDocuments();
        Random random = new Random(SEED);
        long deadline = System.nanoTime() + MAX_SECONDS * 1_000_000_000L;
        int[] kinds = new int[JsonDifferential.Kind.values().length];
        int run = 0;
        for (; run < MUTATIONS && System.nanoTime() < deadline; run++) {
            byte[] input = JsonMutator.mutate(valid.get(random.nextInt(valid.size())), random);
            JsonDifferential.Outcome outcome = JsonDifferential.compare(input);
            assertThat(outcome.agrees())
                    .as("mutation %d: %s of %s", run, outcome, JsonMutator.show(input))
                    .isTrue();
            kinds[outcome.kind().ordinal()]++;
        }
        assertThat(run).as("mutations within %d s", MAX_SECONDS).isGreaterThanOrEqualTo(MUTATIONS / 10);
        // The mutations reach both verdicts and the deliberate differences, not only garbage.
        assertThat(kinds[JsonDifferential.Kind.BOTH_ACCEPT.ordinal()]).isGreaterThan(run / 20);
        assertThat(kinds[JsonDifferential.Kind.BOTH_REFUSE.ordinal()]).isGreaterThan(run / 20);
        assertThat(kinds[JsonDifferential.Kind.DELIBERATE.ordinal()]).isPositive();
    }

    /** The corpus's accepted cases, the fuzz seeds we accept, and generated documents. */
    private static List<byte[]> validDocuments() {
        List<byte[]> valid = new ArrayList<>();
        for (JsonCorpus.Case c : JsonCorpus.all()) {
            if (c.accept() && c.bytes().length < 2_000) {
                valid.add(c.bytes());
            }
        }
        try (Stream<Path> files = Files.list(SEEDS)) {
            for (Path seed : files.sorted().toList()) {
                byte[] bytes = Files.readAllBytes(seed);
                if (JsonParsing.parse(bytes) != null) {
                    valid.add(bytes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 200; i++) {
            valid.add(JsonMutator.document(random).getBytes(StandardCharsets.UTF_8));
        }
        for (byte[] document : valid) {
            assertThat(JsonDifferential.compare(document).kind())
                    .as(JsonMutator.show(document))
                    .isEqualTo(JsonDifferential.Kind.BOTH_ACCEPT);
        }
        return valid;
    }

    @Test
    void whenAStringEscapesALoneSurrogateThenWeRefuseWhatJacksonReadsAsAnUnpairedUnit() {
        byte[] text = "{\"sub\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonParsing.parse(text)).isNull();
        assertThat(JacksonReference.read(text)).containsEntry("sub", "\ud800");
    }

    @Test
    void whenANumberExceedsTheDoubleRangeThenWeRefuseWhatJacksonReadsExactly() {
        byte[] text = "{\"exp\":1e400}".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonParsing.parse(text)).isNull();
        assertThat(JacksonReference.read(text)).containsEntry("exp", new JacksonReference.Num("1e400", false));
    }

    @Test
    void whenTheTextStartsWithAByteOrderMarkThenWeRefuseWhatJacksonSkips() {
        byte[] text = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
        assertThat(JsonParsing.parse(text)).isNull();
        assertThat(JacksonReference.read(text)).isEmpty();
    }

    @Test
    void whenANumberIsNotALongThenWeHoldTheDoubleNearestItsExactValue() {
        Map<String, Object> ours =
                JsonParsing.parse("{\"a\":9007199254740993,\"b\":0.1,\"c\":9223372036854775808,\"d\":7}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(ours)
                .containsEntry("a", 9007199254740993L)
                .containsEntry("b", 0.1)
                .containsEntry("c", 9.223372036854775808E18)
                .containsEntry("d", 7L);
        assertThat(JsonDifferential.compare("{\"c\":9223372036854775809}".getBytes(StandardCharsets.UTF_8))
                        .kind())
                .isEqualTo(JsonDifferential.Kind.BOTH_ACCEPT);
    }

    @Test
    void whenAMemberIsNullThenWeLeaveItOutWhereJacksonKeepsIt() {
        byte[] text = "{\"a\":null,\"b\":[null]}".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonParsing.parse(text)).containsOnlyKeys("b");
        assertThat(JacksonReference.read(text)).containsKeys("a", "b");
        assertThat(JsonDifferential.compare(text).kind()).isEqualTo(JsonDifferential.Kind.BOTH_ACCEPT);
    }

    @Test
    void whenAByteOrderMarkPrecedesAnInvalidTextThenTheMarkExcusesNothing() {
        // A deliberate choice only explains a refusal that has no other cause.
        byte[] bomThenGarbage = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}', '}'};
        assertThat(JsonDifferential.compare(bomThenGarbage).kind()).isEqualTo(JsonDifferential.Kind.BOTH_REFUSE);
    }

    @Test
    void whenTheTreesDifferInAValueTheOrderOrTheMembersThenTheComparisonSaysWhere() {
        Map<String, Object> ours = JsonParsing.parse("{\"a\":1,\"b\":[\"x\",2.5]}".getBytes(StandardCharsets.UTF_8));
        assertThat(JsonDifferential.difference(
                        ours, JacksonReference.read("{\"a\":1,\"b\":[\"x\",2.5]}".getBytes(StandardCharsets.UTF_8))))
                .isNull();
        for (String other : List.of(
                "{\"a\":2,\"b\":[\"x\",2.5]}",
                "{\"a\":1,\"b\":[\"y\",2.5]}",
                "{\"a\":1,\"b\":[\"x\",2.25]}",
                "{\"b\":[\"x\",2.5],\"a\":1}",
                "{\"a\":1,\"b\":[\"x\",2.5],\"c\":0}",
                "{\"a\":1,\"b\":[\"x\"]}",
                "{\"a\":1.0,\"b\":[\"x\",2.5]}",
                "{\"a\":\"1\",\"b\":[\"x\",2.5]}",
                "{\"a\":1,\"b\":{\"x\":2.5}}")) {
            assertThat(JsonDifferential.difference(ours, JacksonReference.read(other.getBytes(StandardCharsets.UTF_8))))
                    .as(other)
                    .isNotNull();
        }
    }

    @Test
    void whenSurrogatesArePairedThenNoneIsLone() {
        assertThat(JsonDifferential.hasLoneSurrogate("a\ud83d\ude00b")).isFalse();
        assertThat(JsonDifferential.hasLoneSurrogate("\ude00\ud83d")).isTrue();
        assertThat(JsonDifferential.hasLoneSurrogate("a\ud83d")).isTrue();
    }
}
