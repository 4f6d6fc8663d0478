package dev.portcullis.core.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading the claims whose JSON type varies between issuers. */
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
            Set<String> out = new LinkedHashSet<>();
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    return null;
                }
                out.add(s);
            }
            return out;
        }
        return null;
    }

    /**
     * The granted scopes: {@code scope} as a space-separated string (RFC 8693, RFC 9068) and
     * {@code scp} as an array (or string), united. Null if either has another type.
     */
    static Set<String> scopes(Map<String, Object> claims) {
        Set<String> out = new LinkedHashSet<>();
        Object scope = claims.get("scope");
        if (scope != null) {
            if (!(scope instanceof String s)) {
                return null;
            }
            splitSpaces(s, out);
        }
        Object scp = claims.get("scp");
        if (scp instanceof String s) {
            splitSpaces(s, out);
        } else if (scp != null) {
            Set<String> list = stringSet(scp);
            if (list == null) {
                return null;
            }
            out.addAll(list);
        }
        return out;
    }

    private static void splitSpaces(String s, Set<String> out) {
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
        Object node = claims;
        for (String step : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return Set.of();
            }
            node = map.get(step);
        }
        if (node instanceof String s) {
            return Set.of(s);
        }
        if (node instanceof List<?> list) {
            Set<String> out = new LinkedHashSet<>();
            for (Object o : list) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
            return out;
        }
        return Set.of();
    }
}
