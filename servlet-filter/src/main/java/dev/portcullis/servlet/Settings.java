package dev.portcullis.servlet;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the filter reads its settings, first found wins: the filter's init parameters, the web
 * application's context parameters ({@code web.xml}), MicroProfile Config (when the server provides
 * it: includes system properties and environment variables), then system properties.
 */
final class Settings {
    private final List<Source> sources;

    private record Source(Function<String, Optional<String>> lookup, Iterable<String> names) {
    }

    private Settings(List<Source> sources) {
        this.sources = sources;
    }

    static Settings of(FilterConfig filter) {
        ServletContext context = filter.getServletContext();
        List<Source> sources = new ArrayList<>();
        sources.add(new Source(n -> Optional.ofNullable(filter.getInitParameter(n)),
                Collections.list(filter.getInitParameterNames())));
        if (context != null) {
            sources.add(new Source(n -> Optional.ofNullable(context.getInitParameter(n)),
                    Collections.list(context.getInitParameterNames())));
        }
        MicroProfile.source(context == null ? null : context.getClassLoader())
                .ifPresent(mp -> sources.add(new Source(mp.lookup(), mp.names())));
        sources.add(new Source(n -> Optional.ofNullable(System.getProperty(n)),
                System.getProperties().stringPropertyNames()));
        return new Settings(List.copyOf(sources));
    }

    /** For tests: settings from one map. */
    static Settings of(Map<String, String> values) {
        return new Settings(List.of(new Source(n -> Optional.ofNullable(values.get(n)), values.keySet())));
    }

    Optional<String> get(String name) {
        for (Source s : sources) {
            Optional<String> v = s.lookup().apply(name).map(String::strip).filter(x -> !x.isEmpty());
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    /** Every setting whose name starts with {@code prefix}, keyed by the rest of the name. */
    Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Source s : sources) {
            for (String name : s.names()) {
                if (name.startsWith(prefix) && name.length() > prefix.length()) {
                    String key = name.substring(prefix.length());
                    if (!out.containsKey(key)) {
                        get(name).ifPresent(v -> out.put(key, v));
                    }
                }
            }
        }
        return out;
    }

    /** MicroProfile Config, only touched when its API is on the class path. */
    static final class MicroProfile {
        private MicroProfile() {
        }

        record Mp(Function<String, Optional<String>> lookup, Iterable<String> names) {
        }

        static Optional<Mp> source(ClassLoader loader) {
            try {
                Class.forName("org.eclipse.microprofile.config.ConfigProvider", false, Settings.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return Optional.empty();
            }
            try {
                return Optional.of(Bridge.create(loader));
            } catch (RuntimeException | LinkageError e) {
                return Optional.empty(); // API present but no implementation
            }
        }
    }

    /** The only class that links against the MicroProfile Config API. */
    static final class Bridge {
        private Bridge() {
        }

        static MicroProfile.Mp create(ClassLoader loader) {
            org.eclipse.microprofile.config.Config config = loader == null
                    ? org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    : org.eclipse.microprofile.config.ConfigProvider.getConfig(loader);
            return new MicroProfile.Mp(n -> config.getOptionalValue(n, String.class), config.getPropertyNames());
        }
    }
}
