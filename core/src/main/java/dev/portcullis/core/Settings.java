package dev.portcullis.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where every adapter reads its settings ({@code mp.jwt.*}, {@code portcullis.*}), in one order,
 * first found wins:
 * <ol>
 *   <li>the parameter sources an adapter adds, in the order added (the servlet filter: its init
 *       parameters, then the context parameters of {@code web.xml}; the JAX-RS adapter: the context
 *       parameters);</li>
 *   <li>MicroProfile Config, when the server has an implementation: its own order (system
 *       properties 400, environment variables 300, {@code microprofile-config.properties} 100, and
 *       whatever sources the server adds);</li>
 *   <li>otherwise the same three sources read as MicroProfile Config would: system properties
 *       (ordinal 400), environment variables (300; {@code mp.jwt.verify.issuer} is looked up as
 *       itself, as {@code mp_jwt_verify_issuer} and as {@code MP_JWT_VERIFY_ISSUER}), and every
 *       {@code META-INF/microprofile-config.properties} of the application's class loader (ordinal
 *       from its {@code config_ordinal}, default 100); the higher ordinal wins.</li>
 * </ol>
 * Blank values count as absent. {@link #withPrefix} enumerates every source but environment
 * variables (whose names cannot spell settings such as {@code portcullis.filter.scopes./api/*}).
 * Immutable and thread-safe; built once per application. {@link Builder#build()} logs one INFO line
 * naming the sources read, never their values.
 *
 * @since 0.1.0
 */
public final class Settings {
    private static final System.Logger LOG = System.getLogger("dev.portcullis.config");
    private static final String MP_FILE = "META-INF/microprofile-config.properties";

    private final List<Source> sources;

    private record Source(
            String name, int ordinal, Function<String, String> lookup, Supplier<Iterable<String>> names) {}

    private Settings(List<Source> sources) {
        this.sources = sources;
    }

    /** A builder; with nothing added, it reads MicroProfile Config or its fallback sources. */
    public static Builder builder() {
        return new Builder();
    }

    /** The value of a setting, stripped; empty if no source has a non-blank one. */
    public Optional<String> get(String name) {
        for (Source s : sources) {
            String v = s.lookup().apply(name);
            if (v != null && !v.isBlank()) {
                return Optional.of(v.strip());
            }
        }
        return Optional.empty();
    }

    /** Every setting whose name starts with {@code prefix}, keyed by the rest of its name, each value as {@link #get} finds it. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Source s : sources) {
            for (String name : s.names().get()) {
                if (name.startsWith(prefix)
                        && name.length() > prefix.length()
                        && !out.containsKey(name.substring(prefix.length()))) {
                    get(name).ifPresent(v -> out.put(name.substring(prefix.length()), v));
                }
            }
        }
        return out;
    }

    /** The sources read, first found wins, e.g. {@code [context parameters, MicroProfile Config]}. */
    public List<String> sourceNames() {
        List<String> out = new ArrayList<>();
        for (Source s : sources) {
            out.add(s.name());
        }
        return out;
    }

    /** The validator's configuration from these settings ({@link ValidatorConfig#fromProperties}). */
    public ValidatorConfig validatorConfig() {
        return ValidatorConfig.fromProperties(this::get);
    }

    /** The DPoP configuration from these settings ({@link dev.portcullis.core.dpop.DpopConfig#fromProperties}). */
    public dev.portcullis.core.dpop.DpopConfig dpopConfig() {
        return dev.portcullis.core.dpop.DpopConfig.fromProperties(this::get);
    }

    /** The introspection settings ({@link IntrospectionConfig#fromProperties}); off unless set. */
    public IntrospectionConfig introspectionConfig() {
        return IntrospectionConfig.fromProperties(this::get);
    }

    /** The {@code realm} of the challenges: {@code portcullis.realm}, else {@link #applicationName}. */
    public String realm(String contextPath) {
        return get("portcullis.realm").orElse(applicationName(contextPath));
    }

    /** The context root without its {@code /} ({@code /orders} gives {@code orders}); {@code api} for the root context. */
    public static String applicationName(String contextPath) {
        return contextPath == null || contextPath.isEmpty() || contextPath.equals("/")
                ? "api"
                : contextPath.startsWith("/") ? contextPath.substring(1) : contextPath;
    }

    /** The names MicroProfile Config looks up in the environment for {@code name}: as is, non-alphanumerics as {@code _}, then upper-case. */
    static List<String> environmentNames(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            b.append(c < 0x80 && Character.isLetterOrDigit(c) ? c : '_');
        }
        String mapped = b.toString();
        return List.of(name, mapped, mapped.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "Settings" + sourceNames();
    }

    /** Builds {@link Settings}; not thread-safe. */
    public static final class Builder {
        private final List<Source> parameters = new ArrayList<>();
        private ClassLoader loader;
        private Map<String, String> environment = System.getenv();
        private boolean microProfile = true;
        private String application;

        private Builder() {}

        /**
         * Adds a source that comes before MicroProfile Config, e.g. a filter's init parameters.
         *
         * @param name what the start-up line calls it, e.g. {@code context parameters}
         * @param lookup a parameter's value, or null
         * @param names the parameter names, for {@link Settings#withPrefix}
         */
        public Builder parameters(String name, Function<String, String> lookup, Iterable<String> names) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(lookup, "lookup");
            List<String> copy = new ArrayList<>();
            names.forEach(copy::add);
            List<String> fixed = Collections.unmodifiableList(copy);
            parameters.add(new Source(name, Integer.MAX_VALUE, lookup, () -> fixed));
            return this;
        }

        /** The application's class loader, for MicroProfile Config and {@code microprofile-config.properties} (default: the thread's context class loader). */
        public Builder classLoader(ClassLoader loader) {
            this.loader = loader;
            return this;
        }

        /** Names the application in the start-up line. */
        public Builder application(String name) {
            this.application = name;
            return this;
        }

        /** For tests: the environment variables to read instead of the process's. */
        Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** For tests: false reads the fallback sources even where a MicroProfile Config implementation is present. */
        Builder microProfileConfig(boolean use) {
            this.microProfile = use;
            return this;
        }

        /**
         * The settings; logs which sources they come from.
         *
         * @throws UncheckedIOException if a {@code microprofile-config.properties} cannot be read
         */
        public Settings build() {
            ClassLoader cl = loader != null ? loader : Thread.currentThread().getContextClassLoader();
            List<Source> sources = new ArrayList<>(parameters);
            Optional<Source> mp = microProfile ? MicroProfile.source(cl) : Optional.empty();
            if (mp.isPresent()) {
                sources.add(mp.get());
            } else {
                sources.addAll(fallback(cl, environment));
            }
            Settings settings = new Settings(List.copyOf(sources));
            LOG.log(
                    System.Logger.Level.INFO,
                    "Portcullis settings{0} read from: {1}",
                    application == null ? "" : " of " + application,
                    String.join(", ", settings.sourceNames()));
            return settings;
        }
    }

    /** System properties, environment variables and the properties files, by MicroProfile's ordinals. */
    private static List<Source> fallback(ClassLoader loader, Map<String, String> env) {
        List<Source> out = new ArrayList<>();
        out.add(new Source(
                "system properties",
                400,
                System::getProperty,
                () -> System.getProperties().stringPropertyNames()));
        out.add(new Source(
                "environment variables",
                300,
                n -> {
                    for (String candidate : environmentNames(n)) {
                        String v = env.get(candidate);
                        if (v != null) {
                            return v;
                        }
                    }
                    return null;
                },
                List::of));
        if (loader != null) {
            try {
                for (URL url : Collections.list(loader.getResources(MP_FILE))) {
                    Properties p = new Properties();
                    try (InputStream in = url.openStream()) {
                        p.load(in);
                    }
                    int ordinal = ordinal(p.getProperty("config_ordinal"), url);
                    out.add(new Source(
                            MP_FILE + " (" + ordinal + ")", ordinal, p::getProperty, p::stringPropertyNames));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + MP_FILE + ": " + e.getMessage(), e);
            }
        }
        out.sort(Comparator.comparingInt(Source::ordinal).reversed()); // stable: equal ordinals keep their order
        return out;
    }

    private static int ordinal(String value, URL url) {
        if (value == null || value.isBlank()) {
            return 100;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "config_ordinal='" + value + "' in " + url + ": expected a whole number, e.g. 100");
        }
    }

    /** MicroProfile Config, only touched when its API is visible to this library. */
    private static final class MicroProfile {
        private MicroProfile() {}

        static Optional<Source> source(ClassLoader loader) {
            try {
                Class.forName("org.eclipse.microprofile.config.ConfigProvider", false, Settings.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return Optional.empty();
            }
            try {
                return Optional.of(Bridge.source(loader));
            } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
                return Optional.empty(); // the API without an implementation
            }
        }
    }

    /** The only class that links against the MicroProfile Config API. */
    private static final class Bridge {
        private Bridge() {}

        static Source source(ClassLoader loader) {
            org.eclipse.microprofile.config.Config config = loader == null
                    ? org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    : org.eclipse.microprofile.config.ConfigProvider.getConfig(loader);
            return new Source(
                    "MicroProfile Config",
                    Integer.MAX_VALUE,
                    n -> config.getOptionalValue(n, String.class).orElse(null),
                    config::getPropertyNames);
        }
    }
}
