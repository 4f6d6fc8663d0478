package dev.portcullis.jaxrs;

import dev.portcullis.core.http.AccessRequirement;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Optional;

/**
 * Binds a {@link BearerAuthenticationFilter} to every resource method that is not public, at
 * {@link Priorities#AUTHENTICATION}, with the requirement its annotations describe
 * ({@link RequiresScope}, {@code @RolesAllowed}, {@code @PermitAll}, {@code @DenyAll}). Discovered
 * automatically when the jar is in the application.
 *
 * <p>Settings (read by {@code dev.portcullis.core.Settings}, as the servlet filter reads them):
 * {@code portcullis.jaxrs.default} = {@code authenticated} (default: every unannotated resource
 * needs a valid token) or {@code public}; {@code portcullis.realm} (default: the context root,
 * {@code api} for the root context). Where the servlet filter is not deployed, this jar's
 * {@link MetadataServlet} serves the protected-resource metadata ({@code portcullis.resource.*}).
 *
 * <pre>{@code
 * @Path("orders")
 * @RequiresScope("read:orders")                 // every method needs read:orders...
 * public class OrdersResource {
 *     @GET
 *     public List<Order> list(@Context SecurityContext security) { ... }
 *
 *     @POST
 *     @RequiresScope("write:orders")             // ...a method's annotation overrides the class's
 *     public Response create(Order order) { ... }
 *
 *     @GET @Path("count")
 *     @PermitAll                                 // public
 *     public long count() { ... }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@Provider
public final class PortcullisFeature implements DynamicFeature {
    /** Created by the JAX-RS runtime. */
    public PortcullisFeature() {}

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Class<?> resource = resourceInfo.getResourceClass();
        Method method = resourceInfo.getResourceMethod();
        if (resource == null || method == null) {
            return;
        }
        String mode = Validators.settings()
                .get("portcullis.jaxrs.default")
                .orElse("authenticated")
                .toLowerCase(Locale.ROOT);
        if (!mode.equals("authenticated") && !mode.equals("public")) {
            throw new IllegalArgumentException(
                    "portcullis.jaxrs.default='" + mode + "': expected authenticated or public");
        }
        Optional<AccessRequirement> need = Policy.of(resource, method, mode.equals("authenticated"));
        need.ifPresent(n -> {
            Validators.scopesNamed(n.scopes());
            context.register(new BearerAuthenticationFilter(n), Priorities.AUTHENTICATION);
        });
    }
}
