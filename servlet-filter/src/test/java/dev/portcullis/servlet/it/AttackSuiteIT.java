package dev.portcullis.servlet.it;

import dev.portcullis.core.TokenFingerprint;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import dev.portcullis.testkit.TokenBuilder;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.portcullis.core.FailureReason.BAD_SIGNATURE;
import static dev.portcullis.core.FailureReason.EXPIRED;
import static dev.portcullis.core.FailureReason.INSUFFICIENT_SCOPE;
import static dev.portcullis.core.FailureReason.ISSUED_IN_FUTURE;
import static dev.portcullis.core.FailureReason.KEYS_UNAVAILABLE;
import static dev.portcullis.core.FailureReason.MALFORMED;
import static dev.portcullis.core.FailureReason.MALFORMED_REQUEST;
import static dev.portcullis.core.FailureReason.MISSING_CLAIM;
import static dev.portcullis.core.FailureReason.MISSING_TOKEN;
import static dev.portcullis.core.FailureReason.MULTIPLE_TOKENS;
import static dev.portcullis.core.FailureReason.NOT_YET_VALID;
import static dev.portcullis.core.FailureReason.TOKEN_TOO_LARGE;
import static dev.portcullis.core.FailureReason.UNKNOWN_KEY;
import static dev.portcullis.core.FailureReason.UNSUPPORTED_ALGORITHM;
import static dev.portcullis.core.FailureReason.UNSUPPORTED_HEADER;
import static dev.portcullis.core.FailureReason.WRONG_AUDIENCE;
import static dev.portcullis.core.FailureReason.WRONG_ISSUER;
import static dev.portcullis.core.FailureReason.WRONG_TYPE;
import static dev.portcullis.servlet.it.Exchange.MARK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every known attack on a bearer-JWT resource server, each a named test, sent over HTTP to a WAR
 * protected by the filter in a real Open Liberty. Every answer is checked by {@link Exchange}: an
 * exact status (4xx, or 503 for the deliberate server fault), the challenge's error code, within
 * {@link RawHttp#DEADLINE}, with no stack trace, token slice or reflected input. The last test reads
 * the server's logs: no line may carry 16 consecutive characters of any token sent, and every
 * refusal by the validator must have been logged at DEBUG with its reason and token fingerprint.
 *
 * <p>Four applications: {@code attack} (the victim identity provider's RSA and EC P-256 keys,
 * RS256 and ES256 allowed, default rate limit), {@code attack-typ} (the same, RFC 9068 {@code typ}
 * enforced), {@code attack-jwks} (keys from a hostile identity provider whose JWK Set the tests
 * rewrite; a refetch for every unknown kid; 1 s fetch timeout) and {@code attack-slow} (keys from
 * an endpoint that trickles its answer). A second identity provider plays the attacker's server
 * and counts every request it gets: {@code jku}, {@code x5u}, URLs in {@code kid} must never reach
 * it. Answers that Liberty gives itself, before any filter runs (oversized headers, encoded dots
 * or controls in the path), need only be a 4xx on time; what they show is printed at the end.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttackSuiteIT {
    static final String REALM = "attack";
    static final LocalIdp VICTIM = LocalIdp.start();
    static final LocalIdp ATTACKER = LocalIdp.start();
    static final LocalIdp HOSTILE = LocalIdp.start();
    static final TestKey KEY1 = VICTIM.activeKey();
    static final TestKey EC1 = TestKey.ec("ec-1");
    static final TestKey EC384 = TestKey.ec("ec384-1", "ES384");
    static final KeyPair ED = Forge.ed25519();
    /** The attacker's own key, published nowhere, reusing the victim's kid. */
    static final TestKey EVIL = TestKey.rsaUnique("key-1");
    /** A JWK Set endpoint that sends one byte every 100 ms. */
    static final TrickleServer TRICKLE = TrickleServer.start();

    static final AtomicInteger SERIAL = new AtomicInteger();
    static final long SUITE_START = System.nanoTime();

    static {
        VICTIM.publishRawJwks("{\"keys\":[" + KEY1.publicJwk() + "," + EC1.publicJwk() + "," + EC384.publicJwk() + ","
                + Forge.ed25519Jwk(ED.getPublic(), "ed-1") + "]}");
    }

    @Deployment(name = "attack", testable = false)
    static WebArchive attack() {
        return war("attack", VICTIM, Map.of());
    }

    @Deployment(name = "attack-typ", testable = false)
    static WebArchive attackTyp() {
        return war("attack-typ", VICTIM, Map.of("portcullis.verify.typ", "true"));
    }

    @Deployment(name = "attack-jwks", testable = false)
    static WebArchive attackJwks() {
        return war(
                "attack-jwks",
                HOSTILE,
                Map.of(
                        "portcullis.jwks.min-refetch-interval", "0s",
                        "portcullis.jwks.fetch-timeout", "1s",
                        "portcullis.jwks.connect-timeout", "500ms"));
    }

    @Deployment(name = "attack-slow", testable = false)
    static WebArchive attackSlow() {
        return war(
                "attack-slow",
                VICTIM,
                Map.of(
                        "mp.jwt.verify.publickey.location", TRICKLE.url(),
                        "portcullis.jwks.fetch-timeout", "1s",
                        "portcullis.jwks.connect-timeout", "500ms"));
    }

    private static WebArchive war(String name, LocalIdp idp, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of(
                "mp.jwt.verify.issuer", idp.issuer(),
                "mp.jwt.verify.audiences", "orders-api",
                "mp.jwt.verify.publickey.location", idp.jwksUri().toString(),
                "mp.jwt.verify.publickey.algorithm", "RS256,ES256",
                "portcullis.realm", REALM,
                "portcullis.filter.exclude", "/health, /public/*",
                "portcullis.filter.scopes./orders/*", "read:orders"));
        config.putAll(extra);
        return Wars.protectedWar(name, config, EchoServlet.class);
    }

    @BeforeEach
    void keysLoaded() {
        // The first request of each application loads its keys; later ones must be fast.
        for (String app : List.of("attack", "attack-typ")) {
            String token = VICTIM.token()
                    .header("typ", "at+jwt")
                    .claim("client_id", "orders-client")
                    .build();
            Exchange.warmUp(get(app, "/orders/1", token), token).accepted();
        }
        String token = HOSTILE.token().build();
        Exchange.warmUp(get("attack-jwks", "/orders/1", token), token).accepted();
    }

    @AfterEach
    void recover() {
        HOSTILE.recover();
        HOSTILE.publishRawJwks(null);
    }

    @AfterAll
    static void stopIdps() {
        VICTIM.close();
        ATTACKER.close();
        HOSTILE.close();
        TRICKLE.close();
    }

    // ---------------------------------------------------------------- algorithms

    @Test
    void whenAlgIsNoneInAnySpellingThenUnsupportedAlgorithm() {
        String claims = claims();
        for (String alg : List.of("none", "None", "NONE", "nOnE", "none ", " none", "none\u0000", "", "n\u200bone")) {
            String header = "{\"alg\":" + json(alg) + ",\"kid\":\"key-1\",\"typ\":\"JWT\"}";
            attack(Forge.compact(header, claims, null)).refused(UNSUPPORTED_ALGORITHM);
            attack(Forge.rs256(KEY1, header, claims)).refused(UNSUPPORTED_ALGORITHM);
            attack(Forge.compact(header, claims, new byte[] {0})).refused(UNSUPPORTED_ALGORITHM);
        }
        for (String header : List.of(
                "{\"alg\":\"\\u006eone\",\"kid\":\"key-1\"}",
                "{\"kid\":\"key-1\"}",
                "{\"alg\":null,\"kid\":\"key-1\"}",
                "{\"alg\":0}",
                "{\"alg\":[\"RS256\"]}",
                "{\"alg\":{\"RS256\":true}}",
                "{\"alg\":true}")) {
            attack(Forge.rs256(KEY1, header, claims)).refused(UNSUPPORTED_ALGORITHM);
        }
    }

    @Test
    void whenHmacSignedWithThePublicKeyInAnyFormThenUnsupportedAlgorithm() {
        String claims = claims();
        RSAPublicKey rsa = (RSAPublicKey) KEY1.publicKey();
        Map<String, byte[]> secrets = Map.of(
                "PEM", KEY1.publicPem().getBytes(StandardCharsets.US_ASCII),
                "PEM without newline", KEY1.publicPem().strip().getBytes(StandardCharsets.US_ASCII),
                "DER (SPKI)", KEY1.publicKey().getEncoded(),
                "JWK", KEY1.publicJwk().getBytes(StandardCharsets.UTF_8),
                "modulus", Forge.unsigned(rsa.getModulus()),
                "EC key DER", EC1.publicKey().getEncoded(),
                "EC JWK", EC1.publicJwk().getBytes(StandardCharsets.UTF_8));
        String[][] hmacs = {{"HS256", "HmacSHA256"}, {"HS384", "HmacSHA384"}, {"HS512", "HmacSHA512"}};
        for (String[] hmac : hmacs) {
            for (byte[] secret : secrets.values()) {
                for (String kid : new String[] {"key-1", "ec-1", null}) {
                    String header = "{\"alg\":\"" + hmac[0] + "\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"")
                            + ",\"typ\":\"JWT\"}";
                    attack(Forge.hmac(hmac[1], header, claims, secret)).refused(UNSUPPORTED_ALGORITHM);
                }
            }
        }
    }

    @Test
    void whenAlgorithmOutsideTheAllowListThenUnsupportedAlgorithmEvenIfSignedByTheKey() {
        for (String alg : List.of("RS384", "RS512", "PS256", "PS384", "PS512")) {
            attack(VICTIM.token().header("alg", alg).build()).refused(UNSUPPORTED_ALGORITHM);
        }
        for (String alg : List.of(
                "rs256", "RS256 ", "RS-256", "RSA256", "\uff32\uff33256", "RS256\u0000", "ES256K", "EdDSA", "ES512")) {
            attack(VICTIM.token().header("alg", alg).build()).refused(UNSUPPORTED_ALGORITHM);
        }
    }

    @Test
    void whenAlgDoesNotFitTheKeyTypeThenUnknownKey() {
        attack(VICTIM.token().header("alg", "ES256").build()).refused(UNKNOWN_KEY); // RSA key-1, signed RS256
        attack(VICTIM.token().signedWith(EC1).header("alg", "RS256").build()).refused(UNKNOWN_KEY);
        attack(VICTIM.token().signedWith(EC384).header("alg", "ES256").build()).refused(UNKNOWN_KEY); // P-384 for ES256
    }

    @Test
    void whenEs384OrEdDsaAreNotAllowedThenUnsupportedAlgorithmThoughTheKeysArePublished() {
        attack(VICTIM.token().signedWith(EC384).build()).refused(UNSUPPORTED_ALGORITHM);
        attack(Forge.signed("{\"alg\":\"EdDSA\",\"kid\":\"ed-1\"}", claims(), ED.getPrivate(), "Ed25519"))
                .refused(UNSUPPORTED_ALGORITHM);
    }

    @Test
    void whenJweWithFivePartsIsPresentedAsJwsThenMalformed() {
        attack(Forge.jwe(KEY1.publicKey(), "key-1", claims())).refused(MALFORMED);
        String valid = VICTIM.token().build();
        attack(valid + ".AAAA.BBBB").refused(MALFORMED);
        attack(valid + ".AAAA").refused(MALFORMED);
        attack(valid.substring(0, valid.lastIndexOf('.'))).refused(MALFORMED);
        attack(Forge.b64("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}") + "..AAAAAAAAAAAAAAAA.BBBB.CCCCCCCCCCCCCCCCCCCCCC")
                .refused(MALFORMED);
    }

    // ---------------------------------------------------------------- signatures

    @Test
    void whenEcdsaSignatureIsZeroThenBadSignature() { // CVE-2022-21449, "psychic signatures"
        String token = VICTIM.token().signedWith(EC1).build();
        attack(token).accepted();
        byte[] sig = Forge.signatureOf(token);
        byte[] zero = new byte[32];
        attack(Forge.withSignature(token, new byte[64])).refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, concat(zero, Arrays.copyOfRange(sig, 32, 64))))
                .refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, concat(Arrays.copyOfRange(sig, 0, 32), zero)))
                .refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, new byte[1])).refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, new byte[0])).refused(BAD_SIGNATURE);
    }

    @Test
    void whenEcdsaSignatureValuesAreOutOfRangeThenBadSignature() {
        String token = VICTIM.token().signedWith(EC1).build();
        byte[] sig = Forge.signatureOf(token);
        BigInteger n = Forge.P256_N;
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        byte[] nBytes = Forge.fixed(n, 32);
        byte[] max = Forge.fixed(BigInteger.TWO.pow(256).subtract(BigInteger.ONE), 32);
        attack(Forge.withSignature(token, concat(nBytes, nBytes))).refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, concat(nBytes, Forge.fixed(s, 32)))).refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, concat(Forge.fixed(r, 32), nBytes))).refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, concat(max, max))).refused(BAD_SIGNATURE);
        // r + n and s + n: the same residues, out of range, in 33-byte fields
        attack(Forge.withSignature(token, concat(Forge.fixed(r.add(n), 33), Forge.fixed(s.add(n), 33))))
                .refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, concat(Forge.fixed(r, 33), Forge.fixed(s, 33))))
                .refused(BAD_SIGNATURE);
    }

    /**
     * Not an attack that can fail, but a fact to design by: ECDSA is malleable, (r, n - s) verifies
     * the same claims as (r, s), so an ES256 token has two valid texts, both canonical base64url.
     * Replay and revocation lists must key on the claims (jti) or the signing input, never on the
     * token text or its hash.
     */
    @Test
    void whenEcdsaSignatureIsNegatedThenTheSameClaimsVerifySoTokenTextIsNoIdentity() {
        String token = VICTIM.token().signedWith(EC1).build();
        byte[] sig = Forge.signatureOf(token);
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        String twin = Forge.withSignature(
                token, concat(Arrays.copyOfRange(sig, 0, 32), Forge.fixed(Forge.P256_N.subtract(s), 32)));
        assertThat(twin).isNotEqualTo(token);
        attack(twin).accepted();
    }

    @Test
    void whenEcdsaSignatureIsDerEncodedInsteadOfJoseThenBadSignature() {
        String token = VICTIM.token().signedWith(EC1).build();
        attack(Forge.withSignature(token, Forge.der(Forge.signatureOf(token)))).refused(BAD_SIGNATURE);
    }

    @Test
    void whenSignatureIsTruncatedOrExtendedThenRefused() {
        String token = VICTIM.token().build();
        byte[] sig = Forge.signatureOf(token);
        attack(Forge.withSignature(token, Arrays.copyOf(sig, sig.length - 1))).refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, Arrays.copyOf(sig, sig.length + 1))).refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, Arrays.copyOf(sig, sig.length / 2))).refused(BAD_SIGNATURE);
        String cut = token.substring(0, token.length() - 4);
        attack(cut).refused(canonicalEnd(cut) ? BAD_SIGNATURE : MALFORMED); // the new last char may carry stray bits
        attack(token + "AAAA").refused(BAD_SIGNATURE);
        attack(token.substring(0, token.length() - 1)).refused(MALFORMED); // a length base64url cannot have
        attack(token.substring(0, token.lastIndexOf('.') + 1)).refused(BAD_SIGNATURE);
    }

    @Test
    void whenRsaSignatureIsMalleatedThenBadSignature() {
        String token = VICTIM.token().build();
        BigInteger n = ((RSAPublicKey) KEY1.publicKey()).getModulus();
        BigInteger s = new BigInteger(1, Forge.signatureOf(token));
        attack(Forge.withSignature(token, Forge.unsigned(s.add(n)))).refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, concat(new byte[1], Forge.fixed(s, 256))))
                .refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, concat(new byte[2], Forge.fixed(s, 256))))
                .refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, Forge.fixed(n.subtract(s), 256))).refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, Forge.fixed(BigInteger.ONE, 256))).refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, Forge.fixed(n.subtract(BigInteger.ONE), 256)))
                .refused(BAD_SIGNATURE);
        attack(Forge.withSignature(token, Forge.fixed(n, 256))).refused(BAD_SIGNATURE);
    }

    /**
     * A signature text whose last character carries stray low bits decodes to the same bytes: were
     * it accepted, tokens would be malleable (defeating replay or revocation lists keyed by the
     * token text or its hash). Only canonical base64url is accepted.
     */
    @Test
    void whenSignatureTextHasNonCanonicalTrailingBitsThenMalformed() {
        for (String token :
                List.of(VICTIM.token().build(), VICTIM.token().signedWith(EC1).build())) {
            attack(token).accepted();
            attack(withNonCanonicalEnd(token)).refused(MALFORMED);
        }
    }

    // ---------------------------------------------------------------- header tricks

    @Test
    void whenJkuX5uX5cOrEmbeddedJwkNameTheAttackersKeyThenNeverFetchedNorTrusted() {
        int before = ATTACKER.jwksRequests() + ATTACKER.discoveryRequests();
        Map<String, Object> jwk = jsonObject(EVIL.publicJwk());
        String x5c =
                java.util.Base64.getEncoder().encodeToString(EVIL.publicKey().getEncoded());
        TokenBuilder evil = VICTIM.token().signedWith(EVIL);
        attack(evil.header("jku", ATTACKER.jwksUri().toString()).build()).refused(BAD_SIGNATURE);
        attack(evil.header("x5u", ATTACKER.discoveryUri().toString()).build()).refused(BAD_SIGNATURE);
        attack(evil.header("jwk", jwk).build()).refused(BAD_SIGNATURE);
        attack(evil.header("x5c", List.of(x5c)).build()).refused(BAD_SIGNATURE);
        TokenBuilder all = evil.header("jku", ATTACKER.jwksUri().toString())
                .header("x5u", ATTACKER.jwksUri().toString())
                .header("jwk", jwk)
                .header("x5c", List.of(x5c));
        attack(all.build()).refused(BAD_SIGNATURE);
        // issued before the victim's keys were fetched: its kid is known to be unknown (issue 27)
        attack(all.header("kid", "attacker-" + MARK)
                        .issuedAt(issuedBeforeTheFetch())
                        .build())
                .refused(UNKNOWN_KEY);
        attack(all.header("kid", null).build()).refused(BAD_SIGNATURE);
        attack(all.header("kid", null).header("alg", "ES256").build()).refused(BAD_SIGNATURE);
        attack(all.issuer(ATTACKER.issuer()).build()).refused(WRONG_ISSUER);
        attack(ATTACKER.token().header("jku", ATTACKER.jwksUri().toString()).build())
                .refused(WRONG_ISSUER);
        assertThat(ATTACKER.jwksRequests() + ATTACKER.discoveryRequests())
                .as("requests to the attacker's server")
                .isEqualTo(before)
                .isZero();
    }

    @Test
    void whenAValidTokenCarriesJkuAndX5uThenItIsJudgedOnTheIssuersKeysAndTheUrlsAreNeverFetched() {
        attack(VICTIM.token()
                        .header("jku", ATTACKER.jwksUri().toString())
                        .header("x5u", ATTACKER.discoveryUri().toString())
                        .build())
                .accepted();
        assertThat(ATTACKER.jwksRequests() + ATTACKER.discoveryRequests()).isZero();
    }

    @Test
    void whenKidCarriesPathsUrlsSqlControlsOrHugeValuesThenUnknownKey() {
        List<String> kids = List.of(
                "../../../../../../etc/passwd",
                "/dev/null",
                "file:///etc/passwd",
                "C:\\windows\\win.ini",
                ATTACKER.jwksUri().toString(),
                "http://169.254.169.254/latest/meta-data/",
                "' OR '1'='1' --",
                "key-1' OR 1=1 --",
                "key-1\"; DROP TABLE keys; --",
                "${jndi:ldap://127.0.0.1/" + MARK + "}",
                "key-1\u0000",
                "key-1 ",
                "KEY-1",
                "key-1\r\nX-Injected: 1",
                "\"}",
                "key-1" + MARK,
                "%6b%65%79-1",
                "\u202ekey-1",
                "k".repeat(4000),
                "",
                MARK);
        for (String kid : kids) {
            // issued before the victim's keys were fetched: the kid is known to be unknown (issue 27)
            attack(VICTIM.token()
                            .header("kid", kid)
                            .issuedAt(issuedBeforeTheFetch())
                            .build())
                    .refused(UNKNOWN_KEY);
        }
        for (Object kid : List.of(1, true, List.of("key-1"), Map.of("kid", "key-1"))) {
            attack(VICTIM.token().header("kid", kid).build()).refused(MALFORMED);
        }
        assertThat(ATTACKER.jwksRequests() + ATTACKER.discoveryRequests()).isZero();
    }

    @Test
    void whenCritIsPresentThenUnsupportedHeader() {
        attack(VICTIM.token().header("crit", List.of("exp")).header("exp", 1).build())
                .refused(UNSUPPORTED_HEADER);
        attack(VICTIM.token().header("crit", List.of()).build()).refused(UNSUPPORTED_HEADER);
        attack(VICTIM.token().header("crit", "b64").build()).refused(UNSUPPORTED_HEADER);
        attack(VICTIM.token().header("crit", List.of(MARK)).header(MARK, true).build())
                .refused(UNSUPPORTED_HEADER);
    }

    @Test
    void whenB64IsFalseThenUnsupportedHeaderAndAnUnencodedPayloadIsNoToken() {
        attack(Forge.rs256(KEY1, "{\"alg\":\"RS256\",\"kid\":\"key-1\",\"b64\":false,\"crit\":[\"b64\"]}", claims()))
                .refused(UNSUPPORTED_HEADER);
        attack(VICTIM.token().header("b64", true).build()).refused(UNSUPPORTED_HEADER);
        String header = "{\"alg\":\"RS256\",\"kid\":\"key-1\",\"b64\":false,\"crit\":[\"b64\"]}";
        String payload = "{\"sub\":\"alice\"}";
        String input = Forge.b64(header) + "." + payload;
        String unencoded = input + "." + Forge.b64(Forge.sign(input, KEY1.privateKey(), "SHA256withRSA"));
        attack(unencoded).refused(MALFORMED_REQUEST); // JSON in the header value is no b64token
        attack(Forge.b64(header) + ".." + Forge.b64(Forge.sign(input, KEY1.privateKey(), "SHA256withRSA")))
                .refused(MALFORMED); // detached
    }

    @Test
    void whenANestedJwtIsWrappedWithCtyJwtThenMalformed() {
        String inner = VICTIM.token().build();
        attack(Forge.rs256(KEY1, "{\"alg\":\"RS256\",\"kid\":\"key-1\",\"cty\":\"JWT\"}", inner))
                .refused(MALFORMED);
        attack(Forge.rs256(KEY1, "{\"alg\":\"RS256\",\"kid\":\"key-1\",\"cty\":\"JWT\"}", json(inner)))
                .refused(MALFORMED);
        attack(Forge.compact("{\"alg\":\"none\",\"cty\":\"JWT\"}", inner, null)).refused(UNSUPPORTED_ALGORITHM);
    }

    // ---------------------------------------------------------------- encodings and JSON

    @Test
    void whenTokenUsesBase64AlphabetOrPaddingInsteadOfBase64UrlThenRefused() {
        String token = tokenWith(t -> t.indexOf('-') >= 0 || t.indexOf('_') >= 0);
        attack(token.replace('-', '+').replace('_', '/')).refused(MALFORMED);
        attack(token + "==").refused(MALFORMED);
        String[] parts = token.split("\\.");
        attack(parts[0] + "=." + parts[1] + "." + parts[2])
                .refused(MALFORMED_REQUEST); // '=' only at the end of a b64token
        attack(parts[0] + ".~" + parts[1] + "." + parts[2]).refused(MALFORMED);
        attack(token.replace('.', '+')).refused(MALFORMED);
    }

    @Test
    void whenTheCredentialHasWhitespaceControlsOrOtherBytesThenRefused() {
        String token = VICTIM.token().build();
        send(
                        get("attack", "/orders/1", null)
                                .header(
                                        "Authorization",
                                        "Bearer " + token.substring(0, 20) + " " + token.substring(20)),
                        token)
                .refused(MALFORMED_REQUEST);
        send(
                        get("attack", "/orders/1", null)
                                .header(
                                        "Authorization",
                                        "Bearer " + token.substring(0, 20) + "\t" + token.substring(20)),
                        token)
                .refused(MALFORMED_REQUEST);
        send(
                        get("attack", "/orders/1", null)
                                .header(
                                        "Authorization",
                                        "Bearer " + token.substring(0, 20) + "\u00e9" + token.substring(20)),
                        token)
                .refused(MALFORMED_REQUEST);
        send(get("attack", "/orders/1", null).header("Authorization", "Bearer\t" + token), token)
                .refused(MISSING_TOKEN);
        send(get("attack", "/orders/1", null).header("Authorization", "Bearer"), token)
                .refused(MALFORMED_REQUEST);
        send(get("attack", "/orders/1", null).header("Authorization", "Bearer    "), token)
                .refused(MALFORMED_REQUEST);
        send(get("attack", "/orders/1", null).header("Authorization", "Bearer     " + token + "   "), token)
                .accepted();
        send(get("attack", "/orders/1", null).header("Authorization", "bEARER " + token), token)
                .accepted();
        send(get("attack", "/orders/1", null).header("Authorization", "Basic " + MARK), token)
                .refused(MISSING_TOKEN);
        send(
                        get("attack", "/orders/1", null)
                                .header(
                                        "Authorization",
                                        "Bearer " + token.substring(0, 20) + "\u0000" + token.substring(20)),
                        token)
                .refusedByHttpLayer();
        send(
                        get("attack", "/orders/1", null)
                                .header(
                                        "Authorization",
                                        "Bearer " + token.substring(0, 20) + "\r" + token.substring(20)),
                        token)
                .refusedByHttpLayer();
    }

    @Test
    void whenHeaderOrClaimsHaveDuplicateMemberNamesThenMalformed() {
        String claims = claims();
        for (String header : List.of(
                "{\"alg\":\"RS256\",\"kid\":\"key-1\",\"alg\":\"none\"}",
                "{\"alg\":\"none\",\"alg\":\"RS256\",\"kid\":\"key-1\"}",
                "{\"alg\":\"RS256\",\"kid\":\"key-0\",\"kid\":\"key-1\"}",
                "{\"al\\u0067\":\"none\",\"alg\":\"RS256\",\"kid\":\"key-1\"}")) {
            attack(Forge.rs256(KEY1, header, claims)).refused(MALFORMED);
        }
        String header = "{\"alg\":\"RS256\",\"kid\":\"key-1\"}";
        String body = claims.substring(0, claims.length() - 1);
        for (String dup : List.of(
                ",\"aud\":\"account\"",
                ",\"iss\":\"" + ATTACKER.issuer() + "\"",
                ",\"exp\":1",
                ",\"scope\":\"admin\"",
                ",\"\\u0061ud\":\"account\"")) {
            attack(Forge.rs256(KEY1, header, body + dup + "}")).refused(MALFORMED);
        }
    }

    @Test
    void whenHeaderOrClaimsAreNotJsonObjectsThenMalformed() {
        String claims = claims();
        String header = "{\"alg\":\"RS256\",\"kid\":\"key-1\"}";
        for (String notObject : List.of(
                "[]",
                "[" + header + "]",
                "\"RS256\"",
                "1",
                "null",
                "true",
                "{",
                header + "}",
                header + "xyz",
                header + "," + header,
                "\ufeff" + header,
                "{'alg':'RS256'}",
                "{alg:RS256}",
                " ")) {
            attack(Forge.rs256(KEY1, notObject, claims)).refused(MALFORMED);
            attack(Forge.rs256(KEY1, header, notObject.replace("RS256", "x"))).refused(MALFORMED);
        }
        byte[] invalidUtf8 = {(byte) 0xc3, 0x28, (byte) 0xff, (byte) 0xfe};
        String input = Forge.b64(invalidUtf8) + "." + Forge.b64(claims);
        attack(input + "." + Forge.b64(Forge.sign(input, KEY1.privateKey(), "SHA256withRSA")))
                .refused(MALFORMED);
    }

    /**
     * Trailing commas are no JSON. Only the issuer could sign such text, so it is no forgery, but
     * a parser more lenient than a strict one (a gateway's) is a parser differential.
     */
    @Test
    void whenHeaderOrClaimsHaveTrailingCommasThenMalformed() {
        attack(Forge.rs256(KEY1, "{\"alg\":\"RS256\",\"kid\":\"key-1\",}", claims()))
                .refused(MALFORMED);
        String claims = claims();
        attack(Forge.rs256(
                        KEY1, "{\"alg\":\"RS256\",\"kid\":\"key-1\"}", claims.substring(0, claims.length() - 1) + ",}"))
                .refused(MALFORMED);
        attack(Forge.rs256(
                        KEY1, "{\"alg\":\"RS256\",\"kid\":\"key-1\"}", withClaim(claims(), "aud", "[\"orders-api\",]")))
                .refused(MALFORMED);
    }

    @Test
    void whenJsonIsDeeplyNestedThenMalformed() {
        String claims = claims();
        String header = "{\"alg\":\"RS256\",\"kid\":\"key-1\",\"x\":" + "[".repeat(2500) + "]".repeat(2500) + "}";
        attack(Forge.rs256(KEY1, header, claims)).refused(MALFORMED);
        String objects = "{\"a\":".repeat(700) + "1" + "}".repeat(700);
        attack(Forge.rs256(KEY1, "{\"alg\":\"RS256\",\"kid\":\"key-1\",\"x\":" + objects + "}", claims))
                .refused(MALFORMED);
        attack(Forge.rs256(
                        KEY1,
                        "{\"alg\":\"RS256\",\"kid\":\"key-1\"}",
                        withClaim(claims, "x", "[".repeat(2500) + "]".repeat(2500))))
                .refused(MALFORMED);
        attack(Forge.rs256(KEY1, "{\"alg\":\"RS256\",\"kid\":\"key-1\"}", "[".repeat(2500) + "]".repeat(2500)))
                .refused(MALFORMED);
        attack(Forge.rs256(KEY1, "{\"alg\":\"RS256\",\"kid\":\"key-1\"}", withClaim(claims, "x", "[".repeat(3000))))
                .refused(MALFORMED);
    }

    @Test
    void whenTimeClaimsAreHugeNumbersThenJudgedWithoutOverflow() {
        // Claims signed by the issuer itself: odd values must be judged, never overflow into acceptance.
        String header = "{\"alg\":\"RS256\",\"kid\":\"key-1\"}";
        for (String exp : List.of(
                "9223372036854775807",
                "9223372036854775808",
                "123456789012345678901234567890e10",
                "1.7976931348623157e308",
                "9".repeat(300))) {
            attack(Forge.rs256(KEY1, header, withClaim(claims(), "exp", exp))).accepted(); // far future, as signed
        }
        for (String exp : List.of(
                "-9223372036854775808",
                "-9223372036854775809",
                "-1.7976931348623157e308",
                "1e-400",
                "0",
                "-1",
                "1.5",
                "-0.0")) {
            attack(Forge.rs256(KEY1, header, withClaim(claims(), "exp", exp))).refused(EXPIRED);
        }
        for (String nbf : List.of("9223372036854775807", "9223372036854775808", "1e300")) {
            attack(Forge.rs256(KEY1, header, withClaim(claims(), "nbf", nbf))).refused(NOT_YET_VALID);
        }
        for (String iat : List.of("9223372036854775807", "1e300", "1.0e19")) {
            attack(Forge.rs256(KEY1, header, withClaim(claims(), "iat", iat))).refused(ISSUED_IN_FUTURE);
        }
        for (String past : List.of("-9223372036854775808", "-1e300", "0")) {
            attack(Forge.rs256(KEY1, header, withClaim(withClaim(claims(), "nbf", past), "iat", past)))
                    .accepted();
        }
        // Beyond the range of a double a number is no NumericDate: the document is refused, never saturated.
        for (String huge : List.of("1e400", "-1e400", "9".repeat(400), "9".repeat(4000))) {
            for (String name : List.of("exp", "nbf", "iat")) {
                attack(Forge.rs256(KEY1, header, withClaim(claims(), name, huge)))
                        .refused(MALFORMED);
            }
        }
    }

    @Test
    void whenTimeClaimsHaveTheWrongTypeThenMalformedOrMissing() {
        String header = "{\"alg\":\"RS256\",\"kid\":\"key-1\"}";
        long later = System.currentTimeMillis() / 1000 + 300;
        for (String exp :
                List.of("\"" + later + "\"", "true", "[" + later + "]", "{\"t\":" + later + "}", "\"1e400\"")) {
            attack(Forge.rs256(KEY1, header, withClaim(claims(), "exp", exp))).refused(MALFORMED);
        }
        attack(Forge.rs256(KEY1, header, withClaim(claims(), "exp", "null"))).refused(MISSING_CLAIM);
        attack(VICTIM.token().expiresAt(null).build()).refused(MISSING_CLAIM);
        for (String name : List.of("nbf", "iat")) {
            for (String value : List.of("\"0\"", "false", "[]", "{}")) {
                attack(Forge.rs256(KEY1, header, withClaim(claims(), name, value)))
                        .refused(MALFORMED);
            }
        }
        attack(Forge.rs256(KEY1, header, withClaim(claims(), "exp", later + ".75")))
                .accepted();
    }

    @Test
    void whenAudienceHasTheWrongTypeOrSpellingThenWrongAudience() {
        for (Object aud : List.of(
                1,
                true,
                Map.of("orders-api", true),
                List.of("orders-api", 1),
                List.of(List.of("orders-api")),
                "",
                List.of(),
                "ORDERS-API",
                "orders-api ",
                " orders-api",
                "orders-api\u0000",
                "orders",
                "account",
                MARK)) {
            attack(VICTIM.token().claim("aud", aud).build()).refused(WRONG_AUDIENCE);
        }
        attack(VICTIM.token().audience().build()).refused(WRONG_AUDIENCE);
        attack(Forge.rs256(KEY1, "{\"alg\":\"RS256\",\"kid\":\"key-1\"}", withClaim(claims(), "aud", "null")))
                .refused(WRONG_AUDIENCE);
    }

    @Test
    void whenIssuerHasTheWrongTypeOrSpellingThenWrongIssuer() {
        String iss = VICTIM.issuer();
        for (Object value : List.of(
                List.of(iss),
                Map.of("iss", iss),
                1,
                true,
                iss + "/",
                iss.toUpperCase(java.util.Locale.ROOT),
                iss + " ",
                " " + iss,
                iss.replace("127.0.0.1", "localhost"),
                iss.replace("http:", "https:"),
                iss + "\u0000",
                iss + "/../test",
                ATTACKER.issuer(),
                "",
                MARK)) {
            attack(VICTIM.token().claim("iss", value).build()).refused(WRONG_ISSUER);
        }
        attack(VICTIM.token().issuer(null).build()).refused(WRONG_ISSUER);
    }

    @Test
    void whenAnIdTokenIsPresentedAsAccessTokenThenWrongTypeOrWrongAudience() {
        TokenBuilder idToken = VICTIM.token()
                .audience("orders-client")
                .claim("azp", "orders-client")
                .claim("nonce", "n-0S6_WzA2Mj")
                .claim("auth_time", System.currentTimeMillis() / 1000)
                .header("typ", "JWT");
        attack(idToken.build()).refused(WRONG_AUDIENCE);
        typ(idToken.build()).refused(WRONG_TYPE);
        typ(idToken.audience("orders-api").build()).refused(WRONG_TYPE);
        for (Object typ : List.of("id_token", "at+jwt ", "at+JWT+x", "application/jwt", 1, List.of("at+jwt"))) {
            typ(VICTIM.token().header("typ", typ).build()).refused(WRONG_TYPE);
        }
        typ(VICTIM.token().header("typ", null).build()).refused(WRONG_TYPE);
        typ(VICTIM.token()
                        .header("typ", "at+jwt")
                        .claim("client_id", "orders-client")
                        .build())
                .accepted();
        typ(VICTIM.token()
                        .header("typ", "application/at+jwt")
                        .claim("client_id", "orders-client")
                        .build())
                .accepted();
        typ(VICTIM.token().header("typ", "at+jwt").build()).refused(MISSING_CLAIM); // RFC 9068 needs client_id
    }

    @Test
    void whenTheTokenIsAnotherKindOfJwtThenWrongTypeWhetherOrNotAtJwtIsRequired() {
        // RFC 8725 section 3.11: a security event, logout token or DPoP proof signed by the same issuer.
        for (String kind :
                List.of("secevent+jwt", "logout+jwt", "dpop+jwt", "application/secevent+jwt", "Logout+JWT")) {
            attack(VICTIM.token().header("typ", kind).build()).refused(WRONG_TYPE);
            typ(VICTIM.token()
                            .header("typ", kind)
                            .claim("client_id", "orders-client")
                            .build())
                    .refused(WRONG_TYPE);
        }
        attack(VICTIM.token().header("typ", "JWT").build()).accepted();
    }

    @Test
    void whenTheScopeClaimIsAnArrayThenEachElementIsAScope() {
        attack(VICTIM.token().claim("scope", List.of("openid", "read:orders")).build())
                .accepted();
        attack(VICTIM.token().claim("scope", List.of("openid")).build()).refused(INSUFFICIENT_SCOPE);
        attack(VICTIM.token().claim("scope", List.of("read:orders", 1)).build()).refused(MALFORMED);
    }

    @Test
    void whenTheTokenIsInTheQueryStringOrFormThenItNeverAuthenticates() {
        String token = VICTIM.token().build();
        send(get("attack", "/orders/1?access_token=" + token, null), token).refused(MISSING_TOKEN);
        send(get("attack", "/orders/1?x=1&access_token=" + token, null), token).refused(MISSING_TOKEN);
        send(get("attack", "/orders/1?access_token=" + token, token), token).refused(MULTIPLE_TOKENS);
        send(
                        RawHttp.Request.method("POST", "/attack/orders/1")
                                .body("application/x-www-form-urlencoded", "access_token=" + token),
                        token)
                .refused(MISSING_TOKEN);
        send(
                        RawHttp.Request.method("POST", "/attack/orders/1")
                                .header("Authorization", "Bearer " + token)
                                .body("application/x-www-form-urlencoded", "access_token=" + token),
                        token)
                .refused(MULTIPLE_TOKENS);
    }

    // ---------------------------------------------------------------- size

    @Test
    void whenTheTokenIsAtTheLimitThenJudgedAndBeyondItTooLarge() {
        String atLimit = tokenOfLength(8192);
        assertThat(atLimit.length()).isBetween(8189, 8192);
        attack(atLimit).accepted();
        String valid = VICTIM.token().build();
        attack(valid + "A".repeat(8193 - valid.length())).refused(TOKEN_TOO_LARGE);
        attack(valid + Forge.noise(1, 12_000)).refused(TOKEN_TOO_LARGE);
    }

    @Test
    void whenTheAuthorizationHeaderIsHugeThenA4xxFastAndTheServerStaysHealthy() {
        String valid = VICTIM.token().build();
        for (int size : new int[] {16 * 1024, 40 * 1024, 100 * 1024, 1024 * 1024}) {
            String huge = valid + "." + Forge.periodic(size, 4096, size, "");
            Exchange e = attack(huge).refusedByHttpLayer();
            if (e.answer().first("WWW-Authenticate") != null) {
                e.refused(e.status() == 400 ? MALFORMED_REQUEST : TOKEN_TOO_LARGE);
            }
        }
        String mega = Forge.periodic(7, 4096, 1024 * 1024, "");
        for (int i = 0; i < 20; i++) {
            attack(mega).refusedByHttpLayer();
        }
        attack(VICTIM.token().build()).accepted();
    }

    @Test
    void whenTheTokenHasAHundredThousandDotsThenRefusedFast() {
        String dots = Forge.periodic(3, 1024, 220_000, ".");
        assertThat(dots.chars().filter(c -> c == '.').count()).isGreaterThan(100_000);
        attack(dots).refusedByHttpLayer();
        attack("a.".repeat(4000)).refused(MALFORMED);
        attack(".".repeat(8000)).refused(MALFORMED);
    }

    @Test
    void whenThereAreManyAuthorizationHeadersThen400OrA4xxFromTheHttpLayer() {
        String token = VICTIM.token().build();
        for (int count : new int[] {2, 10, 100}) {
            RawHttp.Request r = get("attack", "/orders/1", null);
            for (int i = 0; i < count; i++) {
                r.header(i % 2 == 0 ? "Authorization" : "authorization", "Bearer " + token);
            }
            send(r, token).refused(MULTIPLE_TOKENS);
        }
        RawHttp.Request many = get("attack", "/orders/1", null);
        for (int i = 0; i < 2000; i++) {
            many.header("Authorization", "Bearer " + token);
        }
        send(many, token).refusedByHttpLayer();
        send(get("attack", "/orders/1", null).header("Authorization", "Bearer " + token + ", Bearer " + token), token)
                .refused(MULTIPLE_TOKENS);
        send(get("attack", "/orders/1", null).header("Authorization", "Bearer " + token + ",Basic eA=="), token)
                .refused(MULTIPLE_TOKENS);
        send(
                        get("attack", "/orders/1", null)
                                .header("Authorization", "Bearer " + token)
                                .header("Authorization", "Basic eA=="),
                        token)
                .refused(MULTIPLE_TOKENS);
    }

    // ---------------------------------------------------------------- hostile key sets

    @Test
    void whenTheJwkSetHasJunkEntriesThenTheyAreIgnoredAndTheGoodKeyStillVerifies() {
        TestKey good = TestKey.rsa(kid("good"));
        String junkKid = kid("junk");
        HOSTILE.publishRawJwks(
                "{\"keys\":[1,\"x\",null,[],{},true,{\"kty\":\"RSA\"},{\"kty\":\"RSA\",\"kid\":\"" + junkKid
                        + "\",\"n\":\"!!\",\"e\":\"AQAB\"},{\"kty\":\"" + MARK + "\",\"kid\":\"" + junkKid
                        + "\"},{\"kty\":\"RSA\",\"kid\":\""
                        + junkKid + "\",\"n\":12,\"e\":[]}," + good.publicJwk() + "]}");
        jwks(HOSTILE.token().signedWith(good).build()).accepted();
        jwks(HOSTILE.token().signedWith(TestKey.rsa(junkKid)).build()).refused(UNKNOWN_KEY);
    }

    @Test
    void whenTheJwkSetHasAWeakRsaKeyThenTokensSignedWithItAreRefused() {
        TestKey weak = TestKey.rsa(kid("weak"), 1024, "RS256");
        HOSTILE.publishRawJwks(set(weak.publicJwk(), TestKey.rsa(kid("good")).publicJwk()));
        jwks(HOSTILE.token().signedWith(weak).build()).refused(UNKNOWN_KEY);
    }

    @Test
    void whenTheJwkSetHasASymmetricKeyThenHmacTokensAreRefused() {
        String kid = kid("oct");
        byte[] secret = ("shared-secret-" + kid).getBytes(StandardCharsets.UTF_8);
        HOSTILE.publishRawJwks(set(
                "{\"kty\":\"oct\",\"kid\":\"" + kid + "\",\"alg\":\"HS256\",\"k\":\"" + Forge.b64(secret) + "\"}",
                TestKey.rsa(kid("good")).publicJwk()));
        String claims = HOSTILE.token().unsignedPayloadJson();
        jwks(Forge.hmac("HmacSHA256", "{\"alg\":\"HS256\",\"kid\":\"" + kid + "\"}", claims, secret))
                .refused(UNSUPPORTED_ALGORITHM);
        jwks(HOSTILE.token().signedWith(TestKey.rsa(kid)).build()).refused(UNKNOWN_KEY);
    }

    @Test
    void whenTheJwkSetHasDuplicateKidsThenOnlyThePublishedKeysVerify() {
        String kid = kid("dup");
        TestKey a = TestKey.rsa(kid);
        TestKey b = TestKey.rsaUnique(kid);
        HOSTILE.publishRawJwks(set(a.publicJwk(), b.publicJwk()));
        jwks(HOSTILE.token().signedWith(a).build()).accepted();
        jwks(HOSTILE.token().signedWith(b).build()).accepted();
        jwks(HOSTILE.token().signedWith(TestKey.rsaUnique(kid)).build()).refused(BAD_SIGNATURE);
    }

    @Test
    void whenTheJwkSetMarksAKeyForEncryptionThenTokensSignedWithItAreRefused() {
        TestKey enc = TestKey.rsa(kid("enc"));
        TestKey ops = TestKey.rsa(kid("ops"));
        HOSTILE.publishRawJwks(set(
                enc.publicJwk().replace("\"use\":\"sig\"", "\"use\":\"enc\""),
                ops.publicJwk().replace("\"use\":\"sig\"", "\"key_ops\":[\"encrypt\",\"wrapKey\"]"),
                TestKey.rsa(kid("good")).publicJwk()));
        jwks(HOSTILE.token().signedWith(enc).build()).refused(UNKNOWN_KEY);
        jwks(HOSTILE.token().signedWith(ops).build()).refused(UNKNOWN_KEY);
    }

    @Test
    void whenTheJwkSetHasAnRsaKeyWithExponentOneThenNoForgeryVerifies() {
        // With e = 1 "verification" is s mod n == EM: anyone could sign. The key must be ignored.
        TestKey real = TestKey.rsa(kid("e1"));
        RSAPublicKey pub = (RSAPublicKey) real.publicKey();
        HOSTILE.publishRawJwks(set(
                Forge.rsaJwk(pub, real.kid(), BigInteger.ONE),
                TestKey.rsa(kid("good")).publicJwk()));
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + real.kid() + "\"}";
        String signingInput = dev.portcullis.testkit.Tokens.signingInput(
                header, HOSTILE.token().unsignedPayloadJson());
        byte[] forged = pkcs1Sha256(signingInput, pub.getModulus().bitLength() / 8);
        jwks(signingInput + "." + Forge.b64(forged)).refused(UNKNOWN_KEY);
    }

    /** An RSA "key" with an even public exponent is no RSA key: ignored like any junk entry. */
    @Test
    void whenTheJwkSetHasAnRsaKeyWithAnEvenExponentThenItIsIgnored() {
        TestKey real = TestKey.rsa(kid("e4"));
        HOSTILE.publishRawJwks(set(
                Forge.rsaJwk((RSAPublicKey) real.publicKey(), real.kid(), BigInteger.valueOf(4)),
                TestKey.rsa(kid("good")).publicJwk()));
        jwks(HOSTILE.token().signedWith(real).build()).refused(UNKNOWN_KEY);
    }

    /**
     * An EC key whose point is not on its curve, and an EC entry with undecodable coordinates
     * ({@code "x":"!!"} reads as 0 to a lenient base64url decoder), are junk: ignored, so a token
     * naming the one gets UNKNOWN_KEY, and the other (without a kid) is no candidate for tokens
     * whose kid is unknown.
     */
    @Test
    void whenTheJwkSetHasAnEcKeyOffItsCurveOrWithJunkCoordinatesThenItIsIgnored() {
        TestKey ec = TestKey.ec(kid("curve"));
        Map<String, Object> jwk = new java.util.LinkedHashMap<>(jsonObject(ec.publicJwk()));
        BigInteger y = new BigInteger(1, Forge.B64URL_DECODER.decode((String) jwk.get("y")));
        jwk.put("y", Forge.b64(Forge.fixed(y.flipBit(0), 32)));
        HOSTILE.publishRawJwks(set(
                JsonUtil.toJson(jwk),
                "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"!!\",\"y\":\"\"}",
                TestKey.rsa(kid("good")).publicJwk()));
        jwks(HOSTILE.token().signedWith(ec).build()).refused(UNKNOWN_KEY);
        jwks(HOSTILE.token().signedWith(TestKey.ec(kid("nowhere"))).build()).refused(UNKNOWN_KEY);
    }

    @Test
    void whenTheJwkSetIsHugeThenUnknownKidsGet503FastAndKnownKeysKeepWorking() {
        TestKey known = TestKey.rsa(kid("known"));
        HOSTILE.publishRawJwks(set(known.publicJwk()));
        jwks(HOSTILE.token().signedWith(known).build()).accepted();
        HOSTILE.failWith(LocalIdp.Failure.OVERSIZED);
        jwks(HOSTILE.token().signedWith(TestKey.rsa(kid("new"))).build()).refused(KEYS_UNAVAILABLE);
        jwks(HOSTILE.token().signedWith(known).build()).accepted();
    }

    @Test
    void whenTheJwkSetEndpointHangsThenEveryWaiterGets503WithinTheFetchTimeout() {
        HOSTILE.failWith(LocalIdp.Failure.HANG);
        jwks(HOSTILE.token().signedWith(TestKey.rsa(kid("hang"))).build()).refused(KEYS_UNAVAILABLE);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Exchange>> waiters = IntStream.range(0, 4)
                    .mapToObj(i ->
                            HOSTILE.token().signedWith(TestKey.rsa(kid("hang"))).build())
                    .map(t -> CompletableFuture.supplyAsync(() -> jwks(t), clients))
                    .toList();
            for (CompletableFuture<Exchange> w : waiters) {
                w.join().refused(KEYS_UNAVAILABLE);
            }
        } finally {
            clients.shutdownNow();
        }
        jwks(HOSTILE.token().build()).accepted(); // the known key is unaffected
    }

    @Test
    void whenTheJwkSetEndpointTricklesItsAnswerThenTheFetchTimeoutBoundsEveryRequest() {
        // Every read gets a byte within 100 ms: only the total fetch timeout (1 s) ends the fetch.
        for (int i = 0; i < 3; i++) {
            String token = VICTIM.token().build();
            send(get("attack-slow", "/orders/1", token), token).refused(KEYS_UNAVAILABLE);
        }
        assertThat(TRICKLE.requests()).as("fetches from the trickling endpoint").isPositive();
    }

    @Test
    void whenTheJwkSetEndpointAnswersGarbageThenUnknownKidsGet503() {
        for (LocalIdp.Failure failure : List.of(
                LocalIdp.Failure.GARBAGE,
                LocalIdp.Failure.HTML,
                LocalIdp.Failure.HTTP_500,
                LocalIdp.Failure.HTTP_404,
                LocalIdp.Failure.DROP_CONNECTION,
                LocalIdp.Failure.EMPTY_KEYS)) {
            HOSTILE.failWith(failure);
            jwks(HOSTILE.token().signedWith(TestKey.rsa(kid("down"))).build()).refused(KEYS_UNAVAILABLE);
            jwks(HOSTILE.token().build()).accepted();
        }
        HOSTILE.recover();
        for (String body : List.of(
                "{\"keys\":[],\"keys\":[" + HOSTILE.activeKey().publicJwk() + "]}",
                "{\"keys\":{}}",
                "[" + HOSTILE.activeKey().publicJwk() + "]",
                "{\"keys\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                MARK,
                "-----BEGIN PUBLIC KEY-----END PUBLIC KEY-----",
                "-----BEGIN PUBLIC KEY-----\n!!\n-----END PUBLIC KEY-----")) {
            HOSTILE.publishRawJwks(body);
            jwks(HOSTILE.token().signedWith(TestKey.rsa(kid("bad-set"))).build())
                    .refused(KEYS_UNAVAILABLE);
        }
    }

    @Test
    void whenTheJwkSetHasHundredsOfKeysOrTensOfThousandsOfEntriesThenTheAnswerStaysFast() {
        // Real key sets hold a handful of keys; these must still be read within the 1 s fetch timeout.
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            keys.add(TestKey.rsa("many-" + i).publicJwk());
        }
        TestKey last = TestKey.rsa(kid("last"));
        keys.add(last.publicJwk());
        String body = set(keys.toArray(String[]::new));
        assertThat(body.length()).isLessThan(512 * 1024);
        HOSTILE.publishRawJwks(body);
        jwks(HOSTILE.token().signedWith(last).build()).accepted();
        jwks(HOSTILE.token().signedWith(TestKey.rsa(kid("absent"))).build()).refused(UNKNOWN_KEY);
        HOSTILE.publishRawJwks("{\"keys\":[" + "1,".repeat(50_000) + last.publicJwk() + "]}");
        jwks(HOSTILE.token().signedWith(TestKey.rsa(kid("absent"))).build()).refused(UNKNOWN_KEY);
        jwks(HOSTILE.token().signedWith(last).build()).accepted();
    }

    // ---------------------------------------------------------------- more

    @Test
    void whenUnknownKidsFloodThenEachIsRefusedFastAndTheKeysAreFetchedAtMostOnce() {
        int before = VICTIM.jwksRequests();
        for (int i = 0; i < 40; i++) {
            attack(VICTIM.token()
                            .header("kid", "flood-" + i + "-" + SERIAL.incrementAndGet())
                            .issuedAt(issuedBeforeTheFetch())
                            .build())
                    .refused(UNKNOWN_KEY);
        }
        assertThat(VICTIM.jwksRequests() - before)
                .as("JWKS fetches during the flood")
                .isLessThanOrEqualTo(1);
    }

    @Test
    void whenPathTricksAimAtAProtectedPathThenThereIsNoBypass() {
        List<String> tricks = List.of(
                "/public/../orders/1",
                "/public/..;/orders/1",
                "/public/%2e%2e/orders/1",
                "/public%2F..%2Forders/1",
                "/public/%2e%2e%2forders/1",
                "/health/../orders/1",
                "/health;x=y/../orders/1",
                "/health/%2e%2e/orders/1",
                "//orders/1",
                "/./orders/1",
                "/public/./../orders/1",
                "/ORDERS/1",
                "/orders/1;jsessionid=x",
                "/public/x/../../orders/1",
                "/health%00/../orders/1",
                "/%70ublic/../orders/1");
        for (String trick : tricks) {
            Exchange e = send(RawHttp.Request.get("/attack" + trick));
            if (e.status() == 200) {
                assertThat(e.answer().body())
                        .as("only a public path may pass without a token: %s", trick)
                        .containsPattern("path=/(health|public/)");
            } else {
                assertThat(e.status()).as(trick).isIn(400, 401, 404);
                if (e.status() == 401) {
                    e.refused(MISSING_TOKEN);
                }
            }
        }
    }

    @Test
    void whenThePathCarriesControlCharactersThenTheAnswerIsPreciseAndNoLogLineIsForged() {
        // Liberty refuses encoded CR and LF in the URI itself; the other controls reach the filter,
        // which logs the path with anything but printable ASCII replaced.
        for (String control :
                List.of("%0d%0a", "%0a", "%0d", "%1b%5b31m", "%00", "%09", "%7f", "%c2%85", "%e2%80%a8")) {
            String path = "/orders/" + control + "FORGED-" + MARK;
            expect(send(get("attack", path, null)), MISSING_TOKEN);
            String token = VICTIM.token().audience("account").build();
            expect(send(get("attack", path, token), token), WRONG_AUDIENCE);
            String narrow = VICTIM.token().scope("profile").build();
            expect(send(get("attack", path, narrow), narrow), INSUFFICIENT_SCOPE);
            expect(send(get("attack", path, "x,y"), "x,y"), MULTIPLE_TOKENS);
        }
    }

    @Test
    void whenRefusedThenNeitherStackTraceNorTokenNorInputComesBack() {
        // Exchange checks every answer; this test sends the markers everywhere a client can put them.
        String token = VICTIM.token()
                .header("kid", MARK)
                .claim("sub", MARK)
                .claim("aud", MARK)
                .issuedAt(issuedBeforeTheFetch())
                .build();
        send(
                        get("attack", "/orders/" + MARK + "?" + MARK + "=" + MARK, token)
                                .header("X-" + MARK, MARK)
                                .header("Accept", MARK)
                                .header("Origin", "https://" + MARK + ".example"),
                        token)
                .refused(UNKNOWN_KEY);
        send(get("attack", "/orders/1", null).header("Authorization", MARK + " " + MARK), "")
                .refused(MISSING_TOKEN);
        send(get("attack", "/orders/1", null).header("Authorization", "Bearer " + MARK + "\"" + MARK), "")
                .refused(MALFORMED_REQUEST);
    }

    // ---------------------------------------------------------------- logs, last

    @Test
    @Order(Integer.MAX_VALUE)
    void whenTheSuiteIsOverThenNoLogLineCarriesTokenContentAndEveryRefusalIsLoggedWithItsFingerprint() {
        // A last refusal whose log line must arrive: then the earlier ones have been written too.
        String last =
                VICTIM.token().audience("last-" + SERIAL.incrementAndGet()).build();
        attack(last).refused(WRONG_AUDIENCE);
        String lastFingerprint = TokenFingerprint.of(last);
        assertThat(ServerLogs.await(l -> l.contains(lastFingerprint), Duration.ofSeconds(10)))
                .as("the DEBUG line of the last refusal in %s", ServerLogs.directory())
                .isTrue();

        List<ServerLogs.Line> lines = ServerLogs.lines();
        Set<String> windows = ServerLogs.windows(Exchange.SENT);
        List<String> leaks = new ArrayList<>();
        for (ServerLogs.Line line : lines) {
            String slice = ServerLogs.leak(line.text(), windows);
            if (slice != null) {
                leaks.add(line + "  <- carries '" + slice + "'");
            }
        }
        assertThat(leaks)
                .as(
                        "log lines carrying 16 or more characters of a token sent (%d tokens, %d lines)",
                        Exchange.SENT.size(), lines.size())
                .isEmpty();

        List<String> refusalLines = lines.stream()
                .map(ServerLogs.Line::text)
                .filter(t -> t.contains("Refused ") && t.contains(": token "))
                .toList();
        List<String> missing = Exchange.LOGGED.stream()
                .filter(fr -> refusalLines.stream()
                        .noneMatch(t -> t.contains(fr.split(" ")[0]) && t.contains(fr.split(" ")[1])))
                .sorted()
                .toList();
        assertThat(missing)
                .as("refusals (fingerprint reason) without a DEBUG line, of %d", Exchange.LOGGED.size())
                .isEmpty();

        assertThat(lines.stream()
                        .map(ServerLogs.Line::text)
                        .filter(t -> t.startsWith("FORGED")
                                || t.contains("\rFORGED")
                                || t.contains("\u001b")
                                || t.contains("\u2028")
                                || t.contains("\u0085")
                                || t.contains("\u0000")
                                || t.contains("\u00e2\u0080\u00a8"))
                        .toList())
                .as("log lines forged, or carrying terminal escapes, through controls in the path")
                .isEmpty();
        assertThat(lines.stream()
                        .filter(l -> l.file().startsWith("ffdc"))
                        .map(ServerLogs.Line::text)
                        .filter(t -> t.contains("dev.portcullis"))
                        .collect(Collectors.toList()))
                .as("FFDC incidents in Portcullis")
                .isEmpty();
        assertThat(ATTACKER.jwksRequests() + ATTACKER.discoveryRequests())
                .as("requests to the attacker's server")
                .isZero();
        System.out.printf(
                "AttackSuiteIT: %d requests, %d tokens sent, slowest answer %d ms, %d refusals found in the DEBUG log,"
                        + " %d log lines checked, suite %d s%n",
                Exchange.REQUESTS.get(),
                Exchange.SENT.size(),
                Duration.ofNanos(Exchange.SLOWEST.get()).toMillis(),
                Exchange.LOGGED.size(),
                lines.size(),
                Duration.ofNanos(System.nanoTime() - SUITE_START).toSeconds());
        System.out.println("AttackSuiteIT: answers Liberty gave itself, before the filter, by status: "
                + new java.util.TreeMap<>(Exchange.HTTP_LAYER_STATUSES));
        Exchange.HTTP_LAYER_NOTES.stream()
                .sorted()
                .forEach(n -> System.out.println("AttackSuiteIT: Liberty's own error page: " + n));
    }

    // ---------------------------------------------------------------- helpers

    private static RawHttp.Request get(String app, String path, String token) {
        RawHttp.Request r = RawHttp.Request.get("/" + app + path);
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return r;
    }

    private static Exchange send(RawHttp.Request request, String... secrets) {
        return Exchange.send(
                request, Arrays.stream(secrets).filter(s -> !s.isEmpty()).toArray(String[]::new));
    }

    /** The token, as the whole credential, to the victim's application. */
    /**
     * An {@code iat} more than the leeway (60 s) before any fetch of the victim's keys: a token naming
     * a kid those keys lack is then refused as UNKNOWN_KEY at once; a fresher one may be answered 503
     * (KEY_NOT_YET_FETCHED) within the minimum refetch interval after a fetch, see issue 27.
     */
    private static java.time.Instant issuedBeforeTheFetch() {
        return VICTIM.clock().instant().minusSeconds(3_600);
    }

    private static Exchange attack(String token) {
        return send(get("attack", "/orders/1", token), token);
    }

    /** Portcullis' precise answer for {@code reason}, unless the HTTP layer refused the request before the filter. */
    private static void expect(Exchange e, dev.portcullis.core.FailureReason reason) {
        if (e.answer().first("WWW-Authenticate") != null) {
            e.refused(reason);
        } else {
            e.refusedByHttpLayer();
        }
    }

    private static Exchange typ(String token) {
        return send(get("attack-typ", "/orders/1", token), token);
    }

    private static Exchange jwks(String token) {
        return send(get("attack-jwks", "/orders/1", token), token);
    }

    /** Fresh, valid claims of the victim. */
    private static String claims() {
        return VICTIM.token().unsignedPayloadJson();
    }

    /** The claims with {@code name} set to the raw JSON {@code value} (replacing it if present). */
    private static String withClaim(String claims, String name, String rawValue) {
        Map<String, Object> map = new java.util.LinkedHashMap<>(jsonObject(claims));
        map.remove(name);
        String rest = JsonUtil.toJson(map);
        return rest.substring(0, rest.length() - 1) + (map.isEmpty() ? "" : ",") + json(name) + ":" + rawValue + "}";
    }

    private static Map<String, Object> jsonObject(String json) {
        try {
            return JsonUtil.parseJson(json);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON string literal; controls escaped. */
    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String set(String... jwks) {
        return "{\"keys\":[" + String.join(",", jwks) + "]}";
    }

    private static String kid(String prefix) {
        return prefix + "-" + SERIAL.incrementAndGet();
    }

    /** True if the token's last character has no stray low bits (canonical base64url end). */
    private static boolean canonicalEnd(String token) {
        return Forge.b64(Forge.signatureOf(token)).equals(token.substring(token.lastIndexOf('.') + 1));
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** A valid victim token whose text satisfies {@code condition} (jti is random: a few tries). */
    private static String tokenWith(java.util.function.Predicate<String> condition) {
        for (int i = 0; i < 200; i++) {
            String t = VICTIM.token().build();
            if (condition.test(t)) {
                return t;
            }
        }
        throw new IllegalStateException("no token satisfied the condition");
    }

    /** A valid victim token padded by a claim to {@code length} characters or up to 3 fewer. */
    private static String tokenOfLength(int length) {
        String base = VICTIM.token().claim("pad", "").build();
        int pad = (length - base.length()) * 3 / 4;
        String token = base;
        while (pad > 0) {
            token = VICTIM.token().claim("pad", "p".repeat(pad)).build();
            if (token.length() <= length) {
                break;
            }
            pad--;
        }
        return token;
    }

    /** The token with the unused low bits of its last base64url character set: same bytes, other text. */
    private static String withNonCanonicalEnd(String token) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int unusedBits = switch ((token.length() - token.lastIndexOf('.') - 1) % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> throw new IllegalArgumentException("the signature has no unused bits");
        };
        char last = token.charAt(token.length() - 1);
        int index = alphabet.indexOf(last) | ((1 << unusedBits) - 1);
        return token.substring(0, token.length() - 1) + alphabet.charAt(index);
    }

    /** EMSA-PKCS1-v1_5 encoding of SHA-256(input), as RS256 signs it, in {@code length} bytes. */
    private static byte[] pkcs1Sha256(String input, int length) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.US_ASCII));
            byte[] prefix = {
                0x30,
                0x31,
                0x30,
                0x0d,
                0x06,
                0x09,
                0x60,
                (byte) 0x86,
                0x48,
                0x01,
                0x65,
                0x03,
                0x04,
                0x02,
                0x01,
                0x05,
                0x00,
                0x04,
                0x20
            };
            byte[] out = new byte[length];
            Arrays.fill(out, (byte) 0xff);
            out[0] = 0;
            out[1] = 1;
            int t = prefix.length + hash.length;
            out[length - t - 1] = 0;
            System.arraycopy(prefix, 0, out, length - t, prefix.length);
            System.arraycopy(hash, 0, out, length - hash.length, hash.length);
            return out;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
