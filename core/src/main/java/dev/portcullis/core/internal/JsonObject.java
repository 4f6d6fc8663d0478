package dev.portcullis.core.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable JSON object as {@link JsonParser} builds it: member names and values in two arrays,
 * in document order, names unique, no null values. Lookups scan the names: token objects are small,
 * and the validator reads the claim set in one pass over {@link #name(int)} / {@link #value(int)}.
 * Every mutator throws {@link UnsupportedOperationException}.
 *
 * <p>Public only so that {@link dev.portcullis.core.VerifiedToken} can recognize it: only the parser
 * in this package creates instances, and every value it holds is itself immutable ({@link String},
 * {@link Long}, {@link Double}, {@link Boolean}, {@code JsonObject}, {@link JsonArray}), so an
 * instance is deeply immutable and safe to share without a copy.
 */
public final class JsonObject extends AbstractMap<String, Object> {
    static final JsonObject EMPTY = new JsonObject(new String[0], new Object[0]);

    private final String[] names;
    private final Object[] values;

    /** Takes ownership of the arrays; the parser guarantees unique names and non-null values. */
    JsonObject(String[] names, Object[] values) {
        this.names = names;
        this.values = values;
    }

    @Override
    public int size() {
        return names.length;
    }

    /** The name of member {@code i}, in document order. */
    String name(int i) {
        return names[i];
    }

    /** The value of member {@code i}. */
    Object value(int i) {
        return values[i];
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    private int indexOf(Object key) {
        if (key instanceof String) {
            String[] n = names;
            for (int i = 0; i < n.length; i++) {
                if (n[i].equals(key)) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }

    // Mutators throw whatever the arguments, as the JDK's immutable maps do.

    @Override
    public Object put(String key, Object value) {
        throw uoe();
    }

    @Override
    public Object remove(Object key) {
        throw uoe();
    }

    @Override
    public void putAll(Map<? extends String, ?> m) {
        throw uoe();
    }

    @Override
    public void clear() {
        throw uoe();
    }

    @Override
    public void replaceAll(java.util.function.BiFunction<? super String, ? super Object, ?> function) {
        throw uoe();
    }

    @Override
    public Object putIfAbsent(String key, Object value) {
        throw uoe();
    }

    @Override
    public boolean remove(Object key, Object value) {
        throw uoe();
    }

    @Override
    public boolean replace(String key, Object oldValue, Object newValue) {
        throw uoe();
    }

    @Override
    public Object replace(String key, Object value) {
        throw uoe();
    }

    @Override
    public Object computeIfAbsent(String key, java.util.function.Function<? super String, ?> f) {
        throw uoe();
    }

    @Override
    public Object computeIfPresent(String key, java.util.function.BiFunction<? super String, ? super Object, ?> f) {
        throw uoe();
    }

    @Override
    public Object compute(String key, java.util.function.BiFunction<? super String, ? super Object, ?> f) {
        throw uoe();
    }

    @Override
    public Object merge(String key, Object value, java.util.function.BiFunction<? super Object, ? super Object, ?> f) {
        throw uoe();
    }

    static UnsupportedOperationException uoe() {
        return new UnsupportedOperationException("the claims of a token are immutable");
    }
}
