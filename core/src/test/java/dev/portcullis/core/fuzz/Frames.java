package dev.portcullis.core.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The framing of the fuzz inputs, simple enough to write seeds by hand: a few leading control
 * bytes, then fields separated by NUL bytes. A field is decoded as UTF-8 (malformed sequences
 * become U+FFFD) or as ISO-8859-1 (every byte one char, as servlet containers read header values).
 */
final class Frames {
    private Frames() {}

    /** The byte at {@code index}, or 0 past the end. */
    static int control(byte[] data, int index) {
        return index < data.length ? data[index] & 0xff : 0;
    }

    /** The fields of {@code data} from {@code from} on, split at NUL bytes; at most {@code max} (the last takes the rest). */
    static List<byte[]> fields(byte[] data, int from, int max) {
        List<byte[]> out = new ArrayList<>(max);
        int start = Math.min(from, data.length);
        for (int i = start; i < data.length && out.size() < max - 1; i++) {
            if (data[i] == 0) {
                out.add(Arrays.copyOfRange(data, start, i));
                start = i + 1;
            }
        }
        out.add(Arrays.copyOfRange(data, start, data.length));
        return out;
    }

    /** Field {@code i} as UTF-8 text, or "" when absent. */
    static String utf8(List<byte[]> fields, int i) {
        return i < fields.size() ? new String(fields.get(i), StandardCharsets.UTF_8) : "";
    }

    /** Field {@code i} as ISO-8859-1 text, or "" when absent. */
    static String latin1(List<byte[]> fields, int i) {
        return i < fields.size() ? new String(fields.get(i), StandardCharsets.ISO_8859_1) : "";
    }
}
