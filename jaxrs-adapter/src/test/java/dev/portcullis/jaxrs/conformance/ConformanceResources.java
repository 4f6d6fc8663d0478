package dev.portcullis.jaxrs.conformance;

import dev.portcullis.jaxrs.DpopRequired;
import dev.portcullis.jaxrs.Introspected;
import dev.portcullis.jaxrs.RequiresAuthentication;
import dev.portcullis.jaxrs.RequiresScope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The JAX-RS side of the conformance WARs: the same paths, under {@code /api}, that the filter WAR
 * protects by {@code portcullis.filter.*} settings ({@link ConformanceWars}).
 */
public final class ConformanceResources {
    private ConformanceResources() {}

    @ApplicationPath("api")
    public static class App extends Application {}

    @Path("")
    public static class Endpoints {
        @GET
        @Path("plain")
        public String plain() {
            return "plain";
        }

        @GET
        @Path("scoped")
        @RequiresScope("read:orders")
        public String scoped() {
            return "scoped";
        }

        @GET
        @Path("introspected")
        @Introspected
        public String introspected() {
            return "introspected";
        }

        @GET
        @Path("roles")
        @RolesAllowed("clerk")
        public String roles() {
            return "roles";
        }

        @GET
        @Path("strong")
        @RequiresAuthentication(acr = {"urn:gold", "urn:platinum"})
        public String strong() {
            return "strong";
        }

        @GET
        @Path("recent")
        @RequiresAuthentication(maxAge = 300)
        public String recent() {
            return "recent";
        }

        @POST
        @Path("form")
        @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
        public String form(String body) {
            return "form:" + body.length();
        }

        @GET
        @Path("dpop")
        @DpopRequired
        public String dpop() {
            return "dpop";
        }

        @GET
        @Path("me")
        public String me(@Context SecurityContext security) {
            return Caller.describe(
                    security.getUserPrincipal(), security.getAuthenticationScheme(), security::isUserInRole);
        }

        @GET
        @Path("echo/{rest: [\\s\\S]*}")
        public String echo() {
            return "echo";
        }
    }
}
