package dev.portcullis.jaxrs;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.HandlesTypes;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;

/**
 * Finds, when the application starts, the scopes its resources name in {@link RequiresScope}, so that
 * the metadata's {@code scopes_supported} is complete even before the JAX-RS runtime has configured
 * its resources (which some servers do on the first request). Registered in
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}.
 *
 * @since 0.1.0
 */
@HandlesTypes(RequiresScope.class)
public final class ScopeScan implements ServletContainerInitializer {
    /** Created by the container. */
    public ScopeScan() {}

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if (classes == null) {
            return;
        }
        for (Class<?> c : classes) {
            try {
                add(c.getAnnotation(RequiresScope.class));
                for (Method m : c.getDeclaredMethods()) {
                    add(m.getAnnotation(RequiresScope.class));
                }
            } catch (RuntimeException | LinkageError e) {
                // a class that cannot be inspected names no scope here; its resources still add theirs when configured
            }
        }
    }

    private static void add(RequiresScope scope) {
        if (scope != null) {
            Validators.scopesNamed(Arrays.asList(scope.value()));
        }
    }
}
