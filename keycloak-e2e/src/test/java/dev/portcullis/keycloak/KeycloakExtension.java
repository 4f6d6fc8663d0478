package dev.portcullis.keycloak;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The extension behind {@link WithKeycloak}. The server lives in the root context's store, which
 * JUnit closes (an {@link AutoCloseable} value) after the last test of the run; the server's own
 * shutdown hook covers a JVM that ends otherwise.
 */
final class KeycloakExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KeycloakExtension.class);

    /** Created by JUnit. */
    KeycloakExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        Session session = session(context);
        session.ensureRunning();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KeycloakServer.class || type == KeycloakAdmin.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Session session = session(context);
        session.ensureRunning();
        return parameter.getParameter().getType() == KeycloakServer.class ? session.server : session.admin;
    }

    private static Session session(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Session.class, k -> new Session(), Session.class);
    }

    /** One Keycloak for the whole run. */
    private static final class Session implements AutoCloseable {
        private final Instant began = Instant.now();
        private final KeycloakServer server = KeycloakServer.fromSystemProperties();
        private final KeycloakAdmin admin = KeycloakAdmin.of(server);
        private RuntimeException startFailure;

        synchronized void ensureRunning() {
            if (startFailure != null) {
                throw new IllegalStateException("Keycloak did not start earlier in this run", startFailure);
            }
            if (!server.isRunning()) {
                try {
                    KeycloakServer.Start start = server.start();
                    System.out.printf(
                            Locale.ROOT,
                            "Keycloak on %s ready in %.1f s%s (log: %s)%n",
                            server.baseUri(),
                            seconds(start.took()),
                            start.built() ? ", built on first boot" : "",
                            server.log());
                } catch (RuntimeException e) {
                    startFailure = e;
                    throw e;
                }
            }
        }

        @Override
        public void close() {
            server.close();
            List<KeycloakServer.Start> starts = server.starts();
            System.out.printf(
                    Locale.ROOT,
                    "Keycloak e2e: %.1f s in all; Keycloak starts: %s%n",
                    seconds(Duration.between(began, Instant.now())),
                    starts.stream()
                            .map(s -> String.format(
                                    Locale.ROOT, "%.1f s%s", seconds(s.took()), s.built() ? " (built)" : ""))
                            .collect(Collectors.joining(", ")));
        }

        private static double seconds(Duration d) {
            return d.toMillis() / 1000.0;
        }
    }
}
