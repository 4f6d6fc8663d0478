package dev.portcullis.core.http;

import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.core.dpop.DpopMode;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a request needs besides a valid token: scopes (all of them, or any one), roles (any one), a
 * user authentication of one of the listed {@code acr} values and/or at most {@code max_age} old
 * (RFC 9470 step-up), or nothing at all; or {@link #denyAll()}, refused to everyone
 * ({@code @DenyAll}); and, optionally, how its token is introspected (RFC 7662: {@link #introspection()}).
 * Immutable; made by {@link #builder()}, {@link #of}, {@link #none()} or {@link #denyAll()}.
 *
 * <pre>{@code
 * AccessRequirement need = AccessRequirement.builder()
 *         .scopes(AccessRequirement.Match.ALL, List.of("orders:write"))
 *         .roles(List.of("clerk", "admin"))
 *         .acr(List.of("urn:example:mfa"))
 *         .maxAge(Duration.ofMinutes(5))
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class AccessRequirement {
    private static final AccessRequirement NONE = new Builder().build();
    private static final AccessRequirement DENY_ALL = new Builder().denyAll().build();

    private final Set<String> scopes;
    private final String[] scopeArray; // the same, walked on every request without an iterator
    private final Match scopeMatch;
    private final Set<String> roles;
    private final boolean deniedToAll;
    private final Set<String> acr;
    private final Duration maxAge;
    private final DpopMode dpop;
    private final IntrospectionConfig.Mode introspection;

    /** How several scopes combine. */
    public enum Match {
        /** Every scope is needed. */
        ALL,
        /** One of the scopes suffices. */
        ANY
    }

    private AccessRequirement(Builder b) {
        this.scopes = b.scopes.isEmpty() ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(b.scopes));
        this.scopeArray = scopes.toArray(String[]::new);
        this.scopeMatch = b.scopeMatch;
        this.roles = b.roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(b.roles));
        this.deniedToAll = b.deniedToAll;
        this.acr = b.acr.isEmpty() ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(b.acr));
        this.maxAge = b.maxAge;
        this.dpop = b.dpop;
        this.introspection = b.introspection;
    }

    /** A builder of a requirement that needs nothing yet. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this requirement. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.scopes.addAll(scopes);
        b.scopeMatch = scopeMatch;
        b.roles.addAll(roles);
        b.deniedToAll = deniedToAll;
        b.acr.addAll(acr);
        b.maxAge = maxAge;
        b.dpop = dpop;
        b.introspection = introspection;
        return b;
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
        return builder().scopes(match, scopes).roles(roles).build();
    }

    /** The scopes (exact, case-sensitive), in the order the challenge lists them. */
    public Set<String> scopes() {
        return scopes;
    }

    /** Whether all the scopes are needed or any one of them. */
    public Match scopeMatch() {
        return scopeMatch;
    }

    /** The roles, any one of which suffices; empty: no role needed. */
    public Set<String> roles() {
        return roles;
    }

    /** The authentication context classes ({@code acr}, RFC 9470) of which the token's must be one; empty: any. */
    public Set<String> acr() {
        return acr;
    }

    /** The longest time since the user authenticated ({@code auth_time}) the request accepts (RFC 9470); empty: any. */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /** True if this requirement has a step-up rule ({@link #acr()} or {@link #maxAge()}). */
    public boolean needsStepUp() {
        return !acr.isEmpty() || maxAge != null;
    }

    /** True for a resource nobody may call; scopes and roles are then empty. */
    public boolean deniedToAll() {
        return deniedToAll;
    }

    /** The path's or resource's DPoP policy, winning over the issuer's and the global one; null: none. */
    public DpopMode dpopMode() {
        return dpop;
    }

    /**
     * How this request's token is introspected ({@code portcullis.filter.introspection.<pattern>},
     * {@code @Introspected}): {@code JWT}, {@code OPAQUE}, {@code ALL} or {@code OFF}; null (the default) leaves
     * it to the issuer's configured mode ({@code portcullis.introspection}).
     */
    public IntrospectionConfig.Mode introspection() {
        return introspection;
    }

    /** True if a valid token suffices (scopes and roles; {@link #introspection()} and {@link #dpopMode()} are apart). */
    public boolean isNone() {
        return !deniedToAll && scopes.isEmpty() && roles.isEmpty() && !needsStepUp();
    }

    /** True if the token grants the scopes this requirement needs. */
    public boolean scopesGrantedTo(VerifiedToken token) {
        Set<String> granted = token.scopes();
        boolean all = scopeMatch == Match.ALL;
        for (String scope : scopeArray) {
            if (granted.contains(scope) != all) {
                return !all; // ALL: one is missing; ANY: one is granted
            }
        }
        return all || scopeArray.length == 0;
    }

    /** True if the token carries one of the roles this requirement needs, or none is needed. */
    public boolean rolesGrantedTo(VerifiedToken token) {
        return roles.isEmpty() || !Collections.disjoint(token.roles(), roles);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessRequirement r
                && scopes.equals(r.scopes)
                && scopeMatch == r.scopeMatch
                && roles.equals(r.roles)
                && deniedToAll == r.deniedToAll
                && acr.equals(r.acr)
                && Objects.equals(maxAge, r.maxAge)
                && dpop == r.dpop
                && introspection == r.introspection;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scopes, scopeMatch, roles, deniedToAll, acr, maxAge, dpop, introspection);
    }

    @Override
    public String toString() {
        return deniedToAll
                ? "AccessRequirement[denied to all]"
                : "AccessRequirement[scopes=" + scopeMatch + " of " + scopes + ", roles=any of " + roles
                        + (acr.isEmpty() ? "" : ", acr=any of " + acr)
                        + (maxAge == null ? "" : ", max_age=" + maxAge.toSeconds() + "s")
                        + (dpop == null ? "" : ", dpop=" + dpop)
                        + (introspection == null ? "" : ", introspection " + introspection) + "]";
    }

    /** Builds an {@link AccessRequirement}; not thread-safe. */
    public static final class Builder {
        private final Set<String> scopes = new LinkedHashSet<>();
        private Match scopeMatch = Match.ALL;
        private final Set<String> roles = new LinkedHashSet<>();
        private boolean deniedToAll;
        private final Set<String> acr = new LinkedHashSet<>();
        private Duration maxAge;
        private DpopMode dpop;
        private IntrospectionConfig.Mode introspection;

        private Builder() {}

        /** The DPoP policy of this path or resource; null (the default) leaves it to the issuer's or the global one. */
        public Builder dpop(DpopMode mode) {
            this.dpop = mode;
            return this;
        }

        /** The scopes needed, {@code match} of them (replacing earlier ones). */
        public Builder scopes(Match match, Collection<String> scopes) {
            Objects.requireNonNull(match, "match");
            this.scopes.clear();
            this.scopes.addAll(checked(scopes, "scope"));
            this.scopeMatch = match;
            return this;
        }

        /** The roles, any one of which suffices (replacing earlier ones). */
        public Builder roles(Collection<String> roles) {
            this.roles.clear();
            this.roles.addAll(checked(roles, "role"));
            return this;
        }

        /**
         * The authentication context classes ({@code acr} values), one of which the token's must be
         * (replacing earlier ones; empty: no {@code acr} rule). Each is a non-empty value without
         * spaces, quotes, backslashes or controls, as the {@code acr_values} challenge attribute
         * carries them.
         */
        public Builder acr(Collection<String> values) {
            Objects.requireNonNull(values, "acr values");
            for (String v : values) {
                if (!BearerChallenge.isValidScopeToken(v)) {
                    throw new IllegalArgumentException("an acr value must be printable ASCII without spaces, quotes or"
                            + " backslashes, was '" + LogText.escape(String.valueOf(v)) + "'");
                }
            }
            this.acr.clear();
            this.acr.addAll(values);
            return this;
        }

        /**
         * The longest time since the user authenticated ({@code auth_time}), in whole seconds as
         * {@code max_age} is (null: no rule). Zero means "just now" (within the clock-skew leeway).
         */
        public Builder maxAge(Duration maxAge) {
            if (maxAge != null && (maxAge.isNegative() || maxAge.getNano() != 0)) {
                throw new IllegalArgumentException("max_age: whole seconds, zero or more, expected, was " + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        /** How the token is introspected for this request; null: as its issuer's configured mode says. */
        public Builder introspection(IntrospectionConfig.Mode mode) {
            this.introspection = mode;
            return this;
        }

        /** Nobody may pass ({@code @DenyAll}); nothing else may then be needed. */
        public Builder denyAll() {
            this.deniedToAll = true;
            return this;
        }

        /** The requirement; a requirement denied to all has no scopes or roles. */
        public AccessRequirement build() {
            if (deniedToAll && (!scopes.isEmpty() || !roles.isEmpty() || !acr.isEmpty() || maxAge != null)) {
                throw new IllegalArgumentException("a requirement denied to all has no scopes, roles or step-up rules");
            }
            return new AccessRequirement(this);
        }

        private static Collection<String> checked(Collection<String> values, String what) {
            Objects.requireNonNull(values, what + "s");
            for (String v : values) {
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException("a " + what + " must not be blank, was '" + v + "'");
                }
            }
            return values;
        }
    }
}
