package dev.portcullis.keycloak;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test class against the one Keycloak of the test run: started before the first annotated
 * class (the boot is paid once), started again before a class if an earlier one left it stopped,
 * and stopped when the run ends, also when tests fail. Test methods, constructors and
 * {@code @BeforeAll} methods get a {@link KeycloakServer} or {@link KeycloakAdmin} parameter.
 *
 * <pre>{@code
 * @WithKeycloak
 * class OrdersIT {
 *     static ShopRealm shop;
 *
 *     @BeforeAll
 *     static void realm(KeycloakAdmin admin) {
 *         shop = admin.createShopRealm(ShopRealm.SHOP);
 *     }
 *
 *     @Test
 *     void readsOrders() {
 *         String token = shop.clientCredentialsToken(ShopRealm.ORDERS_CLIENT, ShopRealm.READ_ORDERS);
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(KeycloakExtension.class)
@interface WithKeycloak {}
