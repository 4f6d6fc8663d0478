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
 * {@code mp.jwt.verify.publickey.location}, {@code portcullis.jwks.min-refetch-interval} (see
 * {@link #minRefetchInterval()}) and, if {@link #audience()} is set, {@code mp.jwt.verify.audiences}.
 * Previous values are restored afterwards. Before each test the provider's failure mode is reset to
 * {@link LocalIdp.Failure#NONE}.
 *
 * <p>A validator built from these settings ({@code ValidatorConfig.from(System::getProperty)}) may
 * fetch the keys for every unknown {@code kid}, so a test can {@link LocalIdp#rotate() rotate} and
 * validate a token of the new key at once.
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
 *
 * @since 0.1.0
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

    /**
     * Published as {@code portcullis.jwks.min-refetch-interval}: {@code 0} (the default) lets a
     * rotation be followed at once; empty publishes nothing, so the application's own setting (10 s
     * by default) applies, e.g. to test that tokens of a key published within that interval are
     * answered 503 with {@code Retry-After}.
     */
    String minRefetchInterval() default "0";

    /** Whether to publish the settings as system properties. */
    boolean systemProperties() default true;
}
