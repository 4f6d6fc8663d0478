package dev.portcullis.jaxrs;

import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidatorConfig;
import jakarta.servlet.ServletContext;

import java.util.Optional;
import java.util.function.Function;

/**
 * The application's validator, found once: the servlet filter's when it is deployed too (one
 * validator and one key cache per application), otherwise one built from the configuration and
 * closed by {@link PortcullisLifecycle} when the application stops. This jar lives in the
 * application's {@code WEB-INF/lib}, so the static state is per application.
 */
final class Validators {
    /** The servlet filter's servlet-context attribute for its validator. */
    static final String VALIDATOR_ATTRIBUTE = TokenValidator.class.getName();

    private static final Object LOCK = new Object();
    private static ServletContext context; // guarded by LOCK
    private static TokenValidator own; // guarded by LOCK
    private static volatile ValidatorConfig config;

    private Validators() {
    }

    static void contextStarted(ServletContext servletContext) {
        synchronized (LOCK) {
            context = servletContext;
        }
    }

    static void contextStopped() {
        synchronized (LOCK) {
            if (own != null) {
                if (context != null && context.getAttribute(VALIDATOR_ATTRIBUTE) == own) {
                    context.removeAttribute(VALIDATOR_ATTRIBUTE);
                }
                own.close();
                own = null;
            }
            context = null;
        }
    }

    /** The validator to use now; builds one on first use if no other adapter did. */
    static TokenValidator get() {
        synchronized (LOCK) {
            if (context != null && context.getAttribute(VALIDATOR_ATTRIBUTE) instanceof TokenValidator shared) {
                return shared;
            }
            if (own == null) {
                ValidatorConfig c = ValidatorConfig.fromProperties(Settings.lookup());
                String path = context == null ? "" : context.getContextPath();
                own = TokenValidator.builder(c).name(path == null || path.length() <= 1 ? "jaxrs" : path.substring(1)).build();
                config = c;
                if (context != null) {
                    context.setAttribute(VALIDATOR_ATTRIBUTE, own);
                }
            }
            return own;
        }
    }

    /** Settings: MicroProfile Config when present, else system properties. */
    static final class Settings {
        private Settings() {
        }

        static Function<String, Optional<String>> lookup() {
            Function<String, Optional<String>> system = n -> Optional.ofNullable(System.getProperty(n));
            try {
                Class.forName("org.eclipse.microprofile.config.ConfigProvider", false, Validators.class.getClassLoader());
                Function<String, Optional<String>> mp = Mp.lookup();
                return n -> mp.apply(n).or(() -> system.apply(n));
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                return system;
            }
        }

        static Optional<String> get(String name) {
            return lookup().apply(name).map(String::strip).filter(s -> !s.isEmpty());
        }
    }

    /** The only class linking against MicroProfile Config. */
    static final class Mp {
        private Mp() {
        }

        static Function<String, Optional<String>> lookup() {
            org.eclipse.microprofile.config.Config c = org.eclipse.microprofile.config.ConfigProvider.getConfig();
            return n -> c.getOptionalValue(n, String.class);
        }
    }
}
