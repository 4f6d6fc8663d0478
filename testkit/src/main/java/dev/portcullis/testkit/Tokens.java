package dev.portcullis.testkit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;

/**
 * Low-level helpers for hand-crafting (typically hostile) compact JWS tokens from raw parts: {@code alg: none},
 * HS256 signed with an RSA public key, duplicate JSON members, malformed JSON and so on. No checks are applied to
 * the inputs beyond non-nullness. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class Tokens {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {}

    /**
     * Joins base64url (unpadded) encodings of the UTF-8 header, the UTF-8 payload and the signature with dots.
     *
     * @param headerJson the protected header text, written as is (need not be valid JSON)
     * @param payloadJson the payload text, written as is
     * @param signature the signature bytes; {@code null} or empty gives an empty third part
     * @return the compact serialisation {@code header.payload.signature}
     */
    public static String compact(String headerJson, String payloadJson, byte[] signature) {
        String sig = signature == null ? "" : BASE64URL.encodeToString(signature);
        return signingInput(headerJson, payloadJson) + "." + sig;
    }

    /**
     * The JWS signing input {@code base64url(header) + "." + base64url(payload)}, i.e. the ASCII text a signature
     * is computed over.
     *
     * @param headerJson the protected header text
     * @param payloadJson the payload text
     * @return the signing input
     */
    public static String signingInput(String headerJson, String payloadJson) {
        Objects.requireNonNull(headerJson, "headerJson");
        Objects.requireNonNull(payloadJson, "payloadJson");
        return BASE64URL.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + BASE64URL.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A compact token whose signature is HMAC-SHA256 over the signing input with the given secret, whatever the
     * header says. Typical use: the algorithm-confusion attack, with {@code secret} being the bytes of a published
     * RSA public key (for example {@code key.publicPem().getBytes(US_ASCII)} or {@code key.publicKey().getEncoded()}).
     *
     * @param headerJson the protected header text, e.g. {@code {"alg":"HS256","kid":"key-1"}}
     * @param payloadJson the payload text
     * @param secret the HMAC key bytes, not empty
     * @return the compact serialisation
     */
    public static String hs256(String headerJson, String payloadJson, byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput(headerJson, payloadJson).getBytes(StandardCharsets.US_ASCII));
            return compact(headerJson, payloadJson, signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot compute HMAC-SHA256 with the given secret", e);
        }
    }
}
