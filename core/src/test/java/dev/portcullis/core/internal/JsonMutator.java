package dev.portcullis.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Seeded random JSON for {@link JsonParserDifferentialTest}: documents in the shapes tokens have
 * (strings with escapes and every UTF-8 length, numbers of every form, nesting), and mutations of
 * valid documents aimed at the parser's decisions (structural characters, escapes, surrogates, UTF-8
 * lead and continuation bytes, number syntax, a byte order mark, NUL).
 */
final class JsonMutator {
    /** Fragments worth inserting: each sits near a rule of RFC 8259 or of our parser. */
    private static final String[] FRAGMENTS = {
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        " ",
        "\t",
        "\n",
        "\r",
        "\f",
        "null",
        "true",
        "false",
        "-",
        "+",
        ".",
        "e",
        "E",
        "0",
        "00",
        "1e400",
        "-0",
        "1.",
        ".5",
        "9223372036854775808",
        "1e-400",
        "\\u",
        "\\ud800",
        "\\udc00",
        "\\ud83d\\ude00",
        "\\u0000",
        "\\x",
        "\\/",
        "\"a\":1",
        ",\"a\":1",
        "\"\":",
        "\u00e9",
        "\u20ac",
        "\ud83d\ude00",
        "\ufeff",
        "[[[[",
        "]]]]",
        "NaN",
        "Infinity",
        "//",
        "/*"
    };
    /** Bytes worth inserting: controls, UTF-8 leads of every length, continuations, invalid bytes. */
    private static final int[] BYTES = {
        0x00, 0x01, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xBB
    };

    private JsonMutator() {}

    /** One to three random edits of {@code document}. */
    static byte[] mutate(byte[] document, Random random) {
        byte[] b = document;
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = random.nextInt(b.length + 1);
            b = switch (random.nextInt(7)) {
                case 0 -> splice(b, at, 1, bytes(random));
                case 1 -> splice(b, at, 0, new byte[] {(byte) BYTES[random.nextInt(BYTES.length)]});
                case 2 ->
                    splice(b, at, 0, FRAGMENTS[random.nextInt(FRAGMENTS.length)].getBytes(StandardCharsets.UTF_8));
                case 3 -> splice(b, at, 1 + random.nextInt(4), new byte[0]);
                case 4 -> splice(b, at, 0, slice(b, random));
                case 5 ->
                    splice(b, at, 1, FRAGMENTS[random.nextInt(FRAGMENTS.length)].getBytes(StandardCharsets.UTF_8));
                default -> flipBit(b, random);
            };
        }
        return b;
    }

    private static byte[] bytes(Random random) {
        return new byte[] {
            (byte) (random.nextBoolean() ? BYTES[random.nextInt(BYTES.length)] : 0x20 + random.nextInt(0x5F))
        };
    }

    private static byte[] slice(byte[] b, Random random) {
        if (b.length == 0) {
            return b;
        }
        int from = random.nextInt(b.length);
        int to = Math.min(b.length, from + 1 + random.nextInt(16));
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    private static byte[] flipBit(byte[] b, Random random) {
        if (b.length == 0) {
            return b;
        }
        byte[] copy = b.clone();
        copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        return copy;
    }

    /** {@code b} with {@code remove} bytes at {@code at} (fewer at the end) replaced by {@code insert}. */
    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        int cut = Math.min(remove, b.length - at);
        byte[] out = new byte[b.length - cut + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + cut, out, at + insert.length, b.length - at - cut);
        return out;
    }

    /** A random valid document: an object of a few members, nested at most four deep. */
    static String document(Random random) {
        StringBuilder out = new StringBuilder();
        object(random, out, 0);
        return out.toString();
    }

    private static void object(Random random, StringBuilder out, int depth) {
        out.append('{');
        int members = random.nextInt(depth == 0 ? 8 : 4);
        for (int i = 0; i < members; i++) {
            out.append(i == 0 ? "" : random.nextBoolean() ? "," : " , ");
            out.append('"')
                    .append("m")
                    .append(i)
                    .append(random.nextInt(3) == 0 ? "\\u00e9" : "")
                    .append("\":");
            value(random, out, depth + 1);
        }
        out.append('}');
    }

    private static void value(Random random, StringBuilder out, int depth) {
        switch (random.nextInt(depth >= 4 ? 4 : 6)) {
            case 0 -> string(random, out);
            case 1 -> out.append(number(random));
            case 2 -> out.append(random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : "null");
            case 3 -> out.append(number(random));
            case 4 -> object(random, out, depth);
            default -> {
                out.append('[');
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    out.append(i == 0 ? "" : ",");
                    value(random, out, depth + 1);
                }
                out.append(']');
            }
        }
    }

    private static final String[] STRING_PARTS = {
        "a",
        "Z",
        " ",
        "\\\"",
        "\\\\",
        "\\/",
        "\\n",
        "\\t",
        "\\u0041",
        "\\u00e9",
        "\\ud83d\\ude00",
        "\u00e9",
        "\u20ac",
        "\ud83d\ude00",
        "\u007f",
        "\ufeff",
        "x".repeat(20)
    };

    private static void string(Random random, StringBuilder out) {
        out.append('"');
        for (int n = random.nextInt(6); n > 0; n--) {
            out.append(STRING_PARTS[random.nextInt(STRING_PARTS.length)]);
        }
        out.append('"');
    }

    private static String number(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> Integer.toString(random.nextInt(1000));
            case 2 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 3 ->
                (random.nextBoolean() ? "-" : "") + random.nextInt(100) + "e" + (random.nextBoolean() ? "-" : "+")
                        + random.nextInt(300);
            case 4 -> "1" + "0".repeat(19 + random.nextInt(10));
            case 5 -> "0." + "0".repeat(random.nextInt(10)) + random.nextInt(1_000_000);
            case 6 -> "-0" + (random.nextBoolean() ? ".0" : "");
            default ->
                random.nextInt(10) + "." + Long.toUnsignedString(random.nextLong()) + "E" + (random.nextInt(40) - 20);
        };
    }

    /** The bytes for a failure message: printable ASCII as is, the rest as \xHH. */
    static String show(byte[] b) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 400); i++) {
            int c = b[i] & 0xff;
            out.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02X", c));
        }
        return out.append(b.length > 400 ? "..." : "").toString();
    }
}
