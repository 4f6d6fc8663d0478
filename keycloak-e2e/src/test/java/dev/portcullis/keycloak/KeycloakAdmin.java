package dev.portcullis.keycloak;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Keycloak's admin REST API, as far as the tests need it: realms set up like a shop, signing keys
 * added and removed. Logs in to {@code master} with {@code admin-cli} and the bootstrap administrator,
 * and logs in again when the token (60 s in {@code master}) is about to expire. Thread-safe.
 */
final class KeycloakAdmin {
    private static final String KEY_PROVIDER = "org.keycloak.keys.KeyProvider";

    private final URI base;
    private final String username;
    private final String password;
    private String accessToken;
    private Instant renewAt = Instant.MIN;

    KeycloakAdmin(URI base, String username, String password) {
        this.base = Objects.requireNonNull(base, "base");
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
    }

    /** The administrator of the build's Keycloak ({@code keycloak.port}), e.g. for a {@code @BeforeAll}. */
    static KeycloakAdmin fromSystemProperties() {
        return of(KeycloakServer.fromSystemProperties());
    }

    static KeycloakAdmin of(KeycloakServer server) {
        return new KeycloakAdmin(server.baseUri(), KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
    }

    /** An access token of the administrator, issued by the {@code master} realm (not by any shop realm). */
    synchronized String accessToken() {
        if (accessToken == null || Instant.now().isAfter(renewAt)) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "password");
            form.put("client_id", "admin-cli");
            form.put("username", username);
            form.put("password", password);
            Map<String, Object> answer =
                    Http.object(Http.expectOk(Http.request(base.resolve("/realms/master/protocol/openid-connect/token"))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(Http.form(form))
                                    .build())
                            .body());
            accessToken = (String) answer.get("access_token");
            long lifetime = ((Number) answer.get("expires_in")).longValue();
            renewAt = Instant.now().plusSeconds(Math.max(0, lifetime - 15));
        }
        return accessToken;
    }

    /**
     * Creates realm {@code name} set up as the README's Keycloak example, replacing a realm of that name
     * left by an earlier run (the data directory outlives the JVM):
     * <ul>
     *   <li>access tokens live 1 h; realm role {@code clerk};</li>
     *   <li>client scopes {@code read:orders} and {@code write:orders}, optional for both clients: a
     *       token has them only when requested with {@code scope=};</li>
     *   <li>{@code orders-client}: confidential, client credentials and password grant, with an
     *       audience mapper adding {@code orders-api} to its access tokens;</li>
     *   <li>{@code other-client}: the same without the audience mapper;</li>
     *   <li>user {@code alice} with realm role {@code clerk}.</li>
     * </ul>
     * Keycloak adds its defaults: audience {@code account}, {@code realm_access.roles}, and one RS256
     * signing key, one RSA-OAEP encryption key (both in the JWKS), HS512 and AES keys (not published).
     */
    ShopRealm createShopRealm(String name) {
        deleteRealm(name);
        post("/admin/realms", Map.of("realm", name, "enabled", true, "accessTokenLifespan", 3600));
        post(realmPath(name) + "/roles", Map.of("name", ShopRealm.ROLE));
        String readScope = createClientScope(name, ShopRealm.READ_ORDERS);
        String writeScope = createClientScope(name, ShopRealm.WRITE_ORDERS);

        Map<String, String> secrets = new LinkedHashMap<>();
        for (String clientId : List.of(ShopRealm.ORDERS_CLIENT, ShopRealm.OTHER_CLIENT)) {
            String secret = UUID.randomUUID().toString();
            String id = createClient(name, clientId, secret, clientId.equals(ShopRealm.ORDERS_CLIENT));
            for (String scope : List.of(readScope, writeScope)) {
                put(realmPath(name) + "/clients/" + id + "/optional-client-scopes/" + scope);
            }
            secrets.put(clientId, secret);
        }

        String alicePassword = UUID.randomUUID().toString();
        Map<String, Object> alice = new LinkedHashMap<>();
        alice.put("username", ShopRealm.ALICE);
        alice.put("enabled", true);
        // the default user profile requires these before it lets a password grant through
        alice.put("email", "alice@example.com");
        alice.put("emailVerified", true);
        alice.put("firstName", "Alice");
        alice.put("lastName", "Liddell");
        alice.put("credentials", List.of(Map.of("type", "password", "value", alicePassword, "temporary", false)));
        String aliceId = post(realmPath(name) + "/users", alice).createdId();
        Map<String, Object> clerk = get(realmPath(name) + "/roles/" + ShopRealm.ROLE);
        Http.expectOk(admin(realmPath(name) + "/users/" + aliceId + "/role-mappings/realm")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        Http.json(List.of(Map.of("id", clerk.get("id"), "name", clerk.get("name"))))))
                .build());

        return new ShopRealm(base, name, secrets, alicePassword);
    }

    private String createClientScope(String realm, String scope) {
        return post(
                        realmPath(realm) + "/client-scopes",
                        Map.of(
                                "name",
                                scope,
                                "protocol",
                                "openid-connect",
                                "attributes",
                                Map.of("include.in.token.scope", "true", "display.on.consent.screen", "false")))
                .createdId();
    }

    private String createClient(String realm, String clientId, String secret, boolean audienceMapper) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("enabled", true);
        client.put("publicClient", false);
        client.put("secret", secret);
        client.put("serviceAccountsEnabled", true);
        client.put("directAccessGrantsEnabled", true);
        client.put("standardFlowEnabled", false);
        if (audienceMapper) {
            client.put(
                    "protocolMappers",
                    List.of(Map.of(
                            "name",
                            ShopRealm.AUDIENCE + " audience",
                            "protocol",
                            "openid-connect",
                            "protocolMapper",
                            "oidc-audience-mapper",
                            "config",
                            Map.of(
                                    "included.custom.audience", ShopRealm.AUDIENCE,
                                    "access.token.claim", "true",
                                    "id.token.claim", "false",
                                    "introspection.token.claim", "true"))));
        }
        return post(realmPath(realm) + "/clients", client).createdId();
    }

    /**
     * Creates the resource server's own confidential client, named as the audience its tokens carry
     * ({@link ShopRealm#AUDIENCE}), no flows: what it introspects as. Keycloak answers an introspection
     * {@code active: false} unless the introspecting client is in the token's {@code aud}.
     *
     * @return its secret
     */
    String createResourceServerClient(String realm) {
        return createResourceServerClient(realm, UUID.randomUUID().toString());
    }

    /**
     * {@link #createResourceServerClient(String)} with a secret chosen beforehand, e.g. when the
     * application's configuration is written before the realm exists.
     *
     * @return {@code secret}
     */
    String createResourceServerClient(String realm, String secret) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", ShopRealm.AUDIENCE);
        client.put("enabled", true);
        client.put("publicClient", false);
        client.put("secret", secret);
        client.put("serviceAccountsEnabled", false);
        client.put("directAccessGrantsEnabled", false);
        client.put("standardFlowEnabled", false);
        post(realmPath(realm) + "/clients", client);
        return secret;
    }

    /** Deletes a realm if it exists. */
    void deleteRealm(String name) {
        Http.Response response = Http.send(admin(realmPath(name)).DELETE().build());
        if (!response.ok() && response.status() != 404) {
            throw new IllegalStateException(
                    "DELETE realm " + name + " answered " + response.status() + ": " + response.body());
        }
    }

    /**
     * Adds an RSA signing key ({@code rsa-generated} provider, RS256, 2048 bits). With a priority
     * above the others' (Keycloak's default key has 100) it signs every new token at once; the keys
     * before it stay published and keep verifying.
     *
     * @return the id of the key provider component, for {@link #removeKeyProvider}
     */
    String addRsaSigningKey(String realm, String name, int priority) {
        Map<String, Object> component = new LinkedHashMap<>();
        component.put("name", name);
        component.put("providerId", "rsa-generated");
        component.put("providerType", KEY_PROVIDER);
        component.put("parentId", get(realmPath(realm)).get("id"));
        component.put(
                "config",
                Map.of(
                        "priority", List.of(Integer.toString(priority)),
                        "keySize", List.of("2048"),
                        "algorithm", List.of("RS256")));
        return post(realmPath(realm) + "/components", component).createdId();
    }

    /** Removes a key provider: its key is neither used nor published any more. */
    void removeKeyProvider(String realm, String componentId) {
        Http.expectOk(
                admin(realmPath(realm) + "/components/" + componentId).DELETE().build());
    }

    /**
     * One of a realm's keys, as the admin API lists them.
     *
     * @param providerId the id of the key provider component holding it
     * @param use {@code SIG} or {@code ENC}
     * @param status {@code ACTIVE}, {@code PASSIVE} or {@code DISABLED}
     */
    record RealmKey(String kid, String algorithm, String use, String providerId, long priority, String status) {}

    /** All keys of a realm (signing and encryption, published or not). */
    List<RealmKey> keys(String realm) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys =
                (List<Map<String, Object>>) get(realmPath(realm) + "/keys").get("keys");
        return keys.stream()
                .map(k -> new RealmKey(
                        (String) k.get("kid"),
                        (String) k.get("algorithm"),
                        (String) k.get("use"),
                        (String) k.get("providerId"),
                        ((Number) k.get("providerPriority")).longValue(),
                        (String) k.get("status")))
                .toList();
    }

    /** The key that signs new tokens with {@code algorithm}, e.g. {@code RS256}. */
    String activeKeyId(String realm, String algorithm) {
        @SuppressWarnings("unchecked")
        Map<String, Object> active =
                (Map<String, Object>) get(realmPath(realm) + "/keys").get("active");
        return (String) Objects.requireNonNull(active.get(algorithm), "no active " + algorithm + " key in " + realm);
    }

    /** The key provider component holding {@code kid}. */
    String providerOf(String realm, String kid) {
        return keys(realm).stream()
                .filter(k -> kid.equals(k.kid()))
                .map(RealmKey::providerId)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no key " + kid + " in realm " + realm));
    }

    /**
     * Sets the realm's "acr to LoA" mapping ({@code acr.loa.map}, e.g. silver 1, gold 2): afterwards
     * its tokens carry the name of their level as {@code acr}. GET, modify, PUT (a partial PUT
     * loses other attributes).
     */
    void mapAcrToLoa(String realm, Map<String, Integer> levels) {
        Map<String, Object> representation = new LinkedHashMap<>(get(realmPath(realm)));
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (representation.get("attributes") instanceof Map<?, ?> existing) {
            existing.forEach((k, v) -> attributes.put((String) k, v));
        }
        attributes.put("acr.loa.map", Http.json(levels));
        representation.put("attributes", attributes);
        Http.expectOk(admin(realmPath(realm))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Http.json(representation)))
                .build());
    }

    private static String realmPath(String realm) {
        return "/admin/realms/" + realm;
    }

    private HttpRequest.Builder admin(String path) {
        return Http.request(base.resolve(path)).header("Authorization", "Bearer " + accessToken());
    }

    private Map<String, Object> get(String path) {
        return Http.object(Http.expectOk(admin(path).GET().build()).body());
    }

    private Http.Response post(String path, Map<String, ?> body) {
        return Http.expectOk(admin(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.json(body)))
                .build());
    }

    private void put(String path) {
        Http.expectOk(admin(path).PUT(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Override
    public String toString() {
        return "KeycloakAdmin[" + base + "]";
    }
}
