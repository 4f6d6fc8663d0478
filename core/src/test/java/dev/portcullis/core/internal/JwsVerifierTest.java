package dev.portcullis.core.internal;

import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Signatures verified with java.security.Signature on the raw signing input, for every JWS algorithm we accept. */
class JwsVerifierTest {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String INPUT = B64.encodeToString("{\"alg\":\"X\"}".getBytes(StandardCharsets.UTF_8)) + "."
            + B64.encodeToString("{\"sub\":\"alice\",\"exp\":1}".getBytes(StandardCharsets.UTF_8));
    private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();

    private static KeyPair keys(String alg) {
        return KEYS.computeIfAbsent(alg, a -> {
            try {
                KeyPairGenerator g;
                switch (a.substring(0, 2)) {
                    case "RS", "PS" -> {
                        g = KeyPairGenerator.getInstance("RSA");
                        g.initialize(2048);
                    }
                    case "ES" -> {
                        g = KeyPairGenerator.getInstance("EC");
                        g.initialize(new ECGenParameterSpec(
                                Map.of("ES256", "secp256r1", "ES384", "secp384r1", "ES512", "secp521r1")
                                        .get(a)));
                    }
                    default -> g = KeyPairGenerator.getInstance(a.equals("Ed448") ? "Ed448" : "Ed25519");
                }
                return g.generateKeyPair();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Signs with the JDK, independently of the verifier's choices (PSS parameters spelt out). */
    private static byte[] sign(String alg, PrivateKey key, String input) throws Exception {
        Signature s;
        switch (alg) {
            case "PS256", "PS384", "PS512" -> {
                String bits = alg.substring(2);
                s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec(
                        "SHA-" + bits, "MGF1", new MGF1ParameterSpec("SHA-" + bits), Integer.parseInt(bits) / 8, 1));
            }
            case "ES256", "ES384", "ES512" ->
                s = Signature.getInstance("SHA" + alg.substring(2) + "withECDSAinP1363Format");
            case "Ed25519", "Ed448" -> s = Signature.getInstance(alg);
            default -> s = Signature.getInstance("SHA" + alg.substring(2) + "withRSA");
        }
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return s.sign();
    }

    private static String jwsAlg(String alg) {
        return alg.startsWith("Ed") ? "EdDSA" : alg;
    }

    private static boolean verify(String alg, PublicKey key, String token) {
        return verifyAs(jwsAlg(alg), key, token);
    }

    private static boolean verifyAs(String jwsAlg, PublicKey key, String token) {
        int dot = token.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        return JwsVerifier.verify(jwsAlg, key, token.getBytes(StandardCharsets.US_ASCII), dot, signature);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "Ed25519", "Ed448"
            })
    void whenSignedWithTheKeyThenVerifiesAndEveryAlterationFails(String alg) throws Exception {
        KeyPair pair = keys(alg);
        byte[] signature = sign(alg, pair.getPrivate(), INPUT);
        String token = INPUT + "." + B64.encodeToString(signature);
        for (int i = 0; i < 3; i++) { // pooled Signature objects keep working, parameters included
            assertThat(verify(alg, pair.getPublic(), token)).as(alg).isTrue();
        }
        byte[] flipped = signature.clone();
        flipped[flipped.length / 2] ^= 1;
        assertThat(verify(alg, pair.getPublic(), INPUT + "." + B64.encodeToString(flipped)))
                .isFalse();
        String otherInput = INPUT.substring(0, INPUT.length() - 2) + (INPUT.endsWith("Q") ? "w" : "Q");
        assertThat(verify(alg, pair.getPublic(), otherInput + "." + B64.encodeToString(signature)))
                .isFalse();
        assertThat(verify(
                        alg,
                        pair.getPublic(),
                        INPUT + "." + B64.encodeToString(Arrays.copyOf(signature, signature.length - 1))))
                .isFalse();
        assertThat(verify(
                        alg,
                        pair.getPublic(),
                        INPUT + "." + B64.encodeToString(Arrays.copyOf(signature, signature.length + 1))))
                .isFalse();
        assertThat(verify(alg, pair.getPublic(), INPUT + ".")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "PS256", "ES256", "ES512", "Ed25519"})
    void whenJose4jSignsThenTheVerifierAgrees(String alg) throws Exception {
        KeyPair pair = keys(alg);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(jwsAlg(alg));
        jws.setPayload("{\"sub\":\"alice\"}");
        jws.setKey(pair.getPrivate());
        String token = jws.getCompactSerialization();
        assertThat(verify(alg, pair.getPublic(), token)).isTrue();
    }

    @Test
    void whenSignedWithAnotherKeyOrTheKeyDoesNotFitThenFalse() throws Exception {
        String token =
                INPUT + "." + B64.encodeToString(sign("RS256", keys("RS256").getPrivate(), INPUT));
        assertThat(verify("RS256", keys("PS256").getPublic(), token)).isFalse();
        assertThat(verify("RS256", keys("ES256").getPublic(), token)).isFalse();
        assertThat(verifyAs("ES256", keys("RS256").getPublic(), token)).isFalse();
        assertThat(verifyAs("HS256", keys("RS256").getPublic(), token)).isFalse();
        assertThat(verifyAs("none", keys("RS256").getPublic(), token)).isFalse();
        String pss =
                INPUT + "." + B64.encodeToString(sign("PS256", keys("RS256").getPrivate(), INPUT));
        assertThat(verify("RS256", keys("RS256").getPublic(), pss))
                .as("a PSS signature is not PKCS #1 v1.5")
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "ES384", "ES512"})
    void whenEcdsaRorSIsOutsideOneToNMinusOneThenFalse(String alg) throws Exception {
        // CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify, nor r or s >= n.
        ECPublicKey key = (ECPublicKey) keys(alg).getPublic();
        int size = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        BigInteger n = key.getParams().getOrder();
        byte[] good = sign(alg, keys(alg).getPrivate(), INPUT);
        byte[] r = Arrays.copyOfRange(good, 0, size);
        byte[] s = Arrays.copyOfRange(good, size, 2 * size);
        byte[] zero = new byte[size];
        List<byte[]> forged = new ArrayList<>();
        forged.add(new byte[2 * size]);
        forged.add(concat(zero, s));
        forged.add(concat(r, zero));
        forged.add(concat(fixed(n, size), s));
        forged.add(concat(r, fixed(n, size)));
        forged.add(concat(fixed(n.add(new BigInteger(1, r)), size), s)); // r + n, where it fits (P-521)
        forged.add(concat(fixed(BigInteger.TWO.pow(8 * size).subtract(BigInteger.ONE), size), s));
        for (byte[] signature : forged) {
            assertThat(verify(alg, key, INPUT + "." + B64.encodeToString(signature)))
                    .isFalse();
        }
        assertThat(verify(alg, key, INPUT + "." + B64.encodeToString(good))).isTrue();
    }

    @Test
    void whenEcdsaSignatureIsDerEncodedThenFalse() throws Exception {
        Signature der = Signature.getInstance("SHA256withECDSA");
        der.initSign(keys("ES256").getPrivate());
        der.update(INPUT.getBytes(StandardCharsets.US_ASCII));
        assertThat(verify("ES256", keys("ES256").getPublic(), INPUT + "." + B64.encodeToString(der.sign())))
                .isFalse();
    }

    @Test
    void whenManyThreadsVerifyAtOnceThenEachAnswerIsRight() throws Exception {
        Map<String, String> good = new ConcurrentHashMap<>();
        Map<String, String> bad = new ConcurrentHashMap<>();
        for (String alg : List.of("RS256", "PS256", "ES256", "Ed25519")) {
            byte[] signature = sign(alg, keys(alg).getPrivate(), INPUT);
            good.put(alg, INPUT + "." + B64.encodeToString(signature));
            signature[0] ^= 1;
            bad.put(alg, INPUT + "." + B64.encodeToString(signature));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        for (String alg : good.keySet()) {
                            if (!verify(alg, keys(alg).getPublic(), good.get(alg))
                                    || verify(alg, keys(alg).getPublic(), bad.get(alg))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] fixed(BigInteger value, int size) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[size];
        int copy = Math.min(size, raw.length);
        System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
