package dev.portcullis.keycloak;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The orders-api sample WAR as the build made it ({@code orders.war}), unchanged but for its
 * MicroProfile Config: the properties a Keycloak user would set, as the README tells them.
 */
final class OrdersApiWar {
    private OrdersApiWar() {}

    /**
     * The sample under {@code name} (its context root), configured with {@code properties} only.
     *
     * @param name the archive name without {@code .war}
     */
    static WebArchive configuredWith(String name, Map<String, String> properties) {
        WebArchive sample = ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("orders.war")));
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war").merge(sample);
        war.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
        String config = properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        return war.addAsResource(new StringAsset(config), "META-INF/microprofile-config.properties");
    }

    /**
     * The sample under {@code name}, set up for realm {@code realm} of the build's Keycloak as the
     * README tells Keycloak users (issuer, audience {@code orders-api}, roles from
     * {@code realm_access.roles}), plus {@code extra} properties.
     */
    static WebArchive forRealm(String name, String realm, Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("mp.jwt.verify.issuer", issuerOf(realm));
        properties.put("mp.jwt.verify.audiences", ShopRealm.AUDIENCE);
        properties.put("portcullis.roles.claim", ShopRealm.ROLES_CLAIM);
        properties.putAll(extra);
        return configuredWith(name, properties);
    }

    /** The issuer of realm {@code realm} of the build's Keycloak, known before the realm exists. */
    static String issuerOf(String realm) {
        return "http://127.0.0.1:" + System.getProperty("keycloak.port") + "/realms/" + realm;
    }
}
