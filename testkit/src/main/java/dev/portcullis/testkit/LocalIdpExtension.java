package dev.portcullis.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.HashMap;
import java.util.Map;

/**
 * The JUnit 5 extension behind {@link WithLocalIdp}.
 *
 * @since 0.1.0
 */
public final class LocalIdpExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalIdpExtension.class);

    /** Created by JUnit. */
    public LocalIdpExtension() {}

    private record Running(LocalIdp idp, Map<String, String> previous) {}

    @Override
    public void beforeAll(ExtensionContext context) {
        WithLocalIdp settings = context.getRequiredTestClass().getAnnotation(WithLocalIdp.class);
        String path = settings == null ? "/realms/test" : settings.issuerPath();
        LocalIdp idp = LocalIdp.builder().issuerPath(path).start();
        Map<String, String> previous = new HashMap<>();
        if (settings == null || settings.systemProperties()) {
            Map<String, String> props = new HashMap<>(idp.configProperties());
            if (settings != null && !settings.audience().isEmpty()) {
                props.put("mp.jwt.verify.audiences", settings.audience());
            }
            if (settings != null && settings.minRefetchInterval().isEmpty()) {
                props.remove(LocalIdp.MIN_REFETCH_INTERVAL);
            } else if (settings != null) {
                props.put(LocalIdp.MIN_REFETCH_INTERVAL, settings.minRefetchInterval());
            }
            props.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
        }
        context.getStore(NAMESPACE).put(Running.class, new Running(idp, previous));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Running running = context.getStore(NAMESPACE).remove(Running.class, Running.class);
        if (running == null) {
            return;
        }
        running.previous().forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
        running.idp().close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        idp(context).recover();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalIdp.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return idp(context);
    }

    private static LocalIdp idp(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Running running = c.getStore(NAMESPACE).get(Running.class, Running.class);
            if (running != null) {
                return running.idp();
            }
        }
        throw new ParameterResolutionException("no LocalIdp: annotate the test class with @WithLocalIdp");
    }
}
