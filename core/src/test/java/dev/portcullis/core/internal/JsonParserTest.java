package dev.portcullis.core.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strict JSON parser of token headers and claims: RFC 8259, unique names, bounded depth, immutable results. */
class JsonParserTest {

    private static Map<String, Object> parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The claim set the last accepted text of these tests gave: the template for the next text. */
    private static Map<String, Object> lastAccepted;

    /**
     * The parser's object, or null; the lazy claim parser must agree on every text of these tests,
     * without a template, with the text's own claim set as its template, and with the previous
     * accepted text's.
     */
    private static Map<String, Object> parse(byte[] json) {
        Map<String, Object> parsed = JsonParsing.parse(json);
        Map<String, Object> lazily = JsonParsing.parseLazily(json);
        agrees(parsed, lazily, "no template");
        agrees(parsed, JsonParsing.parseLazily(json, lastAccepted), "the previous text as the template");
        if (lazily != null) {
            Map<String, Object> again = JsonParsing.parseLazily(json, lazily);
            agrees(parsed, again, "its own claim set as the template");
            assertThat(JsonParsing.reusedMembers(again))
                    .as("every member found in its own claim set")
                    .isEqualTo(again.size());
            lastAccepted = lazily;
        }
        return parsed;
    }

    private static void agrees(Map<String, Object> parsed, Map<String, Object> lazily, String how) {
        assertThat(lazily == null)
                .as("the lazy claim parser refuses exactly what the parser refuses (%s)", how)
                .isEqualTo(parsed == null);
        if (parsed != null) {
            assertThat(new ArrayList<>(lazily.entrySet())).as(how).isEqualTo(new ArrayList<>(parsed.entrySet()));
        }
    }

    /** The value of member "v" of {"v": json}, or the refusal as null. */
    private static Object value(String json) {
        Map<String, Object> m = parse("{\"v\":" + json + "}");
        return m == null ? null : m.get("v");
    }

