package dev.portcullis.core.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The audience, scope and role sets built for the latest token, reused for a token whose claim
 * values are equal: one client's tokens repeat them, and comparing costs less than splitting,
 * hashing and allocating a set again. The sets are immutable, so tokens may share them.
 * Thread-safe: each memo is one immutable record behind a volatile field; a race only builds a set
 * once more. Used only after the signature verified, so the values compared are the issuer's.
 */
final class RecentClaimSets {
    private record Memo(Object value, Object other, Set<String> set) {}

    private volatile Memo audiences;
    private volatile Memo scopes;
    private volatile Memo roles;

    /** {@link Claims#stringSet} of {@code aud}. */
    Set<String> audiences(Object aud) {
        if (aud == null) {
            return Set.of();
        }
        Memo m = audiences;
        if (m != null && m.value.equals(aud)) {
            return m.set;
        }
        Set<String> set = Claims.stringSet(aud);
        if (set != null) {
            audiences = new Memo(aud, null, set);
        }
        return set;
    }

    /** {@link Claims#scopes} of {@code scope} and {@code scp}. */
    Set<String> scopes(Object scope, Object scp) {
        if (scope == null && scp == null) {
            return Set.of();
        }
        Memo m = scopes;
        if (m != null && Objects.equals(m.value, scope) && Objects.equals(m.other, scp)) {
            return m.set;
        }
        Set<String> set = Claims.scopes(scope, scp);
        if (set != null) {
            scopes = new Memo(scope, scp, set);
        }
        return set;
    }

    /** {@link Claims#roles(Map, String[])}. */
    Set<String> roles(Map<String, Object> claims, String[] path) {
        Object node = Claims.rolesNode(claims, path);
        if (node == null) {
            return Set.of();
        }
        Memo m = roles;
        if (m != null && m.value.equals(node)) {
            return m.set;
        }
        Set<String> set = Claims.roles(node);
        roles = new Memo(node, null, set);
        return set;
    }
}
