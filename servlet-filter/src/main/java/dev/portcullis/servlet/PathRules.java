package dev.portcullis.servlet;

import dev.portcullis.core.http.AccessRequirement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which paths the filter protects and what each path requires: include and exclude patterns, and
 * per-pattern required scopes (all of them), roles (any of them) and step-up rules (RFC 9470: the
 * token's {@code acr} one of a list, its {@code auth_time} at most so many seconds ago). For
 * requirements the most specific matching pattern wins, as in servlet mapping.
 */
final class PathRules {
    private record Rule(PathPattern pattern, AccessRequirement requirement) {
    }

    private final List<PathPattern> include;
    private final List<PathPattern> exclude;
    private final List<Rule> rules;

    private PathRules(List<PathPattern> include, List<PathPattern> exclude, List<Rule> rules) {
        this.include = include;
        this.exclude = exclude;
        this.rules = rules;
    }

    /**
     * @param include patterns to protect (empty: everything)
     * @param exclude patterns never protected (public), winning over include
     * @param scopes pattern → space/comma-separated scopes
     * @param roles pattern → space/comma-separated roles
     */
    static PathRules of(List<String> include, List<String> exclude, Map<String, String> scopes, Map<String, String> roles) {
        return of(include, exclude, scopes, roles, Map.of(), Map.of());
    }

    /**
     * @param acr pattern → space/comma-separated {@code acr} values, one of which the token's must be
     * @param maxAge pattern → the longest time since the user authenticated, whole seconds
     */
    static PathRules of(List<String> include, List<String> exclude, Map<String, String> scopes, Map<String, String> roles,
                        Map<String, String> acr, Map<String, String> maxAge) {
        List<PathPattern> inc = new ArrayList<>();
        for (String p : include) {
            inc.add(PathPattern.parse(p));
        }
        if (inc.isEmpty()) {
            inc.add(PathPattern.parse("/*"));
        }
        List<PathPattern> exc = new ArrayList<>();
        for (String p : exclude) {
            exc.add(PathPattern.parse(p));
        }
        Set<String> patterns = new LinkedHashSet<>(scopes.keySet());
        patterns.addAll(roles.keySet());
        patterns.addAll(acr.keySet());
        patterns.addAll(maxAge.keySet());
        List<Rule> rules = new ArrayList<>();
        for (String p : patterns) {
            AccessRequirement.Builder need = AccessRequirement.builder()
                    .scopes(AccessRequirement.Match.ALL, words(scopes.getOrDefault(p, "")))
                    .roles(words(roles.getOrDefault(p, ""))).acr(words(acr.getOrDefault(p, "")));
            if (maxAge.containsKey(p)) {
                need.maxAge(seconds(p, maxAge.get(p)));
            }
            rules.add(new Rule(PathPattern.parse(p), need.build()));
        }
        rules.sort(Comparator.comparingInt((Rule r) -> r.pattern().rank()).reversed());
        return new PathRules(List.copyOf(inc), List.copyOf(exc), List.copyOf(rules));
    }

    private static Duration seconds(String pattern, String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("max-age." + pattern + ": whole seconds expected, was '" + value + "'");
        }
    }

    /** Every scope some rule needs, for the metadata's {@code scopes_supported}. */
    Set<String> scopes() {
        Set<String> out = new LinkedHashSet<>();
        rules.forEach(r -> out.addAll(r.requirement().scopes()));
        return out;
    }

    static Set<String> words(String value) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : value.split("[,\\s]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return java.util.Collections.unmodifiableSet(out);
    }

    /** True if the path is protected (included and not excluded). */
    boolean isProtected(String path) {
        for (PathPattern p : exclude) {
            if (p.matches(path)) {
                return false;
            }
        }
        for (PathPattern p : include) {
            if (p.matches(path)) {
                return true;
            }
        }
        return false;
    }

    /** The requirement of the most specific matching rule. */
    AccessRequirement requirement(String path) {
        for (Rule r : rules) {
            if (r.pattern().matches(path)) {
                return r.requirement();
            }
        }
        return AccessRequirement.none();
    }
}
