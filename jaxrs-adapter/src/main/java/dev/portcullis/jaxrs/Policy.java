package dev.portcullis.jaxrs;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one resource method requires, from its annotations: method annotations override class ones,
 * and an unannotated method follows the configured default (authenticated or public).
 */
record Policy(Access access, Set<String> scopes, RequiresScope.Match match, Set<String> roles) {
    enum Access { PUBLIC, AUTHENTICATED, DENIED }

    static final Policy PUBLIC = new Policy(Access.PUBLIC, Set.of(), RequiresScope.Match.ALL, Set.of());
    static final Policy AUTHENTICATED = new Policy(Access.AUTHENTICATED, Set.of(), RequiresScope.Match.ALL, Set.of());

    static Policy of(Class<?> resource, Method method, boolean authenticatedByDefault) {
        Access access = access(method);
        if (access == null) {
            access = access(resource);
        }
        RequiresScope scope = method.getAnnotation(RequiresScope.class);
        if (scope == null) {
            scope = resource.getAnnotation(RequiresScope.class);
        }
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null && access(method) == null) {
            roles = resource.getAnnotation(RolesAllowed.class);
        }
        if (access == Access.DENIED) {
            return new Policy(Access.DENIED, Set.of(), RequiresScope.Match.ALL, Set.of());
        }
        if (access == Access.PUBLIC && method.getAnnotation(RequiresScope.class) == null
                && method.getAnnotation(RolesAllowed.class) == null) {
            return PUBLIC;
        }
        Set<String> scopes = scope == null ? Set.of() : ordered(List.of(scope.value()));
        Set<String> roleSet = roles == null ? Set.of() : ordered(Arrays.asList(roles.value()));
        if (scopes.isEmpty() && roleSet.isEmpty() && access == null && !authenticatedByDefault) {
            return PUBLIC;
        }
        return new Policy(Access.AUTHENTICATED, scopes, scope == null ? RequiresScope.Match.ALL : scope.match(), roleSet);
    }

    /** @PermitAll / @DenyAll / @RolesAllowed on the element, or null if none. */
    private static Access access(AnnotatedElement e) {
        if (e.isAnnotationPresent(DenyAll.class)) {
            return Access.DENIED;
        }
        if (e.isAnnotationPresent(RolesAllowed.class)) {
            return Access.AUTHENTICATED;
        }
        if (e.isAnnotationPresent(PermitAll.class)) {
            return Access.PUBLIC;
        }
        return null;
    }

    private static Set<String> ordered(List<String> values) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }

    boolean scopesSatisfiedBy(Set<String> granted) {
        if (scopes.isEmpty()) {
            return true;
        }
        return match == RequiresScope.Match.ALL ? granted.containsAll(scopes) : scopes.stream().anyMatch(granted::contains);
    }

    boolean rolesSatisfiedBy(Set<String> granted) {
        return roles.isEmpty() || roles.stream().anyMatch(granted::contains);
    }
}
