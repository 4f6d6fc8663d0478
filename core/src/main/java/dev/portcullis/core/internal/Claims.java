package dev.portcullis.core.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading the claims whose JSON type varies between issuers. Every set returned is a JDK immutable
 * set, so that {@link Set#copyOf} (which {@code VerifiedToken} applies) returns it as is.
 */
final class Claims {
    private Claims() {
    }

    /** A string or an array of strings as a set; empty if absent; null if of another type. */
    static Set<String> stringSet(Object value) {
        if (value == null) {
            return Set.of();
        }
        if (value instanceof String s) {
            return Set.of(s);
        }
        if (value instanceof List<?> list) {
            Strings out = new Strings(list.size());
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String s)) {
                    return null;
                }
                out.add(s);
            }
            return out.toSet();
        }
        return null;
    }

    /**
     * The granted scopes: {@code scope} as a space-separated string (RFC 8693, RFC 9068) and
     * {@code scp} as an array (or string), united. Null if either has another type.
     */
    static Set<String> scopes(Object scope, Object scp) {
        if (scope == null && scp == null) {
            return Set.of();
        }
        Strings out = new Strings(8);
        if (scope != null) {
            if (!(scope instanceof String s)) {
                return null;
            }
            splitSpaces(s, out);
        }
        if (scp instanceof String s) {
            splitSpaces(s, out);
        } else if (scp instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String s)) {
                    return null;
                }
                out.add(s);
            }
        } else if (scp != null) {
            return null;
        }
        return out.toSet();
    }

    private static void splitSpaces(String s, Strings out) {
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean sep = i == s.length() || s.charAt(i) == ' ';
            if (sep) {
                if (start >= 0) {
                    out.add(s.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
    }

    /** Roles at a dotted claim path; strings only, other entries ignored. */
    static Set<String> roles(Map<String, Object> claims, String[] path) {
        return roles(rolesNode(claims, path));
    }

    /** The value at a dotted claim path, or null. */
    static Object rolesNode(Map<String, Object> claims, String[] path) {
        Object node = claims;
        for (String step : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(step);
        }
        return node;
    }

    /** The roles a claim value names: a string, or the strings of an array; others ignored. */
    static Set<String> roles(Object node) {
        if (node instanceof String s) {
            return Set.of(s);
        }
        if (node instanceof List<?> list) {
            Strings out = new Strings(list.size());
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof String s) {
                    out.add(s);
                }
            }
            return out.toSet();
        }
        return Set.of();
    }

    /** Collects distinct strings; linear for the few of a token, hashed beyond. */
    private static final class Strings {
        private static final int LINEAR = 16;
        private String[] items;
        private int size;
        private java.util.HashSet<String> seen;

        Strings(int capacity) {
            items = new String[Math.max(1, Math.min(capacity, 64))];
        }

        void add(String s) {
            if (seen != null) {
                if (!seen.add(s)) {
                    return;
                }
            } else {
                for (int i = 0; i < size; i++) {
                    if (items[i].equals(s)) {
                        return;
                    }
                }
                if (size == LINEAR) {
                    seen = new java.util.HashSet<>(Arrays.asList(items).subList(0, size));
                    seen.add(s);
                }
            }
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = s;
        }

        Set<String> toSet() {
            return Set.of(size == items.length ? items : Arrays.copyOf(items, size));
        }
    }
}
