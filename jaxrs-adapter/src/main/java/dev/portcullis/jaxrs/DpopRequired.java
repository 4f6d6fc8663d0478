package dev.portcullis.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The resource method (or every method of the resource class) accepts only DPoP-bound access
 * tokens presented with their proof (RFC 9449): {@code Authorization: DPoP <token>} and a
 * {@code DPoP} header. A bearer token is answered {@code 401} with the {@code DPoP} challenge. This
 * wins over the issuer's and the global {@code portcullis.dpop} setting; it also makes an
 * unannotated method need a token.
 *
 * <pre>{@code
 * @POST
 * @DpopRequired
 * @RequiresScope("write:orders")
 * public Response place(Order order) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface DpopRequired {}
