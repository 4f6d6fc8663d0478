package dev.portcullis.samples.orders;

import dev.portcullis.jaxrs.Introspected;
import dev.portcullis.jaxrs.RequiresAuthentication;
import dev.portcullis.jaxrs.RequiresScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Orders: reading needs {@code read:orders}, creating needs {@code write:orders}; cancelling needs
 * {@code write:orders} and a recent, strong sign-in (RFC 9470 step-up): the token's {@code acr} must
 * be {@code gold} (as Keycloak's "acr to LoA" mapping names its levels) and its {@code auth_time} at
 * most 5 minutes ago; a refund needs {@code write:orders} and a token the identity provider still calls
 * active (introspection, RFC 7662: a revoked token is refused at once there, while the other endpoints
 * accept it until it expires).
 */
@Path("api/orders")
@ApplicationScoped
public class OrdersResource {
    private final List<String> orders = new CopyOnWriteArrayList<>(List.of("coffee beans", "oat milk"));

    @GET
    @RequiresScope("read:orders")
    @Produces(MediaType.APPLICATION_JSON)
    public String list() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < orders.size(); i++) {
            b.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(orders.get(i).replace("\"", ""))
                    .append('"');
        }
        return b.append(']').toString();
    }

    @POST
    @RequiresScope("write:orders")
    @Consumes({MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String item, @Context SecurityContext security) {
        String clean = item == null ? "" : item.strip().replaceAll("[^\\p{Alnum} ]", "");
        if (clean.isEmpty() || clean.length() > 100) {
            return Response.status(400)
                    .entity("{\"error\":\"an order is 1 to 100 letters or digits\"}")
                    .build();
        }
        orders.add(clean);
        return Response.status(201)
                .entity("{\"created\":\"" + clean + "\",\"by\":\""
                        + security.getUserPrincipal().getName().replace("\"", "") + "\"}")
                .build();
    }

    @DELETE
    @Path("{item}")
    @RequiresScope("write:orders")
    @RequiresAuthentication(acr = "gold", maxAge = 300)
    @Produces(MediaType.APPLICATION_JSON)
    public Response cancel(@PathParam("item") String item) {
        return orders.remove(item)
                ? Response.noContent().build()
                : Response.status(404).entity("{\"error\":\"no such order\"}").build();
    }

    @POST
    @Path("refunds")
    @RequiresScope("write:orders")
    @Introspected
    @Consumes({MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Response refund(String item) {
        String clean = item == null ? "" : item.strip().replaceAll("[^\\p{Alnum} ]", "");
        if (clean.isEmpty() || clean.length() > 100) {
            return Response.status(400)
                    .entity("{\"error\":\"a refund names 1 to 100 letters or digits\"}")
                    .build();
        }
        return Response.status(201).entity("{\"refunded\":\"" + clean + "\"}").build();
    }
}
