package dev.portcullis.jaxrs;

import dev.portcullis.core.IntrospectionConfig;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The token of a request to this resource method (or every method of this resource class) is
 * introspected (RFC 7662) as {@link #value()} says, whatever {@code portcullis.introspection} says
 * for its issuer: {@code JWT} (default) asks the identity provider whether a locally valid JWT is still
 * active, so a revoked one is answered {@code 401 invalid_token}; {@code OPAQUE} accepts tokens that are
 * not JWTs by introspection alone; {@code ALL} both; {@code OFF} none (a method can opt out of its
 * class's). A method's annotation overrides its class's. Introspection needs its client settings
 * ({@code portcullis.introspection.client-id} ...); an endpoint that cannot be asked gives 503.
 *
 * <pre>{@code
 * @POST @Path("transfer")
 * @Introspected
 * public Response transfer(...) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Introspected {
    /** Which tokens are introspected. */
    IntrospectionConfig.Mode value() default IntrospectionConfig.Mode.JWT;
}
