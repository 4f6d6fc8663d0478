package dev.portcullis.keycloak;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Reads a compact JWS's header or claims without verifying anything: for assertions on what Keycloak issued. */
final class Jwts {
    private Jwts() {}

    static Map<String, Object> header(String token) {
        String encoded = token.substring(0, token.indexOf('.'));
        return Http.object(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
    }

    /** The claims, unverified. */
    static Map<String, Object> claims(String token) {
        String encoded = token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'));
        return Http.object(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
    }

    static String kid(String token) {
        return (String) header(token).get("kid");
    }
}
