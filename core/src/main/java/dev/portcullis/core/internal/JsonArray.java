package dev.portcullis.core.internal;

import java.util.AbstractList;
import java.util.Collection;
import java.util.Comparator;
import java.util.RandomAccess;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * An immutable JSON array as {@link JsonParser} builds it. Unlike {@link java.util.List#of}, it may
 * hold JSON {@code null} elements. Every mutator throws {@link UnsupportedOperationException}.
 */
final class JsonArray extends AbstractList<Object> implements RandomAccess {
    static final JsonArray EMPTY = new JsonArray(new Object[0]);

    private final Object[] elements;

    /** Takes ownership of the array. */
    JsonArray(Object[] elements) {
        this.elements = elements;
    }

    @Override
    public Object get(int index) {
        return elements[index];
    }

    @Override
    public int size() {
        return elements.length;
    }

    // Mutators throw whatever the arguments, as the JDK's immutable lists do.

    @Override
    public boolean add(Object o) {
        throw JsonObject.uoe();
    }

    @Override
    public void add(int index, Object element) {
        throw JsonObject.uoe();
    }

    @Override
    public Object set(int index, Object element) {
        throw JsonObject.uoe();
    }

    @Override
    public Object remove(int index) {
        throw JsonObject.uoe();
    }

    @Override
    public boolean remove(Object o) {
        throw JsonObject.uoe();
    }

    @Override
    public boolean addAll(Collection<?> c) {
        throw JsonObject.uoe();
    }

    @Override
    public boolean addAll(int index, Collection<?> c) {
        throw JsonObject.uoe();
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        throw JsonObject.uoe();
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        throw JsonObject.uoe();
    }

    @Override
    public boolean removeIf(Predicate<? super Object> filter) {
        throw JsonObject.uoe();
    }

    @Override
    public void replaceAll(UnaryOperator<Object> operator) {
        throw JsonObject.uoe();
    }

    @Override
    public void sort(Comparator<? super Object> c) {
        throw JsonObject.uoe();
    }

    @Override
    public void clear() {
        throw JsonObject.uoe();
    }
}
