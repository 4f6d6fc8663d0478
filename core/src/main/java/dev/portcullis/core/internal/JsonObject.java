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
 *
 * <p>A claim set is lazy ({@link JsonParser#parseClaims}): the parser checked every member value in
 * full, but builds one only when it is first read, so a validation pays for the few claims it
 * reads. Observably the same as an eager object.
 */
final class JsonObject extends AbstractMap<String, Object> {
    static final JsonObject EMPTY = new JsonObject(new String[0], new Object[0]);

    private final String[] names;
    /** The values; for a lazy object, null until first read. */
    private final Object[] values;
    /**
     * For a lazy object: the text, and for each member where its value starts and ends in it and
     * its name's {@link JsonParser#meta}, three ints per member; else null.
     */
    private final byte[] text;

    private final int[] spans;
    /** For a lazy object: how many members the parser took whole from a template. */
    private final int reused;

    /** Takes ownership of the arrays; the parser guarantees unique names and non-null values. */
    JsonObject(String[] names, Object[] values) {
        this(names, values, null, null, 0);
    }

    /**
     * A lazy object ({@link JsonParser#parseClaims}): member {@code i}'s value is built from
     * {@code text[spans[3i], spans[3i+1])}, which the parser accepted, when it is first read, unless
     * {@code values[i]} holds it already. Building the same value twice (threads racing) gives equal,
     * immutable values, so it is safe to share without locks: each is published through final fields
     * only.
     */
    JsonObject(String[] names, Object[] values, byte[] text, int[] spans, int reused) {
        this.names = names;
        this.values = values;
        this.text = text;
        this.spans = spans;
        this.reused = reused;
    }

    /** True for a lazy object: one that can serve as a template ({@link JsonParser#parseClaims(byte[], JsonObject)}). */
    boolean isLazy() {
        return text != null;
    }

    /** For a lazy object: its text, which nobody changes. */
    byte[] text() {
        return text;
    }

    /** For a lazy object: where member {@code i}'s value starts in {@link #text()}. */
    int valueStart(int i) {
        return spans[3 * i];
    }

    /** For a lazy object: where member {@code i}'s value ends in {@link #text()}. */
    int valueEnd(int i) {
        return spans[3 * i + 1];
    }

    /** For a lazy object: how many bytes member {@code i} has before its value (name, colon, whitespace); 0 if unknown. */
    int nameLength(int i) {
        return spans[3 * i + 2] >>> 7;
    }

    /**
     * The index of member {@code i}'s name among the parser's well-known names
     * ({@link JsonParser#known}) when it is spelled without escapes in a lazy object, else -1.
     */
    int knownIndex(int i) {
        return spans == null ? -1 : (spans[3 * i + 2] & 0x7F) - 1;
    }

    /** Member {@code i}'s value if it was built already, else null. */
    Object builtValue(int i) {
        return values[i];
    }

    /** For a lazy object: how many members the parser took whole from a template. */
    int reused() {
        return reused;
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
        Object v = values[i];
        if (v == null) {
            v = JsonParser.memberValue(text, spans[3 * i], spans[3 * i + 1]);
            values[i] = v;
        }
        return v;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : value(i);
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
                        return new SimpleImmutableEntry<>(names[i], value(i));
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