    private static boolean refused(String json) {
        return parse(json) == null;
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenObjectThenEachJsonTypeHasItsJavaType() {
        Map<String, Object> m = parse("{\"s\":\"x\",\"i\":1,\"n\":-5,\"f\":1.5,\"e\":1e3,\"t\":true,\"F\":false,"
                + "\"a\":[1,\"x\",null,{},[]],\"o\":{\"k\":\"v\"},\"empty\":{}}");
        assertThat(m)
                .containsEntry("s", "x")
                .containsEntry("i", 1L)
                .containsEntry("n", -5L)
                .containsEntry("f", 1.5)
                .containsEntry("e", 1000.0)
                .containsEntry("t", true)
                .containsEntry("F", false)
                .containsEntry("o", Map.of("k", "v"))
                .containsEntry("empty", Map.of());
        assertThat((List<Object>) m.get("a")).containsExactly(1L, "x", null, Map.of(), List.of());
        assertThat(new ArrayList<>(m.keySet()))
                .as("document order")
                .containsExactly("s", "i", "n", "f", "e", "t", "F", "a", "o", "empty");
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenMemberIsNullThenItIsLeftOutAsIfAbsent() {
        Map<String, Object> m = parse("{\"a\":null,\"b\":{\"c\":null},\"d\":[null]}");
        assertThat(m).doesNotContainKey("a").containsEntry("b", Map.of());
        assertThat((List<Object>) m.get("d")).containsExactly((Object) null);
    }

    @Test
    void whenParsedThenEveryLevelIsImmutable() {
        Map<String, Object> m = parse("{\"o\":{\"k\":[1,2]},\"x\":1}");
        assertThatThrownBy(() -> m.put("y", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.remove("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(m::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.entrySet().iterator().next().setValue(2))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> {
                    var it = m.keySet().iterator();
                    it.next();
                    it.remove();
                })
                .isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) m.get("o");
        assertThatThrownBy(() -> o.put("z", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> k = (List<Object>) o.get("k");
        assertThatThrownBy(() -> k.add(3)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> k.set(0, 3)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(m).isEqualTo(new HashMap<>(Map.of("o", Map.of("k", List.of(1L, 2L)), "x", 1L)));
        assertThat(m.hashCode())
                .isEqualTo(Map.of("o", Map.of("k", List.of(1L, 2L)), "x", 1L).hashCode());
    }

    @Test
    void whenIntegerFitsALongThenLong() {
        assertThat(value("0")).isEqualTo(0L);
        assertThat(value("-0")).isEqualTo(0L);
        assertThat(value("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(value("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(value("1700000000")).isEqualTo(1_700_000_000L);
    }

    @Test
    void whenIntegerIsBeyondALongThenDoubleAsIfWrittenWithAnExponent() {
        assertThat(value("9223372036854775808")).isEqualTo(9.223372036854775808e18);
        assertThat(value("-9223372036854775809")).isEqualTo(-9.223372036854775809e18);
        assertThat(value("123456789012345678901234567890")).isEqualTo(1.2345678901234568e29);
        assertThat(value("1" + "0".repeat(400)))
                .as("a finite integer beyond the double range")
                .isNull();
    }

    @Test
    void whenFractionOrExponentThenDouble() {
        assertThat(value("1.5")).isEqualTo(1.5);
        assertThat(value("-0.0")).isEqualTo(-0.0);
        assertThat(value("1e3")).isEqualTo(1000.0);
        assertThat(value("1E+3")).isEqualTo(1000.0);
        assertThat(value("25e-1")).isEqualTo(2.5);
        assertThat(value("1e-400")).isEqualTo(0.0);
        assertThat(value("1700000000.999")).isEqualTo(1_700_000_000.999);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "01",
                "-01",
                "00",
                "+1",
                ".5",
                "1.",
                "1.e3",
                "1e",
                "1e+",
                "-",
                "--1",
                "NaN",
                "Infinity",
                "-Infinity",
                "1e400",
                "-1e400",
                "0x10",
                "1_000",
                "1 2",
                "1.5.5",
                "١"
            })
    void whenNumberIsOutsideTheGrammarOrTheDoubleRangeThenRefused(String number) {
        assertThat(refused("{\"v\":" + number + "}")).isTrue();
    }

    @Test
    void whenEscapesThenDecoded() {
        assertThat(value("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"")).isEqualTo("\" \\ / \b \f \n \r \t");
        assertThat(value("\"\\u00e9\\u20AC\\u0000\"")).isEqualTo("é€\u0000");
        assertThat(value("\"caf\\u00e9 ok\"")).isEqualTo("café ok");
    }

    @Test
    void whenSurrogateEscapesArePairedThenOneCodePoint() {
        assertThat(value("\"\\ud83d\\ude00\"")).isEqualTo("\uD83D\uDE00");
        assertThat(value("\"x\\uD83D\\uDE00y\"")).isEqualTo("x\uD83D\uDE00y");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"\\ud83d\"",
                "\"\\ud83dx\"",
                "\"\\ud83d\\ud83d\"",
                "\"\\ude00\"",
                "\"\\ude00\\ud83d\"",
                "\"\\ud83d\\n\"",
                "\"\\ud83d\\u0041\"",
                "\"\\x\"",
                "\"\\u12\"",
                "\"\\u12G4\"",
                "\"\\U00e9\"",
                "\"\\'\"",
                "\"abc",
                "\"\\",
                "\"\\u"
            })
    void whenEscapeIsUnknownTruncatedOrAnUnpairedSurrogateThenRefused(String string) {
        assertThat(refused("{\"v\":" + string + "}")).as(string).isTrue();
    }

    @Test
    void whenStringHoldsRawControlCharactersThenRefused() {
        for (int c = 0; c < 0x20; c++) {
            assertThat(refused("{\"v\":\"a" + (char) c + "b\"}"))
                    .as("U+%04X", c)
                    .isTrue();
            assertThat(refused("{\"a" + (char) c + "\":1}"))
                    .as("U+%04X in a name", c)
                    .isTrue();
        }
        assertThat(value("\"a\u007fb\"")).isEqualTo("a\u007fb");
    }

    @Test
    void whenUtf8IsWellFormedThenDecoded() {
        assertThat(value("\"é € 😀 \uFFFD\"")).isEqualTo("é € 😀 \uFFFD");
        assertThat(parse("{\"ключ\":\"значение\"}")).containsEntry("ключ", "значение");
    }

    @Test
    void whenUtf8IsMalformedThenRefused() {
        int[][] bad = {
            {0x80},
            {0xBF},
            {0xC0, 0xAF},
            {0xC1, 0xBF},
            {0xC2},
            {0xC2, 0x41},
            {0xE0, 0x80, 0xAF},
            {0xE0, 0x9F, 0xBF},
            {0xED, 0xA0, 0x80},
            {0xED, 0xBF, 0xBF},
            {0xE2, 0x82},
            {0xF0, 0x80, 0x80, 0xAF},
            {0xF0, 0x8F, 0xBF, 0xBF},
            {0xF4, 0x90, 0x80, 0x80},
            {0xF5, 0x80, 0x80, 0x80},
            {0xF8, 0x88, 0x80, 0x80, 0x80},
            {0xFE},
            {0xFF},
            {0xF0, 0x9F, 0x98}
        };
        for (int[] sequence : bad) {
            byte[] json = new byte[sequence.length + 8];
            byte[] open = "{\"v\":\"".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(open, 0, json, 0, open.length);
            for (int i = 0; i < sequence.length; i++) {
                json[open.length + i] = (byte) sequence[i];
            }
            json[open.length + sequence.length] = '"';
            json[open.length + sequence.length + 1] = '}';
            assertThat(parse(Arrays.copyOf(json, open.length + sequence.length + 2)))
                    .as(Arrays.toString(sequence))
                    .isNull();
        }
        assertThat(parse(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}))
                .as("in a name")
                .isNull();
        assertThat(parse(new byte[] {
                    '{', '"', 'v', '"', ':', '"', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, '"', '}'
                }))
                .containsEntry("v", "😀");
    }

    @Test
    void whenJsonWhitespaceSurroundsThenAccepted() {
        assertThat(parse(" \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" :\t{ } }\n\r\t ")).containsEntry("a", List.of(1L, 2L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00a0{}", "\ufeff{}", "{}\u00a0", "\f{}", "\u000b{}", "{\u2028}", "{\"a\":1\u3000}"})
    void whenOtherWhitespaceThenRefused(String json) {
        assertThat(refused(json)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "[]",
                "1",
                "\"s\"",
                "null",
                "true",
                "{}x",
                "{}{}",
                "{} ,",
                "{}\u0000",
                "{}]",
                "{\"a\":1}}",
                "{",
                "{\"a\"",
                "{\"a\":",
                "{\"a\":1",
                "{\"a\":1,",
                "{\"a\" 1}",
                "{\"a\":1 \"b\":2}",
                "{\"a\":1,}",
                "{,}",
                "{\"a\":[1,]}",
                "{\"a\":[,1]}",
                "{\"a\":[1 2]}",
                "{'a':1}",
                "{a:1}",
                "{\"a\":tru}",
                "{\"a\":nul}",
                "{\"a\":True}",
                "{\"a\":1}//",
                "{/**/}",
                "{\"a\":undefined}",
                "{\"a\":\"b\"\"c\"}",
                "{1:2}",
                "{null:1}"
            })
    void whenNotExactlyOneObjectThenRefused(String json) {
        assertThat(refused(json)).isTrue();
    }

    @Test
    void whenNestedUpToTheBoundThenAcceptedAndOneDeeperRefused() {
        int depth = JsonParser.MAX_DEPTH;
        assertThat(parse("{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1)))
                .isNotNull();
        assertThat(parse("{\"a\":".repeat(depth) + "{}" + "}".repeat(depth))).isNull();
        assertThat(parse("{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}"))
                .isNotNull();
        assertThat(parse("{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}"))
                .isNull();
        assertThat(parse("{\"a\":" + "[{\"b\":".repeat(depth / 2) + "1" + "}]".repeat(depth / 2) + "}"))
                .isNull();
    }

    @Test
    void whenNestingIsHugeThenRefusedWithoutStackOverflow() {
        assertThat(parse("{\"a\":" + "[".repeat(100_000))).isNull();
        assertThat(parse("{\"a\":" + "{\"a\":".repeat(100_000))).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"a\":1,\"a\":1}",
                "{\"a\":1,\"b\":2,\"a\":3}",
                "{\"a\":null,\"a\":1}",
                "{\"a\":1,\"a\":null}",
                "{\"o\":{\"x\":1,\"x\":2}}",
                "{\"l\":[{\"x\":1},{\"y\":1,\"y\":1}]}",
                "{\"exp\":1,\"\\u0065xp\":2}",
                "{\"\\u00e9\":1,\"é\":2}",
                "{\"\":1,\"\":2}",
                "{\"a\":[[[{\"d\":{\"e\":1,\"e\":{}}}]]]}"
            })
    void whenNamesRepeatAtAnyLevelThenRefused(String json) {
        assertThat(refused(json)).isTrue();
    }

    @Test
    void whenLargeObjectsRepeatANameAnywhereThenRefused() {
        for (int size : new int[] {9, 17, 100, 1000}) {
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < size; i++) {
                b.append(i == 0 ? "" : ",")
                        .append("\"k")
                        .append(i)
                        .append("\":")
                        .append(i);
            }
            String distinct = b + "}";
            assertThat(parse(distinct)).as("%d distinct names", size).hasSize(size);
            assertThat(refused(b + ",\"k0\":0}"))
                    .as("first repeated at the end of %d", size)
                    .isTrue();
            assertThat(refused(b + ",\"k" + (size - 1) + "\":0}"))
                    .as("last repeated of %d", size)
                    .isTrue();
            assertThat(refused("{\"k" + (size / 2) + "\":0," + b.substring(1) + "}"))
                    .as("middle of %d", size)
                    .isTrue();
        }
    }

    @Test
    void whenNamesShareJavaHashCodesThenTheyAreStillDistinctAndFast() {
        // "Aa" and "BB" have the same String.hashCode; 2^10 names of 20 chars all collide.
        List<String> names = new ArrayList<>(List.of(""));
        for (int i = 0; i < 10; i++) {
            List<String> longer = new ArrayList<>();
            for (String n : names) {
                longer.add(n + "Aa");
                longer.add(n + "BB");
            }
            names = longer;
        }
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append("\":0");
        }
        String json = b + "}";
        long start = System.nanoTime();
        assertThat(parse(json)).hasSize(1024);
        assertThat(refused(b + ",\"" + names.get(512) + "\":0}")).isTrue();
        assertThat(System.nanoTime() - start).as("nanoseconds").isLessThan(2_000_000_000L);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"iss\":\"a\",\"iss\":\"a\"}",
                "{\"exp\":1,\"iat\":2,\"nbf\":3,\"exp\":4}",
                "{\"iss\":1,\"\\u0069ss\":1}",
                "{\"\\u0069ss\":1,\"iss\":1}",
                "{\"iss\":1,\"x\":2,\"iss\":3}",
                "{\"realm_access\":{\"roles\":[],\"roles\":[]}}",
                "{\"uid\":1,\"alg\":2,\"uid\":3}",
                "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"sub\":9,\"\\u0073ub\":10}"
            })
    void whenAWellKnownNameRepeatsPlainOrEscapedThenRefused(String json) {
        assertThat(refused(json)).isTrue();
    }

    @Test
    void whenEveryWellKnownNameAppearsOnceThenAcceptedAndTwiceThenRefused() throws Exception {
        java.lang.reflect.Field f = JsonParser.class.getDeclaredField("KNOWN");
        f.setAccessible(true);
        String[] known = (String[]) f.get(null);
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < known.length; i++) {
            b.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(known[i])
                    .append("\":")
                    .append(i);
        }
        assertThat(parse(b + "}")).hasSize(known.length);
        for (String name : known) {
            assertThat(refused(b + ",\"" + name + "\":0}")).as(name).isTrue();
        }
    }

    @Test
    void whenStringsOfEveryLengthHoldASpecialByteAnywhereThenTheScanFindsTheFirst() {
        // The scan for the end of a plain string reads eight bytes at a time: every length and
        // position around a word boundary, each kind of byte that ends or breaks the plain run.
        byte[] specials = {'"', '\\', 0x00, 0x1f, (byte) 0x80, (byte) 0xc3, (byte) 0xff};
        byte[] plains = {0x20, 'a', 0x21, 0x7f, 0x5b, 0x5d, '~', '#'};
        java.util.Random random = new java.util.Random(42);
        for (int length = 0; length <= 40; length++) {
            for (int at = 0; at <= length; at++) {
                for (byte special : specials) {
                    byte[] b = new byte[length + 3];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = plains[random.nextInt(plains.length)];
                    }
                    int from = 1;
                    int to = from + length;
                    if (at < length) {
                        b[from + at] = special;
                    }
                    assertThat(JsonParser.plainRun(b, from, to))
                            .as("length %d, special %d at %d", length, special, at)
                            .isEqualTo(from + at);
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenClaimsAreParsedLazilyThenEachValueIsBuiltOnFirstReadAndIsTheSameForAllReaders() throws Exception {
        byte[] json = ("{\"iss\":\"https://idp\",\"n\":null,\"exp\":1795448258,\"big\":1e300,\"esc\":\"\\u00e9\\n\","
                        + "\"realm_access\":{\"roles\":[\"a\",null,{\"x\":[]}]},\"t\":true,\"e\":{},\"l\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, Object> eager = JsonParsing.parse(json);
        for (int round = 0; round < 50; round++) {
            Map<String, Object> lazy = JsonParsing.parseLazily(json);
            assertThat(lazy).doesNotContainKey("n").hasSize(8);
            java.util.List<java.util.concurrent.Callable<Object>> reads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                reads.add(() -> List.of(lazy.get("realm_access"), lazy.get("esc"), lazy.get("big"), lazy.get("iss")));
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                for (var f : pool.invokeAll(reads)) {
                    assertThat(f.get()).isEqualTo(List.of(eager.get("realm_access"), "\u00e9\n", 1e300, "https://idp"));
                }
            } finally {
                pool.shutdown();
            }
            assertThat(lazy).isEqualTo(eager);
            assertThat(lazy.get("exp")).isEqualTo(1795448258L);
            assertThat(lazy.get("realm_access"))
                    .as("built once, then the same instance")
                    .isSameAs(lazy.get("realm_access"));
            Map<String, Object> access = (Map<String, Object>) lazy.get("realm_access");
            assertThatThrownBy(() -> access.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> ((List<Object>) access.get("roles")).add("b"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void whenANameIsAWellKnownClaimThenItEqualsIt() {
        Map<String, Object> m = parse("{\"exp\":1,\"ex\":2,\"expx\":3,\"\\u0069ss\":\"i\",\"scope\":\"a\",\"Exp\":4}");
        assertThat(m).containsOnlyKeys("exp", "ex", "expx", "iss", "scope", "Exp");
        assertThat(m.get("exp")).isEqualTo(1L);
        assertThat(m.get("iss")).isEqualTo("i");
    }

    @Test
    void whenHeaderOfARealTokenThenItsParametersAreRead() {
        Map<String, Object> header = parse("{\"alg\":\"RS256\",\"typ\" : \"JWT\",\"kid\":\"f8pX-3_iQnuY\"}");
        assertThat(header)
                .containsExactlyInAnyOrderEntriesOf(Map.of("alg", "RS256", "typ", "JWT", "kid", "f8pX-3_iQnuY"));
    }

    private static Map<String, Object> withTemplate(String json, String template) {
        Map<String, Object> model = JsonParsing.parseLazily(template.getBytes(StandardCharsets.UTF_8));
        assertThat(model).as("the template parses").isNotNull();
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> parsed = JsonParsing.parse(text);
        Map<String, Object> lazily = JsonParsing.parseLazily(text, model);
        agrees(parsed, lazily, "template " + template);
        return lazily;
    }

    @Test
    void whenAMemberEqualsTheTemplatesButGoesOnThenItIsReadAgain() {
        // A number that goes on, and values followed by what cannot follow them.
        assertThat(withTemplate("{\"a\":1234,\"b\":1}", "{\"a\":123,\"b\":1}")).containsEntry("a", 1234L);
        assertThat(withTemplate("{\"a\":12.5}", "{\"a\":12}")).containsEntry("a", 12.5);
        assertThat(withTemplate("{\"a\":12e3}", "{\"a\":12}")).containsEntry("a", 12000.0);
        assertThat(withTemplate("{\"a\":true1}", "{\"a\":true}")).isNull();
        assertThat(withTemplate("{\"a\":\"x\"\"y\"}", "{\"a\":\"x\"}")).isNull();
        assertThat(withTemplate("{\"a\":123 ,\"b\":2}", "{\"a\":123}"))
                .containsEntry("a", 123L)
                .containsEntry("b", 2L);
        assertThat(withTemplate("{\"a\":123 4}", "{\"a\":123}")).isNull();
    }

    @Test
    void whenTheTextEndsInsideATemplateMemberThenItIsRefused() {
        assertThat(withTemplate("{\"a\":\"xyz", "{\"a\":\"xyz\"}")).isNull();
        assertThat(withTemplate("{\"a\":\"xyz\"", "{\"a\":\"xyz\"}")).isNull();
        assertThat(withTemplate("{\"a\":", "{\"a\":\"xyz\"}")).isNull();
        assertThat(withTemplate("{\"a\"", "{\"a\":\"xyz\"}")).isNull();
    }

    @Test
    void whenAMemberFoundInTheTemplateRepeatsANameThenTheTextIsRefused() {
        assertThat(withTemplate("{\"iss\":\"x\",\"iss\":\"x\"}", "{\"iss\":\"x\",\"aud\":\"y\"}"))
                .isNull();
        assertThat(withTemplate("{\"a\":1,\"a\":1}", "{\"a\":1,\"b\":2}")).isNull();
        assertThat(withTemplate("{\"a\":1,\"b\":2,\"a\":1}", "{\"a\":1,\"b\":2}"))
                .isNull();
        assertThat(withTemplate("{\"a\":1,\"b\":2,\"b\":3}", "{\"a\":1,\"b\":2}"))
                .isNull();
        // The same known name, escaped in one place: still the same name.
        assertThat(withTemplate("{\"\\u0069ss\":\"x\",\"iss\":\"x\"}", "{\"\\u0069ss\":\"x\"}"))
                .isNull();
        assertThat(withTemplate("{\"iss\":\"x\",\"\\u0069ss\":\"x\"}", "{\"aud\":\"y\",\"\\u0069ss\":\"x\"}"))
                .isNull();
        assertThat(withTemplate("{\"sub\":\"x\",\"iss\":\"x\"}", "{\"iss\":\"x\",\"sub\":\"x\"}"))
                .containsEntry("iss", "x")
                .containsEntry("sub", "x");
    }

    @Test
    void whenOnlyTheNameMatchesThenTheValueIsReadWithItsOwnWhitespace() {
        assertThat(withTemplate("{\"a\":  2 , \"b\" :3}", "{\"a\": 1,\"b\" :4}"))
                .containsEntry("a", 2L)
                .containsEntry("b", 3L);
        assertThat(withTemplate("{\"a\": ,\"b\":3}", "{\"a\": 1,\"b\":3}")).isNull();
        assertThat(withTemplate("{\"a\":[1,2]}", "{\"a\":[1,2]]}".replace("]]", "]")))
                .containsEntry("a", List.of(1L, 2L));
        assertThat(withTemplate("{\"a\":[1,2}", "{\"a\":[1,2]}")).isNull();
    }

    @Test
    void whenTheTemplateHasMembersLeftOutOrAddedThenTheRestIsStillFound() {
        String template = "{\"exp\":1,\"iss\":\"https://idp\",\"aud\":[\"api\",\"account\"],\"scope\":\"read\"}";
        Map<String, Object> dropped =
                withTemplate("{\"exp\":2,\"aud\":[\"api\",\"account\"],\"scope\":\"read\"}", template);
        assertThat(JsonParsing.reusedMembers(dropped))
                .as("aud and scope, after a member left out")
                .isEqualTo(2);
        Map<String, Object> added = withTemplate(
                "{\"exp\":2,\"jti\":\"j\",\"iss\":\"https://idp\",\"n\":null,"
                        + "\"aud\":[\"api\",\"account\"],\"scope\":\"read\"}",
                template);
        assertThat(JsonParsing.reusedMembers(added))
                .as("iss, aud and scope, around added members")
                .isEqualTo(3);
        assertThat(added).doesNotContainKey("n").containsEntry("jti", "j").containsEntry("exp", 2L);
    }

    @Test
    void whenSeveralMembersInARowAreFoundNowhereInTheTemplateThenTheRestIsReadWithoutIt() {
        String template = "{\"a\":1,\"b\":2,\"c\":3}";
        assertThat(JsonParsing.reusedMembers(withTemplate("{\"x\":1,\"y\":2,\"a\":1,\"b\":2}", template)))
                .as("two misses, then found again")
                .isEqualTo(2);
        assertThat(JsonParsing.reusedMembers(withTemplate("{\"x\":1,\"y\":2,\"z\":3,\"a\":1,\"b\":2}", template)))
                .as("three misses: another shape, given up")
                .isZero();
        assertThat(withTemplate("{\"x\":1,\"y\":2,\"z\":3,\"a\":1,\"a\":1}", template))
                .isNull();
    }

    @Test
    void whenAMemberIsFoundInTheTemplateThenItsBuiltValueIsShared() {
        byte[] first = "{\"exp\":1,\"aud\":[\"api\"],\"realm_access\":{\"roles\":[\"a\"]},\"name\":\"N\"}"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, Object> template = JsonParsing.parseLazily(first);
        Object aud = template.get("aud");
        byte[] second = "{\"exp\":2,\"aud\":[\"api\"],\"realm_access\":{\"roles\":[\"a\"]},\"name\":\"M\"}"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, Object> next = JsonParsing.parseLazily(second, template);
        assertThat(JsonParsing.reusedMembers(next)).isEqualTo(2);
        assertThat(next.get("aud")).as("shared, immutable").isSameAs(aud);
        assertThat(next.get("realm_access")).isEqualTo(template.get("realm_access"));
        assertThat(next).isEqualTo(JsonParsing.parse(second));
    }

    @Test
    void whenAClaimSetHasManyMoreMembersThanTheTemplateThenEachIsKeptAndNamesStayUnique() {
        String template = "{\"iss\":\"https://idp\",\"n\":null,\"x0\":0}";
        StringBuilder many = new StringBuilder("{\"iss\":\"https://idp\",\"n\":null");
        for (int i = 0; i < 40; i++) {
            many.append(",\"x").append(i).append("\":").append(i).append(i % 7 == 0 ? ",\"m" + i + "\":null" : "");
        }
        Map<String, Object> grown = withTemplate(many + "}", template);
        assertThat(grown)
                .hasSize(41)
                .containsEntry("x39", 39L)
                .doesNotContainKey("n")
                .doesNotContainKey("m7");
        assertThat(JsonParsing.reusedMembers(grown)).as("iss and x0").isEqualTo(2);
        assertThat(withTemplate(many + ",\"x17\":1}", template))
                .as("a name repeated far apart")
                .isNull();
        assertThat(withTemplate(many + ",\"\\u006e\":1}", template))
                .as("a name repeated with an escape, its first value null")
                .isNull();
        assertThat(withTemplate(many + ",\"m35\":1}", template))
                .as("a null member's name repeated")
                .isNull();
        assertThat(withTemplate("{\"n\":null,\"m\":null}", template))
                .as("only null members")
                .isEmpty();
    }

    @Test
    void whenTheTemplateIsNotALazyClaimSetThenItIsIgnored() {
        byte[] text = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> lazily = JsonParsing.parseLazily(text, JsonParsing.parse(text));
        assertThat(lazily).isEqualTo(Map.of("a", 1L));
        assertThat(JsonParsing.reusedMembers(lazily)).isZero();
        assertThat(JsonParsing.parseLazily(text, Map.of("a", 1L))).isEqualTo(Map.of("a", 1L));
    }

    @Test
    void whenRandomClaimSetsShareMembersThenTheTemplateNeverChangesTheResult() {
        java.util.Random random = new java.util.Random(20261123);
        String[] pieces = {
            "\"iss\":\"https://idp\"",
            "\"iss\":\"https://idq\"",
            "\"exp\":1795448258",
            "\"exp\":17954482580",
            "\"exp\":1795448258.5",
            "\"aud\":[\"api\",\"account\"]",
            "\"aud\":\"api\"",
            "\"n\":null",
            "\"scope\":\"openid read\"",
            "\"\\u0073cope\":\"x\"",
            "\"e\":\"\\u00e9\"",
            "\"e\":\"\u00e9\"",
            "\"o\":{\"roles\":[\"a\",{}]}",
            "\"o\" : {\"roles\":[]}",
            "\"t\":true",
            "\"t\":false ",
            "\"x\":1",
            "\"x\":12",
            "\"x\":-0",
            "\"x\":[1,2",
            "\"x\":tru"
        };
        Map<String, Object> model = null;
        int accepted = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder json = new StringBuilder("{");
            int members = random.nextInt(6);
            for (int m = 0; m < members; m++) {
                json.append(m == 0 ? "" : random.nextInt(20) == 0 ? " , " : ",")
                        .append(pieces[random.nextInt(pieces.length)]);
            }
            json.append(random.nextInt(30) == 0 ? "" : "}");
            byte[] text = json.toString().getBytes(StandardCharsets.UTF_8);
            Map<String, Object> parsed = JsonParsing.parse(text);
            Map<String, Object> lazily = JsonParsing.parseLazily(text, model);
            agrees(parsed, lazily, json + " after template " + model);
            if (lazily != null) {
                accepted++;
                if (random.nextBoolean()) {
                    lazily.get("aud"); // some values built, some not
                }
                if (random.nextInt(3) > 0) {
                    model = lazily;
                }
            }
        }
        assertThat(accepted).as("enough accepted texts to serve as templates").isGreaterThan(2_000);
    }
}
