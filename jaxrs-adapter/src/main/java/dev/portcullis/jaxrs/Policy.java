package dev.portcullis.jaxrs;

import dev.portcullis.core.dpop.DpopMode;
import dev.portcullis.core.http.AccessRequirement;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What one resource method requires, from its annotations ({@link RequiresScope},
 * {@link RequiresAuthentication}, the security annotations): method annotations override class ones,
 * and an unannotated method follows the configured default (authenticated or public);
 * {@link DpopRequired} on the method or its class requires DPoP; {@link Introspected} adds how its token is
 * introspected (and makes a method that would be public by default need a token; {@code @PermitAll} stays public).
 */
final class Policy {
    private enum Access {
        PUBLIC,
        AUTHENTICATED,
        DENIED
    }

    private Policy() {}

    /** The method's requirement; empty if it is public. */
    static Optional<AccessRequirement> of(Class<?> resource, Method method, boolean authenticatedByDefault) {
        Introspected introspected = method.getAnnotation(Introspected.class);
        if (introspected == null) {
            introspected = resource.getAnnotation(Introspected.class);
        }
        Optional<AccessRequirement> need =
                withoutIntrospection(resource, method, authenticatedByDefault || introspected != null);
        if (introspected == null || need.isEmpty() || need.get().deniedToAll()) {
            return need;
        }
        return Optional.of(
                need.get().toBuilder().introspection(introspected.value()).build());
    }

    private static Optional<AccessRequirement> withoutIntrospection(
            Class<?> resource, Method method, boolean authenticatedByDefault) {
        Access access = access(method);
        if (access == null) {
            access = access(resource);
        }
        RequiresScope scope = method.getAnnotation(RequiresScope.class);
        if (scope == null) {
            scope = resource.getAnnotation(RequiresScope.class);
        }
        RequiresAuthentication stepUp = method.getAnnotation(RequiresAuthentication.class);
        if (stepUp == null) {
            stepUp = resource.getAnnotation(RequiresAuthentication.class);
        }
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null && access(method) == null) {
            roles = resource.getAnnotation(RolesAllowed.class);
        }
        if (access == Access.DENIED) {
            return Optional.of(AccessRequirement.denyAll());
        }
        if (access == Access.PUBLIC
                && method.getAnnotation(RequiresScope.class) == null
                && method.getAnnotation(RolesAllowed.class) == null
                && method.getAnnotation(RequiresAuthentication.class) == null) {
            return Optional.empty();
        }
        List<String> scopes = scope == null ? List.of() : Arrays.asList(scope.value());
        List<String> roleList = roles == null ? List.of() : Arrays.asList(roles.value());
        boolean dpopRequired =
                method.isAnnotationPresent(DpopRequired.class) || resource.isAnnotationPresent(DpopRequired.class);
        if (scopes.isEmpty()
                && roleList.isEmpty()
                && stepUp == null
                && access == null
                && !authenticatedByDefault
                && !dpopRequired) {
            return Optional.empty();
        }
        AccessRequirement.Match match = scope != null && scope.match() == RequiresScope.Match.ANY
                ? AccessRequirement.Match.ANY
                : AccessRequirement.Match.ALL;
        AccessRequirement.Builder need =
                AccessRequirement.builder().scopes(match, scopes).roles(roleList);
        if (stepUp != null) {
            need.acr(Arrays.asList(stepUp.acr()))
                    .maxAge(stepUp.maxAge() < 0 ? null : Duration.ofSeconds(stepUp.maxAge()));
        }
        if (dpopRequired) {
            need.dpop(DpopMode.REQUIRED);
        }
        return Optional.of(need.build());
    }

    /** {@code @PermitAll} / {@code @DenyAll} / {@code @RolesAllowed} on the element, or null if none. */
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
}
