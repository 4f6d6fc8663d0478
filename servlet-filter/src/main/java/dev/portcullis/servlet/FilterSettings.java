package dev.portcullis.servlet;

import dev.portcullis.core.Settings;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;

import java.util.Collections;
import java.util.Locale;

/** Where the filter's settings come from, and how it reads a flag. Stateless. */
final class FilterSettings {
    private FilterSettings() {}

    /** Init parameters, context parameters, then MicroProfile Config or its fallbacks. */
    static Settings of(FilterConfig filter, ServletContext context) {
        Settings.Builder b = Settings.builder()
                .parameters(
                        "filter init parameters",
                        filter::getInitParameter,
                        Collections.list(filter.getInitParameterNames()));
        if (context != null) {
            b.parameters(
                            "context parameters",
                            context::getInitParameter,
                            Collections.list(context.getInitParameterNames()))
                    .classLoader(context.getClassLoader())
                    .application("/" + context.getContextPath().replaceFirst("^/", ""));
        }
        return b.build();
    }

    /** {@code true} or {@code false}, any case, around spaces. */
    static boolean bool(String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return s.equals("true");
        }
        throw new IllegalArgumentException("expected true or false, was '" + v + "'");
    }
}
