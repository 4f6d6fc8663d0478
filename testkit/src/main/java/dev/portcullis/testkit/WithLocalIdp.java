package dev.portcullis.testkit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a {@link LocalIdp} on a free loopback port for the annotated test class, hands it to test
 * methods, constructors and {@code @BeforeAll} methods as a {@code LocalIdp} parameter, and publishes
 * its settings for the application under test as system properties (read by MicroProfile Config
 * and by Portcullis' servlet filter): {@code mp.jwt.verify.issuer},
 * {@code mp.jwt.verify.publickey.location} and, if {@link #audience()} is set,
 * {@code mp.jwt.verify.audiences}. Previous values are restored afterwards. Before each test the
 * provider's failure mode is reset to {@link LocalIdp.Failure#NONE}.
 *
 * <pre>{@code
 * @WithLocalIdp(audience = "orders-api")
 * class OrdersTest {
 *     @Test
 *     void readsOrders(LocalIdp idp) {
 *         String token = idp.token().scope("read:orders").build();
 *         // call the application with "Authorization: Bearer " + token
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(LocalIdpExtension.class)
public @interface WithLocalIdp {
    /** The issuer path, e.g. {@code /realms/test} (the issuer is {@code http://127.0.0.1:<port><path>}). */
    String issuerPath() default "/realms/test";

    /** If not empty, published as {@code mp.jwt.verify.audiences}. */
    String audience() default "";

    /** Whether to publish the settings as system properties. */
    boolean systemProperties() default true;
}
