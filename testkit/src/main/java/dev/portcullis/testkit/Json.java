package dev.portcullis.testkit;

import org.jose4j.json.JsonUtil;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON helpers: value checking/copying and serialisation through jose4j. */
final class Json {

    private Json() {}

    /**
     * Checks that a value can be written as JSON and returns an immutable deep copy. Accepts String, Number,
     * Boolean, Map with String keys, Collection, Object[] and (as NumericDate seconds) Instant; {@code null} only
     * inside containers.
     */
    static Object copyOf(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Instant instant) {
            return instant.getEpochSecond();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((name, member) -> {
                if (!(name instanceof String text)) {
                    throw new IllegalArgumentException("JSON object member names must be strings, got " + name);
                }
                copy.put(text, copyOf(member));
            });
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            collection.forEach(element -> copy.add(copyOf(element)));
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Object[] array) {
            return copyOf(Arrays.asList(array));
        }
        throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON; use String, "
                + "Number, Boolean, List, Map or Instant");
    }

    static String write(Map<String, ?> object) {
        return JsonUtil.toJson(object);
    }
}
