package dev.portcullis.servlet;

import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.http.AccessRequirement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which paths the filter protects and what each path requires: include and exclude patterns, and
 * per-pattern required scopes (all of them) and roles (any of them), and per-pattern introspection
 * ({@code off|jwt|opaque|all}). For scopes and roles the most specific matching pattern wins, as in
 * servlet mapping; for introspection, the most specific pattern that sets it.
 */
final class PathRules {
    private record Rule(PathPattern pattern, AccessRequirement requirement) {
    }

    private record Introspection(PathPattern pattern, IntrospectionConfig.Mode mode) {
    }

    private final List<PathPattern> include;
    private final List<PathPattern> exclude;
    private final List<Rule> rules;
    private final List<Introspection> introspection;
    /** Per rule (and no rule, last), per introspection pattern (and none, last): the requirement. */
    private final AccessRequirement[][] combined;

    private PathRules(List<PathPattern> include, List<PathPattern> exclude, List<Rule> rules,
                      List<Introspection> introspection) {
        this.include = include;
        this.exclude = exclude;
        this.rules = rules;
        this.introspection = introspection;
        this.combined = new AccessRequirement[rules.size() + 1][introspection.size() + 1];
        for (int r = 0; r <= rules.size(); r++) {
            AccessRequirement base = r < rules.size() ? rules.get(r).requirement() : AccessRequirement.none();
            for (int i = 0; i <= introspection.size(); i++) {
                combined[r][i] = i < introspection.size()
                        ? base.toBuilder().introspection(introspection.get(i).mode()).build() : base;
            }
        }
    }

    /**
     * @param include patterns to protect (empty: everything)
     * @param exclude patterns never protected (public), winning over include
     * @param scopes pattern → space/comma-separated scopes
     * @param roles pattern → space/comma-separated roles
     * @param introspection pattern → off, jwt, opaque or all
     */
    static PathRules of(List<String> include, List<String> exclude, Map<String, String> scopes, Map<String, String> roles,
                        Map<String, String> introspection) {
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
        List<Rule> rules = new ArrayList<>();
        for (String p : patterns) {
            rules.add(new Rule(PathPattern.parse(p), AccessRequirement.of(words(scopes.getOrDefault(p, "")),
                    AccessRequirement.Match.ALL, words(roles.getOrDefault(p, "")))));
        }
        rules.sort(Comparator.comparingInt((Rule r) -> r.pattern().rank()).reversed());
        List<Introspection> modes = new ArrayList<>();
        introspection.forEach((p, v) -> modes.add(new Introspection(PathPattern.parse(p), mode(p, v))));
        modes.sort(Comparator.comparingInt((Introspection i) -> i.pattern().rank()).reversed());
        return new PathRules(List.copyOf(inc), List.copyOf(exc), List.copyOf(rules), List.copyOf(modes));
    }

    private static IntrospectionConfig.Mode mode(String pattern, String value) {
        try {
            return IntrospectionConfig.Mode.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("portcullis.filter.introspection." + pattern + "='" + value
                    + "': expected off, jwt, opaque or all");
        }
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

    /** The requirement of the most specific matching rule, with the most specific matching introspection. */
    AccessRequirement requirement(String path) {
        int r = 0;
        while (r < rules.size() && !rules.get(r).pattern().matches(path)) {
            r++;
        }
        int i = 0;
        while (i < introspection.size() && !introspection.get(i).pattern().matches(path)) {
            i++;
        }
        return combined[r][i];
    }
}
