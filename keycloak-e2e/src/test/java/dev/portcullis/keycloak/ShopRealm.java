package dev.portcullis.keycloak;

import dev.portcullis.core.ValidatorConfig;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A realm made by {@link KeycloakAdmin#createShopRealm(String)}: its URLs, its clients' secrets,
 * and token requests to it, as an application's clients would make them.
 */
final class ShopRealm {
    /** The usual realm name; tests that change keys or stop Keycloak use realms of their own. */
    static final String SHOP = "shop";
    /** Confidential client whose access tokens name the audience {@link #AUDIENCE}. */
    static final String ORDERS_CLIENT = "orders-client";
    /** Confidential client without the audience mapper: its tokens name only {@code account}. */
    static final String OTHER_CLIENT = "other-client";

    static final String AUDIENCE = "orders-api";
    static final String READ_ORDERS = "read:orders";
    static final String WRITE_ORDERS = "write:orders";
    static final String ALICE = "alice";
    static final String ROLE = "clerk";
    /** Where Keycloak puts realm roles. */
    static final String ROLES_CLAIM = "realm_access.roles";

    private final URI base;
    private final String name;
    private final Map<String, String> secrets;
    private final String alicePassword;

    ShopRealm(URI base, String name, Map<String, String> secrets, String alicePassword) {
        this.base = Objects.requireNonNull(base, "base");
        this.name = Objects.requireNonNull(name, "name");
        this.secrets = Map.copyOf(secrets);
        this.alicePassword = Objects.requireNonNull(alicePassword, "alicePassword");
    }

    String name() {
        return name;
    }

    /** {@code http://127.0.0.1:<port>/realms/<name>}: the {@code iss} of its tokens (requests go to 127.0.0.1). */
    String issuer() {
        return base + "/realms/" + name;
    }

    URI jwksUri() {
        return URI.create(issuer() + "/protocol/openid-connect/certs");
    }

    URI tokenEndpoint() {
        return URI.create(issuer() + "/protocol/openid-connect/token");
    }

    /**
     * The settings an application protecting {@code orders-api} would use, as properties: issuer,
     * audience, Keycloak's roles claim and, if {@code keysUrl}, the JWKS URL (else discovery).
     */
    Map<String, String> validatorProperties(boolean keysUrl) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("mp.jwt.verify.issuer", issuer());
        properties.put("mp.jwt.verify.audiences", AUDIENCE);
        properties.put("portcullis.roles.claim", ROLES_CLAIM);
        if (keysUrl) {
            properties.put("mp.jwt.verify.publickey.location", jwksUri().toString());
        }
        return properties;
    }

    /** A configuration builder with issuer, audience {@code orders-api}, roles claim and JWKS URL set. */
    ValidatorConfig.Builder validatorConfig() {
        return ValidatorConfig.builder()
                .issuer(issuer())
                .audiences(AUDIENCE)
                .rolesClaim(ROLES_CLAIM)
                .publicKeyLocation(jwksUri().toString());
    }

    /** The validator configuration read from {@link #validatorProperties(boolean)}. */
    ValidatorConfig validatorConfigFromProperties(boolean keysUrl) {
        Map<String, String> properties = validatorProperties(keysUrl);
        return ValidatorConfig.fromProperties(key -> Optional.ofNullable(properties.get(key)));
    }

    URI introspectionEndpoint() {
        return URI.create(issuer() + "/protocol/openid-connect/token/introspect");
    }

    /** Revokes an access token at the RFC 7009 endpoint, as the client that holds it ({@code clientId}). */
    void revoke(String clientId, String accessToken) {
        Map<String, String> form = client(clientId, "unused");
        form.remove("grant_type");
        form.put("token", accessToken);
        form.put("token_type_hint", "access_token");
        Http.expectOk(Http.request(URI.create(issuer() + "/protocol/openid-connect/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(form))
                .build());
    }

    /** An access token of {@code clientId} (its service account), with the optional scopes asked for. */
    String clientCredentialsToken(String clientId, String... scopes) {
        Map<String, String> form = client(clientId, "client_credentials", scopes);
        return requestToken(form);
    }

    /**
     * A DPoP-bound access token of {@code clientId} (RFC 9449 §5): the token request carries a proof
     * signed by {@code client} for {@code POST} to the token endpoint, so Keycloak binds the token to
     * its key ({@code cnf.jkt}).
     */
    String dpopClientCredentialsToken(dev.portcullis.testkit.DpopProof client, String clientId, String... scopes) {
        String proof = client.method("POST").uri(tokenEndpoint().toString()).build();
        Http.Response response = Http.expectOk(Http.request(tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("DPoP", proof)
                .POST(Http.form(client(clientId, "client_credentials", scopes)))
                .build());
        Map<String, Object> answer = Http.object(response.body());
        if (!"DPoP".equals(answer.get("token_type")) || !(answer.get("access_token") instanceof String s)) {
            throw new IllegalStateException("no DPoP-bound access_token from " + tokenEndpoint() + " (token_type "
                    + answer.get("token_type") + ")");
        }
        return s;
    }

    /** An access token of {@code alice}, obtained by {@code clientId} with the password grant. */
    String aliceToken(String clientId, String... scopes) {
        Map<String, String> form = client(clientId, "password", scopes);
        form.put("username", ALICE);
        form.put("password", alicePassword);
        return requestToken(form);
    }

    /** The JWK Set the realm publishes, as text. */
    String jwks() {
        return Http.expectOk(Http.request(jwksUri()).GET().build()).body();
    }

    private Map<String, String> client(String clientId, String grantType, String... scopes) {
        String secret = secrets.get(clientId);
        if (secret == null) {
            throw new IllegalArgumentException(
                    "no client " + clientId + " in realm " + name + "; clients: " + secrets.keySet());
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", grantType);
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        if (scopes.length > 0) {
            form.put("scope", String.join(" ", scopes));
        }
        return form;
    }

    private String requestToken(Map<String, String> form) {
        Http.Response response = Http.expectOk(Http.request(tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(form))
                .build());
        Object token = Http.object(response.body()).get("access_token");
        if (!(token instanceof String s)) {
            throw new IllegalStateException("no access_token in the answer of " + tokenEndpoint());
        }
        return s;
    }

    @Override
    public String toString() {
        return "ShopRealm[" + issuer() + "]";
    }
}
