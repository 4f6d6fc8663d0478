package dev.portcullis.core;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The rules every {@link ValidatorConfig} value obeys, in one place: the record's constructor and
 * its builder's setters both call them, so a configuration made either way is held to the same
 * rules. Each failure names the value and what was expected.
 */
final class ConfigRules {
    private ConfigRules() {}

    /** At least one issuer, no {@code iss} and no name twice; an immutable copy. */
    static List<IssuerPolicy> issuers(List<IssuerPolicy> issuers) {
        List<IssuerPolicy> copy = List.copyOf(issuers);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(
                    "at least one trusted issuer is required" + " (mp.jwt.verify.issuer or portcullis.issuers)");
        }
        Set<String> seenIssuers = new HashSet<>();
        Set<String> seenNames = new HashSet<>();
        for (IssuerPolicy p : copy) {
            if (!seenIssuers.add(p.issuer())) {
                throw new IllegalArgumentException("issuer " + p.issuer() + " is configured twice");
            }
            if (!seenNames.add(p.name())) {
                throw new IllegalArgumentException("issuer name '" + p.name() + "' is used twice");
            }
        }
        return copy;
    }

    /** Every scope an RFC 6749 scope token; an immutable copy in the given order. */
    static Set<String> scopes(Collection<String> scopes) {
        Objects.requireNonNull(scopes, "requiredScopes");
        for (String scope : scopes) {
            requireScope(scope);
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    }

    static void requireJwksIntervals(
            Duration refresh,
            Duration minRefetch,
            Duration outageTolerance,
            Duration connectTimeout,
            Duration fetchTimeout) {
        requirePositive("JWKS refresh interval", refresh);
        requireNonNegative("JWKS minimum refetch interval", minRefetch);
        requireNonNegative("JWKS outage tolerance", outageTolerance);
        requirePositive("JWKS connect timeout", connectTimeout);
        requirePositive("JWKS fetch timeout", fetchTimeout);
        if (connectTimeout.compareTo(fetchTimeout) > 0) {
            throw new IllegalArgumentException("JWKS connect timeout (" + connectTimeout
                    + ") must not exceed the fetch timeout (" + fetchTimeout + ")");
        }
    }

    static Duration requireClockSkew(Duration skew) {
        requireNonNegative("clock skew", skew);
        if (skew.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    "clock skew " + skew + " is more than 10 minutes;" + " fix the clocks instead");
        }
        return skew;
    }

    static int requireMaxTokenLength(int chars) {
        if (chars < 64) {
            throw new IllegalArgumentException("max token length must be at least 64, was " + chars);
        }
        return chars;
    }

    static void requireScope(String s) {
        if (s == null || s.isBlank() || s.chars().anyMatch(c -> c <= 0x20 || c == '"' || c == '\\' || c > 0x7e)) {
            throw new IllegalArgumentException("a scope must be a non-empty RFC 6749 scope token, was '" + s + "'");
        }
    }

    static String requireHeaderName(String header) {
        if (header == null || header.isBlank() || !header.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
            throw new IllegalArgumentException("token header must be an HTTP header name, was '" + header + "'");
        }
        return header;
    }

    static String requireRolesClaim(String claim) {
        if (claim == null || claim.isBlank() || claim.startsWith(".") || claim.endsWith(".")) {
            throw new IllegalArgumentException("roles claim must be a claim name or dotted path, was '" + claim + "'");
        }
        return claim;
    }

    static int requireCacheSize(int entries) {
        if (entries < 0) {
            throw new IllegalArgumentException(
                    "the verified-token cache size must be 0 (no cache) or more, was " + entries);
        }
        return entries;
    }

    static Duration requirePositive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }

    static Duration requireNonNegative(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + d);
        }
        return d;
    }
}
