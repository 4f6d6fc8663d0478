package dev.portcullis.core.http;

import dev.portcullis.core.VerifiedToken;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a request needs besides a valid token: scopes (all of them, or any one), roles (any one), or
 * nothing at all; or {@link #denyAll()}, refused to everyone ({@code @DenyAll}). Immutable.
 *
 * @param scopes the scopes (exact, case-sensitive), in the order the challenge lists them
 * @param scopeMatch whether all the scopes are needed or any one of them
 * @param roles the roles, any one of which suffices; empty: no role needed
 * @param deniedToAll true for a resource nobody may call; scopes and roles are then empty
 * @since 0.1.0
 */
public record AccessRequirement(Set<String> scopes, Match scopeMatch, Set<String> roles, boolean deniedToAll) {
    private static final AccessRequirement NONE = new AccessRequirement(Set.of(), Match.ALL, Set.of(), false);
    private static final AccessRequirement DENY_ALL = new AccessRequirement(Set.of(), Match.ALL, Set.of(), true);

    /** How several scopes combine. */
    public enum Match {
        /** Every scope is needed. */
        ALL,
        /** One of the scopes suffices. */
        ANY
    }

    /** Copies and checks: no blank scope or role; a requirement denied to all needs nothing else. */
    public AccessRequirement {
        Objects.requireNonNull(scopeMatch, "scopeMatch");
        scopes = copy(scopes, "scope");
        roles = copy(roles, "role");
        if (deniedToAll && (!scopes.isEmpty() || !roles.isEmpty())) {
            throw new IllegalArgumentException("a requirement denied to all has no scopes or roles");
        }
    }

    /** A valid token suffices. */
    public static AccessRequirement none() {
        return NONE;
    }

    /** Nobody may pass, whatever the token ({@code @DenyAll}): 403. */
    public static AccessRequirement denyAll() {
        return DENY_ALL;
    }

    /** Scopes ({@code match} of them) and roles (any of them); empty collections need nothing. */
    public static AccessRequirement of(Collection<String> scopes, Match match, Collection<String> roles) {
        if (scopes.isEmpty() && roles.isEmpty()) {
            return NONE;
        }
        return new AccessRequirement(new LinkedHashSet<>(scopes), match, new LinkedHashSet<>(roles), false);
    }

    /** True if a valid token suffices. */
    public boolean isNone() {
        return !deniedToAll && scopes.isEmpty() && roles.isEmpty();
    }

    /** True if the token grants the scopes this requirement needs. */
    public boolean scopesGrantedTo(VerifiedToken token) {
        if (scopes.isEmpty()) {
            return true;
        }
        Set<String> granted = token.scopes();
        if (scopeMatch == Match.ALL) {
            return granted.containsAll(scopes);
        }
        for (String s : scopes) {
            if (granted.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /** True if the token carries one of the roles this requirement needs, or none is needed. */
    public boolean rolesGrantedTo(VerifiedToken token) {
        if (roles.isEmpty()) {
            return true;
        }
        Set<String> granted = token.roles();
        for (String r : roles) {
            if (granted.contains(r)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> copy(Set<String> values, String what) {
        Objects.requireNonNull(values, what + "s");
        for (String v : values) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("a " + what + " must not be blank, was '" + v + "'");
            }
        }
        return values.isEmpty() ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }
}
