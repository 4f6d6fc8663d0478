package dev.portcullis.servlet;

import dev.portcullis.core.dpop.DpopMode;
import dev.portcullis.core.http.AccessRequirement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which paths the filter protects and what each path requires: include and exclude patterns, and
 * per-pattern required scopes (all of them), roles (any of them) and DPoP policy
 * ({@code portcullis.filter.dpop.<pattern>} = off, allowed or required). For requirements the most
 * specific matching pattern wins, as in servlet mapping.
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
        return of(include, exclude, scopes, roles, Map.of());
    }

    /**
     * As {@link #of(List, List, Map, Map)}, with {@code dpop}: pattern → {@code off}, {@code allowed} or {@code required}.
     *
     * @throws IllegalArgumentException for a bad pattern or DPoP value, naming it
     */
    static PathRules of(List<String> include, List<String> exclude, Map<String, String> scopes, Map<String, String> roles,
                        Map<String, String> dpop) {
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
        patterns.addAll(dpop.keySet());
        List<Rule> rules = new ArrayList<>();
        for (String p : patterns) {
            AccessRequirement need = AccessRequirement.of(words(scopes.getOrDefault(p, "")),
                    AccessRequirement.Match.ALL, words(roles.getOrDefault(p, "")));
            if (dpop.containsKey(p)) {
                try {
                    need = need.toBuilder().dpop(DpopMode.parse(dpop.get(p))).build();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("dpop." + p + "='" + dpop.get(p) + "': " + e.getMessage(), e);
                }
            }
            rules.add(new Rule(PathPattern.parse(p), need));
        }
        rules.sort(Comparator.comparingInt((Rule r) -> r.pattern().rank()).reversed());
        return new PathRules(List.copyOf(inc), List.copyOf(exc), List.copyOf(rules));
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
