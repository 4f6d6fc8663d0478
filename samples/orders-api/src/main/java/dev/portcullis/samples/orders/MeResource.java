package dev.portcullis.samples.orders;

import dev.portcullis.core.VerifiedToken;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Collection;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Who is calling: any valid token (unannotated resources need one by default). */
@Path("api/me")
@RequestScoped
public class MeResource {
    @Inject
    VerifiedToken token;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String me() {
        return "{\"subject\":\"" + clean(token.subject().orElse("")) + "\",\"scopes\":" + array(token.scopes())
                + ",\"roles\":" + array(token.roles()) + ",\"expiresAt\":\"" + token.expiresAt() + "\"}";
    }

    private static String array(Collection<String> values) {
        return new TreeSet<>(values)
                .stream().map(v -> "\"" + clean(v) + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private static String clean(String s) {
        return s.replace("\\", "").replace("\"", "");
    }
}
