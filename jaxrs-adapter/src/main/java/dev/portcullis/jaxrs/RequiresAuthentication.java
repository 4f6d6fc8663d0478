package dev.portcullis.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How strong and how recent the user's authentication behind the token must be for a resource
 * method (or every method of a resource class; a method's annotation overrides its class's):
 * RFC 9470 step-up. A token whose {@code acr} is none of {@link #acr()}, or whose {@code auth_time}
 * is more than {@link #maxAge()} seconds ago (plus the clock-skew leeway), or that lacks the claim a
 * rule needs, is answered {@code 401} with
 * {@code WWW-Authenticate: Bearer error="insufficient_user_authentication", acr_values="...", max_age=...},
 * after the scope and role checks.
 *
 * <pre>{@code
 * @DELETE
 * @Path("{id}")
 * @RequiresAuthentication(acr = "urn:example:mfa", maxAge = 300)
 * public void cancel(@PathParam("id") String id) { ... }
 * }</pre>
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresAuthentication {
    /** The {@code acr} values, one of which the token's must be; empty: any. */
    String[] acr() default {};

    /** The longest time since the user authenticated, in seconds; negative: any. */
    long maxAge() default -1;
}
