package dev.portcullis.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The RFC 7638 SHA-256 thumbprint of a public JWK, base64url without padding: the hash of the JSON
 * object of the key type's required members only, in lexicographic order, without blanks
 * ({@code RSA}: {@code e}, {@code kty}, {@code n}; {@code EC}: {@code crv}, {@code kty}, {@code x},
 * {@code y}; {@code OKP}: {@code crv}, {@code kty}, {@code x}). Members are taken as the JWK
 * carries them, so the thumbprint is what the client (and the issuer's {@code cnf.jkt}) computed.
 */
final class JwkThumbprint {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private JwkThumbprint() {}

    /** The thumbprint, or null if a required member is absent, not a string, or would need JSON escaping. */
    static String of(Map<String, Object> jwk) {
        Object kty = jwk.get("kty");
        String[] members;
        if ("RSA".equals(kty)) {
            members = new String[] {"e", "kty", "n"};
        } else if ("EC".equals(kty)) {
            members = new String[] {"crv", "kty", "x", "y"};
        } else if ("OKP".equals(kty)) {
            members = new String[] {"crv", "kty", "x"};
        } else {
            return null;
        }
        StringBuilder json = new StringBuilder(160).append('{');
        for (String name : members) {
            if (!(jwk.get(name) instanceof String value) || !plain(value)) {
                return null;
            }
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(name).append("\":\"").append(value).append('"');
        }
        return of(json.append('}').toString().getBytes(StandardCharsets.UTF_8));
    }

    /** base64url(SHA-256(bytes)), e.g. of an access token for {@code ath}. */
    static String of(byte[] bytes) {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Printable ASCII without quote or backslash: written as it is in JSON. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
