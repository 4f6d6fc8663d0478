package dev.portcullis.servlet;

import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.Settings;
import dev.portcullis.core.dpop.DpopMode;
import dev.portcullis.core.http.AccessRequirement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which paths the filter protects and what each path requires: include and exclude patterns, and
 * per-pattern required scopes (all of them), roles (any of them) and step-up rules (RFC 9470: the
 * token's {@code acr} one of a list, its {@code auth_time} at most so many seconds ago), per-pattern
 * introspection ({@code off|jwt|opaque|all}) and DPoP policy ({@code off|allowed|required}). For scopes,
 * roles and step-up rules the most specific matching pattern wins, as in servlet mapping; for
 * introspection and DPoP, the most specific pattern that sets them.
 */
final class PathRules {
    private record Rule(PathPattern pattern, AccessRequirement requirement) {}

    private record Introspection(PathPattern pattern, IntrospectionConfig.Mode mode) {}

    private record Dpop(PathPattern pattern, DpopMode mode) {}

    private final List<PathPattern> include;
    private final List<PathPattern> exclude;
    private final List<Rule> rules;
    private final List<Introspection> introspection;
    private final List<Dpop> dpop;
    /**
     * Per rule (and no rule, last), per introspection pattern (and none, last), per DPoP pattern (and none,
     * last): the requirement, built once.
     */
    private final AccessRequirement[][][] combined;

    private PathRules(
            List<PathPattern> include,
            List<PathPattern> exclude,
            List<Rule> rules,
            List<Introspection> introspection,
            List<Dpop> dpop) {
        this.include = include;
        this.exclude = exclude;
        this.rules = rules;
        this.introspection = introspection;
        this.dpop = dpop;
        this.combined = new AccessRequirement[rules.size() + 1][introspection.size() + 1][dpop.size() + 1];
        for (int r = 0; r <= rules.size(); r++) {
            AccessRequirement base = r < rules.size() ? rules.get(r).requirement() : AccessRequirement.none();
            for (int i = 0; i <= introspection.size(); i++) {
                AccessRequirement withIntrospection = i < introspection.size()
                        ? base.toBuilder()
                                .introspection(introspection.get(i).mode())
                                .build()
                        : base;
                for (int d = 0; d <= dpop.size(); d++) {
                    combined[r][i][d] = d < dpop.size()
                            ? withIntrospection.toBuilder()
                                    .dpop(dpop.get(d).mode())
                                    .build()
                            : withIntrospection;
                }
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
    static PathRules of(
            List<String> include, List<String> exclude, Map<String, String> scopes, Map<String, String> roles) {
        return of(include, exclude, scopes, roles, Map.of(), Map.of(), Map.of(), Map.of());
    }

    static PathRules of(
            List<String> include,
            List<String> exclude,
            Map<String, String> scopes,
            Map<String, String> roles,
            Map<String, String> introspection) {
        return of(include, exclude, scopes, roles, introspection, Map.of());
    }

    /**
     * As {@link #of(List, List, Map, Map, Map)}, with {@code dpop}: pattern → off, allowed or required
     * ({@code portcullis.filter.dpop.<pattern>}; the most specific pattern that sets it applies).
     */
    static PathRules of(
            List<String> include,
            List<String> exclude,
            Map<String, String> scopes,
            Map<String, String> roles,
            Map<String, String> introspection,
            Map<String, String> dpop) {
        return of(include, exclude, scopes, roles, introspection, dpop, Map.of(), Map.of());
    }

    /**
     * As {@link #of(List, List, Map, Map, Map, Map)}, with step-up rules:
     *
     * @param acr pattern → space/comma-separated {@code acr} values, one of which the token's must be
     * @param maxAge pattern → the longest time since the user authenticated, whole seconds
     */
    static PathRules of(
            List<String> include,
            List<String> exclude,
            Map<String, String> scopes,
            Map<String, String> roles,
            Map<String, String> introspection,
            Map<String, String> dpop,
            Map<String, String> acr,
            Map<String, String> maxAge) {
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
                    .roles(words(roles.getOrDefault(p, "")))
                    .acr(words(acr.getOrDefault(p, "")));
            if (maxAge.containsKey(p)) {
                need.maxAge(seconds(p, maxAge.get(p)));
            }
            rules.add(new Rule(PathPattern.parse(p), need.build()));
        }
        rules.sort(Comparator.comparingInt((Rule r) -> r.pattern().rank()).reversed());
        List<Introspection> modes = new ArrayList<>();
        introspection.forEach((p, v) -> modes.add(new Introspection(PathPattern.parse(p), mode(p, v))));
        modes.sort(
                Comparator.comparingInt((Introspection i) -> i.pattern().rank()).reversed());
        List<Dpop> dpopModes = new ArrayList<>();
        dpop.forEach((p, v) -> dpopModes.add(new Dpop(PathPattern.parse(p), dpopMode(p, v))));
        dpopModes.sort(Comparator.comparingInt((Dpop d) -> d.pattern().rank()).reversed());
        return new PathRules(
                List.copyOf(inc), List.copyOf(exc), List.copyOf(rules), List.copyOf(modes), List.copyOf(dpopModes));
    }

    private static DpopMode dpopMode(String pattern, String value) {
        try {
            return DpopMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "portcullis.filter.dpop." + pattern + "='" + value + "': " + e.getMessage(), e);
        }
    }

    private static IntrospectionConfig.Mode mode(String pattern, String value) {
        try {
            return IntrospectionConfig.Mode.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("portcullis.filter.introspection." + pattern + "='" + value
                    + "': expected off, jwt, opaque or all");
        }
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

    /**
     * The requirement of the most specific matching rule, with the most specific matching introspection and
     * DPoP policy.
     */
    AccessRequirement requirement(String path) {
        int r = 0;
        while (r < rules.size() && !rules.get(r).pattern().matches(path)) {
            r++;
        }
        int i = 0;
        while (i < introspection.size() && !introspection.get(i).pattern().matches(path)) {
            i++;
        }
        int d = 0;
        while (d < dpop.size() && !dpop.get(d).pattern().matches(path)) {
            d++;
        }
        return combined[r][i][d];
    }

    /**
     * The rules of the filter's settings: {@code portcullis.filter.include} / {@code .exclude} and the
     * per-pattern {@code scopes.}, {@code roles.}, {@code introspection.}, {@code dpop.}, {@code acr.} and
     * {@code max-age.} settings.
     *
     * @throws IllegalArgumentException naming what cannot be used
     */
    static PathRules fromSettings(Settings settings) {
        return of(
                List.copyOf(words(settings.get("portcullis.filter.include").orElse(""))),
                List.copyOf(words(settings.get("portcullis.filter.exclude").orElse(""))),
                settings.withPrefix("portcullis.filter.scopes."),
                settings.withPrefix("portcullis.filter.roles."),
                settings.withPrefix("portcullis.filter.introspection."),
                settings.withPrefix("portcullis.filter.dpop."),
                settings.withPrefix("portcullis.filter.acr."),
                settings.withPrefix("portcullis.filter.max-age."));
    }
}
