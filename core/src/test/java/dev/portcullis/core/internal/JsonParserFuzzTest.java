package dev.portcullis.core.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jose4j.json.JsonUtil;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the strict JSON parser of token headers and claims ({@link JsonParser}), which reads
 * attacker-controlled bytes before any signature is checked:
 * <ul>
 *   <li>any bytes give an object or null, never an exception, in time linear in the input;</li>
 *   <li>an object holds only strings, longs, finite doubles, booleans, lists and maps, no null
 *       member, at most {@code 32} containers deep, and is immutable at every level;</li>
 *   <li>differential: what it accepts, jose4j's (more lenient) parser accepts too, with the same
 *       content (null members left out, integers beyond a long as doubles), so the two never
 *       disagree about what a token says;</li>
 *   <li>round trip: the object written back as JSON parses to an equal object;</li>
 *   <li>the lazy claim parser accepts exactly the same texts, with equal content in the same order,
 *       also with a template (the input's own claim set, and the previous accepted input's).</li>
 * </ul>
 *
 * <p>Input: the whole input, as the bytes of the decoded header or payload.
 */
class JsonParserFuzzTest {
    private static final int MAX_DEPTH = 32;

    /** The claim set of the last accepted input: a template for the next ones. */
    private static Map<String, Object> previous;

    @FuzzTest
    @SuppressWarnings("unchecked")
    void anyBytesGiveAStrictImmutableObjectOrNull(byte[] data) {
        Map<String, Object> parsed = JsonParsing.parse(data);
        Map<String, Object> lazily = JsonParsing.parseLazily(data);
        if ((parsed == null) != (lazily == null)) {
            throw new AssertionError("the lazy claim parser " + (lazily == null ? "refuses" : "accepts")
                    + " what the parser " + (parsed == null ? "refuses" : "accepts"));
        }
        if (parsed == null && JsonParsing.parseLazily(data, previous) != null) {
            throw new AssertionError("the lazy claim parser accepts with a template what it refuses without");
        }
        if (parsed == null) {
            return;
        }
        if (!lazily.equals(parsed)
                || !parsed.equals(lazily)
                || lazily.hashCode() != parsed.hashCode()
                || !new ArrayList<>(lazily.keySet()).equals(new ArrayList<>(parsed.keySet()))) {
            throw new AssertionError("the lazy claim parser differs: " + lazily + " vs " + parsed);
        }
        for (Map<String, Object> template : new Map[] {lazily, previous}) {
            Map<String, Object> again = JsonParsing.parseLazily(data, template);
            if (again == null
                    || !again.equals(parsed)
                    || !new ArrayList<>(again.keySet()).equals(new ArrayList<>(parsed.keySet()))) {
                throw new AssertionError("the lazy claim parser differs with a template: " + again + " vs " + parsed);
            }
        }
        previous = lazily;
        check(parsed, 1);
        Object reference;
        try {
            reference = JsonUtil.parseJson(new String(data, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("accepted a text jose4j refuses: " + e.getMessage(), e);
        }
        Object expected = normalize(reference);
        if (!parsed.equals(expected)) {
            throw new AssertionError("differs from jose4j: " + parsed + " vs " + expected);
        }
        StringBuilder json = new StringBuilder();
        write(parsed, json);
        Map<String, Object> again = JsonParsing.parse(json.toString().getBytes(StandardCharsets.UTF_8));
        if (!parsed.equals(again)) {
            throw new AssertionError("round trip changed the object: " + json);
        }
    }

    private static void check(Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            checkDepth(depth);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String) || e.getValue() == null) {
                    throw new AssertionError("a member that is not string to non-null: " + e);
                }
                check(e.getValue(), depth + 1);
            }
            expectImmutable(() -> castMap(map).put("fuzz", "x"));
            expectImmutable(() -> castMap(map).remove("fuzz"));
            expectImmutable(() -> castMap(map).clear());
        } else if (value instanceof List<?> list) {
            checkDepth(depth);
            for (Object element : list) {
                if (element != null) {
                    check(element, depth + 1);
                }
            }
            expectImmutable(() -> castList(list).add("x"));
            expectImmutable(() -> castList(list).clear());
        } else if (value instanceof Double d) {
            if (d.isInfinite() || d.isNaN()) {
                throw new AssertionError("a non-finite number: " + d);
            }
        } else if (!(value instanceof String || value instanceof Long || value instanceof Boolean)) {
            throw new AssertionError("a value of type " + (value == null ? null : value.getClass()));
        }
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new AssertionError("containers nested " + depth + " deep");
        }
    }

    private static void expectImmutable(Runnable mutation) {
        try {
            mutation.run();
        } catch (UnsupportedOperationException expected) {
            return;
        }
        throw new AssertionError("a parsed container could be modified");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(List<?> list) {
        return (List<Object>) list;
    }

    /** jose4j's tree as the strict parser shapes it: null members out, BigInteger as Double. */
    private static Object normalize(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() != null) {
                    out.put((String) e.getKey(), normalize(e.getValue()));
                }
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                out.add(normalize(element));
            }
            return out;
        }
        if (value instanceof BigInteger big) {
            return big.doubleValue();
        }
        return value;
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                write(e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        } else {
            out.append(value); // Long, Double (finite: Double.toString is valid JSON), Boolean, null
        }
    }
}
