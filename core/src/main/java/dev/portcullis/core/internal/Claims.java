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
    private Claims() {}

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
     * The granted scopes, from both claims united: {@code scope} as a space-separated string (RFC 8693,
     * RFC 9068) or as an array of strings (as some providers emit it; each element a scope, like
     * {@code scp}), and {@code scp} as an array of strings or a space-separated string. Null if either
     * has another type, or is an array with an element that is not a string.
     */
    static Set<String> scopes(Object scope, Object scp) {
        if (scope == null && scp == null) {
            return Set.of();
        }
        Strings out = new Strings(8);
        return addScopes(scope, out) && addScopes(scp, out) ? out.toSet() : null;
    }

    /** Adds the scopes of one claim's value (absent, a string or an array of strings); false for another type. */
    private static boolean addScopes(Object value, Strings out) {
        if (value instanceof String s) {
            splitSpaces(s, out);
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String s)) {
                    return false;
                }
                out.add(s);
            }
        } else if (value != null) {
            return false;
        }
        return true;
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
