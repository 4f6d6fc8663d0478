package dev.portcullis.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The OAuth scopes a resource method (or every method of a resource class) needs. A method's
 * annotation overrides its class's. A token lacking them is answered {@code 403} with
 * {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="..."}.
 *
 * <pre>{@code
 * @GET
 * @RequiresScope("read:orders")
 * public List<Order> orders() { ... }
 *
 * @DELETE
 * @RequiresScope(value = {"admin:orders", "write:orders"}, match = RequiresScope.Match.ANY)
 * public void cancel(...) { ... }
 * }</pre>
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {
    /** The scopes (exact, case-sensitive). */
    String[] value();

    /** Whether all the scopes are needed (default) or any one of them. */
    Match match() default Match.ALL;

    /** How the scopes combine. */
    enum Match {
        /** Every scope is needed. */
        ALL,
        /** One of the scopes suffices. */
        ANY
    }
}
