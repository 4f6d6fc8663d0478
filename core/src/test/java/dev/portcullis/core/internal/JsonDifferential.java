package dev.portcullis.core.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares {@link JsonParser}'s reading of some bytes with {@link JacksonReference}'s: the same verdict
 * and, when both accept, the same values, nesting and member order. Every way the two may differ is
 * one of these deliberate choices of ours (README, "Hardening and fuzzing"); anything else is a
 * {@link Kind#DIFFERENT difference}, to be fixed in the parser.
 *
 * <ol>
 *   <li>{@link Deliberate#BYTE_ORDER_MARK}: we refuse a leading UTF-8 byte order mark, which Jackson
 *       skips (RFC 8259 §8.1: senders MUST NOT add one, parsers MAY ignore it). A token or a JWK Set
 *       never starts with one.</li>
 *   <li>{@link Deliberate#LONE_SURROGATE}: we refuse a {@code \\u} escape of a surrogate that is not
 *       half of a pair, which Jackson reads as a lone UTF-16 unit in a value (in a member name it refuses
 *       it too) (RFC 8259 §8.2:
 *       such a string is not Unicode text, and two parsers may read it differently).</li>
 *   <li>{@link Deliberate#NUMBER_RANGE}: we refuse a number whose magnitude exceeds the {@code double}
 *       range (it rounds to infinity), which Jackson reads exactly (RFC 8259 §6 lets implementations
 *       limit the range).</li>
 *   <li>Precision, not a verdict: an integer that fits a {@code long} is exact; every other number is
 *       the {@code double} nearest to its exact value (correctly rounded, compared against the exact
 *       value as {@link BigDecimal}/{@link BigInteger}; {@code -0.0} and {@code 0} compare equal).</li>
 *   <li>Shape, not a verdict: a member whose value is {@code null} is left out of our object, as if
 *       absent; {@code null} array elements stay.</li>
 *   <li>Depth: both refuse more than {@link JsonParser#MAX_DEPTH} nested containers, the outer object
 *       counting as one (Jackson is configured with our limit, so the test checks the counting).</li>
 * </ol>
 */
final class JsonDifferential {
    /** How a comparison ended. */
    enum Kind {
        BOTH_ACCEPT,
        BOTH_REFUSE,
        DELIBERATE,
        DIFFERENT
    }

    /** The deliberate choices that make us refuse what Jackson accepts. */
    enum Deliberate {
        BYTE_ORDER_MARK,
        LONE_SURROGATE,
        NUMBER_RANGE
    }

    /** The outcome: its kind, the deliberate choice for {@link Kind#DELIBERATE}, a description for {@link Kind#DIFFERENT}. */
    record Outcome(Kind kind, Deliberate choice, String difference) {
        boolean agrees() {
            return kind != Kind.DIFFERENT;
        }

        @Override
        public String toString() {
            return kind + (choice != null ? " " + choice : "") + (difference != null ? ": " + difference : "");
        }
    }

    private JsonDifferential() {}

    /** Reads {@code bytes} with both parsers and compares. */
    static Outcome compare(byte[] bytes) {
        Map<String, Object> ours = JsonParsing.parse(bytes);
        Map<String, Object> lazily = JsonParsing.parseLazily(bytes);
        Map<String, Object> reference = JacksonReference.read(bytes);
        if ((ours == null) != (lazily == null) || (ours != null && !ours.equals(lazily))) {
            return different("our object and claim parsers differ: " + ours + " vs " + lazily);
        }
        if (ours == null && reference == null) {
            return new Outcome(Kind.BOTH_REFUSE, null, null);
        }
        if (reference == null) {
            return different("we accept what Jackson refuses: " + ours);
        }
        if (ours == null) {
            Deliberate choice = deliberate(bytes, reference);
            return choice != null
                    ? new Outcome(Kind.DELIBERATE, choice, null)
                    : different("we refuse what Jackson accepts: " + reference);
        }
        String difference = difference(ours, reference);
        return difference == null ? new Outcome(Kind.BOTH_ACCEPT, null, null) : different(difference);
    }

    private static Outcome different(String description) {
        return new Outcome(Kind.DIFFERENT, null, description);
    }

    /** The deliberate choice of ours that refuses a text Jackson accepted as {@code reference}, or null. */
    private static Deliberate deliberate(byte[] bytes, Map<String, Object> reference) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            // Only if the text after the mark is read alike: the mark must be the one reason.
            return compare(java.util.Arrays.copyOfRange(bytes, 3, bytes.length)).agrees()
                    ? Deliberate.BYTE_ORDER_MARK
                    : null;
        }
        List<Deliberate> found = new ArrayList<>();
        find(reference, found);
        return found.isEmpty() ? null : found.get(0);
    }

    private static void find(Object value, List<Deliberate> found) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                find(e.getKey(), found);
                find(e.getValue(), found);
            }
        } else if (value instanceof List<?> list) {
            list.forEach(element -> find(element, found));
        } else if (value instanceof String s && hasLoneSurrogate(s)) {
            found.add(Deliberate.LONE_SURROGATE);
        } else if (value instanceof JacksonReference.Num n && Double.isInfinite(Double.parseDouble(n.text()))) {
            found.add(Deliberate.NUMBER_RANGE);
        }
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Null if our tree reads as Jackson's (see the class comment), else where and how they differ. */
    static String difference(Object ours, Object reference) {
        return compare(ours, reference, "$");
    }

    private static String compare(Object ours, Object reference, String path) {
        if (reference instanceof Map<?, ?> ref) {
            if (!(ours instanceof Map<?, ?> map)) {
                return path + ": object expected, was " + ours;
            }
            List<Object> names = new ArrayList<>();
            for (Map.Entry<?, ?> e : ref.entrySet()) {
                if (e.getValue() != null) {
                    names.add(e.getKey());
                }
            }
            if (!names.equals(new ArrayList<>(map.keySet()))) {
                return path + ": members " + map.keySet() + ", expected " + names + " (null members left out)";
            }
            for (Object name : names) {
                String d = compare(map.get(name), ref.get(name), path + "." + name);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (reference instanceof List<?> ref) {
            if (!(ours instanceof List<?> list) || list.size() != ref.size()) {
                return path + ": array of " + ref.size() + " expected, was " + ours;
            }
            for (int i = 0; i < ref.size(); i++) {
                String d = compare(list.get(i), ref.get(i), path + "[" + i + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (reference instanceof JacksonReference.Num n) {
            return compareNumber(ours, n, path);
        }
        if (reference == null ? ours != null : !reference.equals(ours)) {
            return path + ": " + describe(reference) + " expected, was " + describe(ours);
        }
        return null;
    }

    private static String compareNumber(Object ours, JacksonReference.Num n, String path) {
        if (n.integral()) {
            BigInteger exact = new BigInteger(n.text());
            boolean fitsLong = exact.bitLength() < Long.SIZE;
            if (fitsLong) {
                return ours instanceof Long l && l == exact.longValueExact()
                        ? null
                        : path + ": the long " + exact + " expected, was " + describe(ours);
            }
            return ours instanceof Double d && d == exact.doubleValue()
                    ? null
                    : path + ": the double nearest " + exact + " expected, was " + describe(ours);
        }
        double nearest;
        try {
            nearest = new BigDecimal(n.text()).doubleValue();
        } catch (NumberFormatException | ArithmeticException exponentBeyondInt) {
            nearest = Double.parseDouble(n.text()); // 0e99999999999: zero or infinite either way
        }
        return ours instanceof Double d && d == nearest
                ? null
                : path + ": the double nearest " + n.text() + " (" + nearest + ") expected, was " + describe(ours);
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
