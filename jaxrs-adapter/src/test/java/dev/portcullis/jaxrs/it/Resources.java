package dev.portcullis.jaxrs.it;

import dev.portcullis.core.BearerPrincipal;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.jaxrs.RequiresScope;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The annotated resources the JAX-RS integration tests call. */
public final class Resources {
    private Resources() {}

    @ApplicationPath("api")
    public static class RestApp extends Application {}

    @Path("scoped")
    @RequiresScope("read:orders")
    public static class Scoped {
        @GET
        public String inherited() {
            return "inherited";
        }

        @GET
        @Path("any")
        @RequiresScope(
                value = {"write:orders", "admin:orders"},
                match = RequiresScope.Match.ANY)
        public String any() {
            return "any";
        }

        @GET
        @Path("all")
        @RequiresScope({"read:orders", "write:orders"})
        public String all() {
            return "all";
        }

        @GET
        @Path("open")
        @PermitAll
        public String open() {
            return "open";
        }
    }

    @Path("roles")
    @RolesAllowed("clerk")
    public static class Roles {
        @GET
        public String clerk() {
            return "clerk";
        }

        @GET
        @Path("admin")
        @RolesAllowed("admin")
        public String admin() {
            return "admin";
        }

        @GET
        @Path("denied")
        @DenyAll
        public String denied() {
            return "denied";
        }

        @GET
        @Path("public")
        @PermitAll
        public String everyone() {
            return "public";
        }
    }

    @Path("plain")
    @RequestScoped
    public static class Plain {
        @Inject
        VerifiedToken token;

        @Inject
        BearerPrincipal principal;

        @GET
        public String whoami(@Context SecurityContext security) {
            return "name=" + security.getUserPrincipal().getName()
                    + ";bearer=" + (security.getUserPrincipal() instanceof BearerPrincipal)
                    + ";clerk=" + security.isUserInRole("clerk")
                    + ";secure=" + security.isSecure()
                    + ";scheme=" + security.getAuthenticationScheme()
                    + ";injected="
                    + (token == null
                            ? "null"
                            : token.subject().orElse("?") + "/" + token.issuer().startsWith("http"))
                    + ";principal=" + (principal == null ? "null" : principal.getName());
        }

        @GET
        @Path("boom")
        public String boom() {
            throw new IllegalStateException("boom");
        }
    }

    /** A user mapper that would turn any exception into a 500: refusals must never pass through it. */
    @Provider
    public static class CatchAll implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            return Response.status(500).entity("mapped").build();
        }
    }
}
