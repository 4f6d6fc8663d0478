package dev.portcullis.testkit;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Signs DPoP proofs (RFC 9449 §4.2) the way a client does, for tests of DPoP-protected APIs. Immutable: every
 * method returns a new instance, so a configured proof is a template.
 *
 * <pre>{@code
 * DpopProof client = DpopProof.of(TestKey.ec("client"));
 * String token = idp.token().boundTo(client.thumbprint()).build();
 * String proof = client.method("GET").uri("https://localhost:8443/orders").accessToken(token).build();
 * // GET /orders with "Authorization: DPoP " + token and "DPoP: " + proof
 * }</pre>
 *
 * <p>Defaults: header {@code typ: dpop+jwt}, {@code alg} of the key, {@code jwk} = the public key; claims a random
 * {@code jti}, {@code htm: GET}, {@code iat} = now (the clock given, else the system clock). The knobs make the
 * proofs of attacks: {@link #header}/{@link #claim} set or remove anything ({@code null} removes),
 * {@link #algorithm} changes {@code alg} (the key's own algorithm still signs, except {@code none}: no signature,
 * and {@code HS256}: HMAC keyed with the thumbprint), {@link #privateMember} leaks a private member into the jwk.
 */
public final class DpopProof {
    private final KeyPair keys;
    private final String keyAlgorithm;
    private final Map<String, Object> header;
    private final Map<String, Object> claims;
    private final String accessToken;
    private final Clock clock;

    private DpopProof(
            KeyPair keys,
            String keyAlgorithm,
            Map<String, Object> header,
            Map<String, Object> claims,
            String accessToken,
            Clock clock) {
        this.keys = keys;
        this.keyAlgorithm = keyAlgorithm;
        this.header = Collections.unmodifiableMap(header);
        this.claims = Collections.unmodifiableMap(claims);
        this.accessToken = accessToken;
        this.clock = clock;
    }

    /** Proofs signed with a test key under its algorithm. */
    public static DpopProof of(TestKey key) {
        return of(new KeyPair(key.publicKey(), key.privateKey()), key.algorithm());
    }

    /** Proofs signed with any RSA, EC or EdDSA key pair under {@code alg} (e.g. {@code EdDSA} for Ed25519). */
    public static DpopProof of(KeyPair keys, String alg) {
        Objects.requireNonNull(keys, "keys");
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "dpop+jwt");
        header.put("alg", Objects.requireNonNull(alg, "alg"));
        header.put("jwk", Json.copyOf(DpopKeys.publicJwk(keys.getPublic())));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("htm", "GET");
        return new DpopProof(keys, alg, header, claims, null, null);
    }

    /** The RFC 7638 thumbprint of the key: the {@code cnf.jkt} of tokens bound to it. */
    public String thumbprint() {
        return DpopKeys.thumbprint(DpopKeys.publicJwk(keys.getPublic()));
    }

    /** {@code htm}. */
    public DpopProof method(String method) {
        return claim("htm", method);
    }

    /** {@code htu}, written as given (query and fragment included, so tests can send them). */
    public DpopProof uri(String uri) {
        return claim("htu", uri);
    }

    /** The access token the proof goes with: sets {@code ath} to its base64url SHA-256 when built. */
    public DpopProof accessToken(String token) {
        return new DpopProof(keys, keyAlgorithm, header, claims, token, clock);
    }

    /** {@code nonce}, as the server sent it in {@code DPoP-Nonce}. */
    public DpopProof nonce(String nonce) {
        return claim("nonce", nonce);
    }

    /** {@code iat}; by default the clock's now when built. */
    public DpopProof issuedAt(Instant iat) {
        return claim("iat", iat);
    }

    /** {@code jti}; by default a fresh UUID each build, so each proof is new. */
    public DpopProof jti(String jti) {
        return claim("jti", jti);
    }

    /** The clock for the default {@code iat} (e.g. a {@link MutableClock}). */
    public DpopProof clock(Clock clock) {
        return new DpopProof(keys, keyAlgorithm, header, claims, accessToken, clock);
    }

    /** Sets or ({@code null}) removes a claim; {@code ath} set here wins over {@link #accessToken}. */
    public DpopProof claim(String name, Object value) {
        return new DpopProof(keys, keyAlgorithm, header, with(claims, name, value), accessToken, clock);
    }

    /** Sets or ({@code null}) removes a header parameter ({@code typ}, {@code jwk}, {@code crit}...). */
    public DpopProof header(String name, Object value) {
        return new DpopProof(keys, keyAlgorithm, with(header, name, value), claims, accessToken, clock);
    }

    /** The {@code alg} header; the key still signs with its own algorithm, but {@code none} and {@code HS256}. */
    public DpopProof algorithm(String alg) {
        return header("alg", alg);
    }

    /** Adds a member (e.g. {@code d}) to the header's jwk, as a careless client leaking its private key would. */
    @SuppressWarnings("unchecked")
    public DpopProof privateMember(String name, String value) {
        Map<String, Object> jwk = new LinkedHashMap<>((Map<String, Object>) header.get("jwk"));
        jwk.put(name, value);
        return header("jwk", jwk);
    }

    /** The compact JWS. */
    public String build() {
        Map<String, Object> c = new LinkedHashMap<>(claims);
        c.putIfAbsent("jti", UUID.randomUUID().toString());
        c.putIfAbsent("iat", (clock == null ? Instant.now() : clock.instant()).getEpochSecond());
        if (accessToken != null) {
            c.putIfAbsent("ath", DpopKeys.sha256(accessToken.getBytes(StandardCharsets.US_ASCII)));
        }
        String headerJson = Json.write(header);
        String payloadJson = Json.write(c);
        Object alg = header.get("alg");
        if ("none".equals(alg)) {
            return Tokens.compact(headerJson, payloadJson, null);
        }
        if ("HS256".equals(alg)) {
            return Tokens.hs256(headerJson, payloadJson, thumbprint().getBytes(StandardCharsets.US_ASCII));
        }
        byte[] input = Tokens.signingInput(headerJson, payloadJson).getBytes(StandardCharsets.US_ASCII);
        return Tokens.compact(headerJson, payloadJson, DpopKeys.sign(keyAlgorithm, keys.getPrivate(), input));
    }

    @Override
    public String toString() {
        return "DpopProof[header=" + Json.write(header) + ", claims=" + Json.write(claims) + "]";
    }

    private static Map<String, Object> with(Map<String, Object> source, String name, Object value) {
        Objects.requireNonNull(name, "name");
        Map<String, Object> copy = new LinkedHashMap<>(source);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, Json.copyOf(value));
        }
        return copy;
    }
}
