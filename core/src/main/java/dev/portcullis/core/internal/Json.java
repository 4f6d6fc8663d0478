package dev.portcullis.core.internal;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON parsing for token parts: objects only, duplicate member names rejected, bounded depth. */
final class Json {
    static final int MAX_DEPTH = 32;

    private Json() {
    }

    /** The object, or null if the text is not a JSON object with unique member names. */
    static Map<String, Object> parseObject(String text) {
        // jose4j's parser rejects duplicate member names (RFC 7515 §4, RFC 7519 §4).
        String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.charAt(0) != '{') {
            return null;
        }
        try {
            Map<String, Object> map = JsonUtil.parseJson(trimmed);
            if (map == null || depth(map, 0) > MAX_DEPTH) {
                return null;
            }
            return map;
        } catch (JoseException | RuntimeException e) {
            return null;
        }
    }

    private static int depth(Object value, int level) {
        if (level > MAX_DEPTH) {
            return level;
        }
        int max = level;
        if (value instanceof Map<?, ?> map) {
            for (Object v : map.values()) {
                max = Math.max(max, depth(v, level + 1));
            }
        } else if (value instanceof List<?> list) {
            for (Object v : list) {
                max = Math.max(max, depth(v, level + 1));
            }
        }
        return max;
    }

    /** A deep, unmodifiable copy (null values kept out: {@code Map.copyOf} forbids them). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> freeze(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (e.getValue() != null) {
                copy.put(e.getKey(), freezeValue(e.getValue()));
            }
        }
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object value) {
        if (value instanceof Map<?, ?> m) {
            return freeze((Map<String, Object>) m);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object v : list) {
                copy.add(v == null ? null : freezeValue(v));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
