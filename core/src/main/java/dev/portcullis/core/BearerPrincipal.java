package dev.portcullis.core;

import java.security.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The caller of a request authenticated by a bearer token, as adapters install it. Its name follows
 * MicroProfile JWT: the {@code upn} claim, else {@code preferred_username}, else {@code sub}.
 * Immutable; {@link #toString()} shows only the name.
 *
 * @since 0.1.0
 */
public final class BearerPrincipal implements Principal {
    private final VerifiedToken token;
    private final String name;

    /** A principal for a verified token. */
    public BearerPrincipal(VerifiedToken token) {
        this.token = Objects.requireNonNull(token, "token");
        this.name = nameOf(token);
    }

    /** {@code upn}, else {@code preferred_username}, else {@code sub}, else empty (one per request: no Optional chain). */
    private static String nameOf(VerifiedToken token) {
        Map<String, Object> claims = token.claims();
        if (claims.get("upn") instanceof String upn) {
            return upn;
        }
        if (claims.get("preferred_username") instanceof String preferred) {
            return preferred;
        }
        return token.subject().orElse("");
    }

    @Override
    public String getName() {
        return name;
    }

    /** The verified token behind this principal. */
    public VerifiedToken token() {
        return token;
    }

    /** One claim of the token. */
    public Optional<Object> claim(String claim) {
        return token.claim(claim);
    }

    /** The granted scopes. */
    public Set<String> scopes() {
        return token.scopes();
    }

    /** The roles (from the configured roles claim). */
    public Set<String> roles() {
        return token.roles();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BearerPrincipal p && p.token.equals(token);
    }

    @Override
    public int hashCode() {
        return token.hashCode();
    }

    @Override
    public String toString() {
        return "BearerPrincipal[" + name + "]";
    }
}
