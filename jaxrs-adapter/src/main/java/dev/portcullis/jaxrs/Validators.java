package dev.portcullis.jaxrs;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.Settings;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.http.BearerAuthenticator;
import dev.portcullis.core.http.BearerResponse;
import dev.portcullis.core.http.ResourceMetadata;
import jakarta.servlet.ServletContext;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's settings and request path, found once: the servlet filter's validator when it
 * is deployed too (one validator and one key cache per application), otherwise one built from the
 * settings and closed by {@link PortcullisLifecycle} when the application stops. Settings are read
 * as the filter reads them ({@link Settings}: context parameters, then MicroProfile Config or its
 * fallbacks). This jar lives in the application's {@code WEB-INF/lib}, so the static state is per
 * application.
 */
final class Validators {
    /** The servlet filter's servlet-context attribute for its validator. */
    static final String VALIDATOR_ATTRIBUTE = TokenValidator.class.getName();

    private static final Object LOCK = new Object();
    private static volatile ServletContext context; // written under LOCK
    private static Settings settings; // guarded by LOCK
    private static TokenValidator own; // guarded by LOCK
    private static volatile BearerAuthenticator current; // written under LOCK
    private static ResourceMetadata metadata; // guarded by LOCK; null: not built yet or disabled
    /** The scopes named by {@code @RequiresScope}, for the metadata's {@code scopes_supported}. */
    private static final Set<String> SCOPES = ConcurrentHashMap.newKeySet();

    private Validators() {}

    static void contextStarted(ServletContext servletContext) {
        synchronized (LOCK) {
            context = servletContext;
            settings = null;
            current = null;
            metadata = null;
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
            settings = null;
            current = null;
            metadata = null;
            SCOPES.clear();
        }
    }

    /** The application's settings, read once. */
    static Settings settings() {
        synchronized (LOCK) {
            if (settings == null) {
                ServletContext c = context;
                Settings.Builder b = Settings.builder();
                if (c != null) {
                    List<String> names = Collections.list(c.getInitParameterNames());
                    b.parameters("context parameters", c::getInitParameter, names)
                            .classLoader(c.getClassLoader())
                            .application("/" + c.getContextPath().replaceFirst("^/", "") + " (JAX-RS)");
                }
                settings = b.build();
            }
            return settings;
        }
    }

    /** The request path to use now; builds the validator on first use if no other adapter did. */
    static BearerAuthenticator authenticator() {
        BearerAuthenticator a = current;
        ServletContext c = context;
        Object shared = c == null ? null : c.getAttribute(VALIDATOR_ATTRIBUTE);
        if (a != null && (shared == null || shared == a.validator())) {
            return a;
        }
        synchronized (LOCK) {
            TokenValidator validator =
                    context != null && context.getAttribute(VALIDATOR_ATTRIBUTE) instanceof TokenValidator v ? v : null;
            if (validator == null) {
                if (own == null) {
                    own = TokenValidator.builder(settings().validatorConfig())
                            .name(Settings.applicationName(contextPath()))
                            .introspection(settings().introspectionConfig())
                            .build();
                    if (context != null) {
                        context.setAttribute(VALIDATOR_ATTRIBUTE, own);
                    }
                }
                validator = own;
            }
            if (current == null || current.validator() != validator) {
                metadata = ResourceMetadata.fromSettings(settings(), validator.config(), SCOPES)
                        .orElse(null);
                current = BearerAuthenticator.builder(validator)
                        .realm(settings().realm(contextPath()))
                        .metadata(metadata)
                        .clientCertificateHeader(settings()
                                .get("portcullis.mtls.certificate-header")
                                .orElse(null))
                        .dpop(settings().dpopConfig())
                        .build();
            }
            return current;
        }
    }

    /** Notes scopes a resource needs, for the metadata document. */
    static void scopesNamed(Collection<String> scopes) {
        SCOPES.addAll(scopes);
    }

    /** The application's protected-resource metadata (built with the request path on first use); empty if disabled. */
    static Optional<ResourceMetadata> metadata() {
        authenticator();
        synchronized (LOCK) {
            return Optional.ofNullable(metadata);
        }
    }

    /** The answer when no validator can be had (a configuration that cannot be used). */
    static BearerResponse unavailable() {
        String realm;
        try {
            realm = settings().realm(contextPath());
        } catch (RuntimeException e) {
            realm = Settings.applicationName(contextPath());
        }
        return BearerResponse.forResult(
                realm,
                new ValidationResult.Unavailable(
                        ValidationFailure.of(FailureReason.VALIDATION_UNAVAILABLE, "no validator"),
                        Duration.ofSeconds(30)));
    }

    /**
     * The request's path within the application (without the context path), as the servlet filter
     * logs it ({@code /api/orders}), whatever the JAX-RS implementation makes of its own path.
     */
    static String pathWithinApplication(java.net.URI requestUri) {
        String path = requestUri.getPath();
        String contextPath = contextPath();
        if (path == null) {
            return "/";
        }
        if (contextPath != null && !contextPath.isEmpty() && path.startsWith(contextPath)) {
            path = path.substring(contextPath.length());
        }
        return path.isEmpty() ? "/" : path;
    }

    static String contextPath() {
        ServletContext c = context;
        return c == null ? null : c.getContextPath();
    }
}
