package dev.portcullis.testkit;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An asymmetric signing key pair with a key id ({@code kid}) and a JWS algorithm, for use in tests.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <p><b>RSA key pool.</b> Generating RSA key pairs is slow (~0.1 s for 2048 bits), so {@link #rsa(String)} and
 * {@link #rsa(String, int, String)} draw from a small static pool of {@value #RSA_POOL_SIZE} key pairs per key size,
 * generated lazily on first use and then handed out round-robin under whatever kid is requested. The first
 * {@value #RSA_POOL_SIZE} calls for a given size therefore return distinct key material, later calls reuse it.
 * When a test needs a key that is guaranteed to differ from every other key in the JVM (for example an "attacker"
 * key that deliberately reuses the kid of a published key), use {@link #rsaUnique(String)} instead. EC keys are cheap
 * and always freshly generated.
 *
 * @since 0.1.0
 */
public final class TestKey {

    /** Number of pooled key pairs per RSA key size. */
    static final int RSA_POOL_SIZE = 8;

    private static final Set<String> RSA_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
    private static final Map<String, String> EC_CURVES = Map.of(
            "ES256", "secp256r1",
            "ES384", "secp384r1",
            "ES512", "secp521r1");
    private static final Map<Integer, RsaPool> RSA_POOLS = new ConcurrentHashMap<>();

    private final String kid;
    private final String algorithm;
    private final KeyPair keyPair;
    private final String publicJwk;

    private TestKey(String kid, String algorithm, KeyPair keyPair) {
        this.kid = requireText(kid, "kid");
        this.algorithm = algorithm;
        this.keyPair = keyPair;
        this.publicJwk = toPublicJwk(kid, algorithm, keyPair.getPublic());
    }

    /**
     * An RSA 2048-bit key for RS256, taken from the shared key pool (see the class description).
     *
     * @param kid the key id, not blank
     * @return the key
     */
    public static TestKey rsa(String kid) {
        return rsa(kid, 2048, "RS256");
    }

    /**
     * An RSA key of the given size for the given algorithm, taken from the shared key pool for that size (see the
     * class description). Weak sizes such as 1024 are allowed on purpose.
     *
     * @param kid the key id, not blank
     * @param bits the modulus size in bits, at least 512
     * @param alg one of RS256, RS384, RS512, PS256, PS384, PS512
     * @return the key
     */
    public static TestKey rsa(String kid, int bits, String alg) {
        requireText(kid, "kid");
        requireRsaAlgorithm(alg);
        requireRsaBits(bits);
        return new TestKey(
                kid, alg, RSA_POOLS.computeIfAbsent(bits, RsaPool::new).next());
    }

    /**
     * An RSA 2048-bit RS256 key whose key pair is freshly generated and never shared with any other key.
     *
     * @param kid the key id, not blank
     * @return the key
     */
    public static TestKey rsaUnique(String kid) {
        requireText(kid, "kid");
        return new TestKey(kid, "RS256", generateRsa(2048));
    }

    /**
     * A freshly generated EC P-256 key for ES256.
     *
     * @param kid the key id, not blank
     * @return the key
     */
    public static TestKey ec(String kid) {
        return ec(kid, "ES256");
    }

    /**
     * A freshly generated EC key on the curve that belongs to the given algorithm.
     *
     * @param kid the key id, not blank
     * @param curveAlg ES256 (P-256), ES384 (P-384) or ES512 (P-521)
     * @return the key
     */
    public static TestKey ec(String kid, String curveAlg) {
        String curve = EC_CURVES.get(curveAlg);
        if (curve == null) {
            throw new IllegalArgumentException(
                    "unsupported EC algorithm " + curveAlg + ", expected one of " + EC_CURVES.keySet());
        }
        requireText(kid, "kid");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return new TestKey(kid, curveAlg, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate EC key on " + curve, e);
        }
    }

    /** @return the key id ({@code kid}) */
    public String kid() {
        return kid;
    }

    /** @return the JWS algorithm this key signs with, e.g. {@code RS256} */
    public String algorithm() {
        return algorithm;
    }

    /** @return the public key */
    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** @return the private key */
    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /**
     * The public JWK as a JSON object: {@code kty}, {@code kid}, {@code use} = {@code sig}, {@code alg}, and
     * {@code n}/{@code e} (RSA) or {@code crv}/{@code x}/{@code y} (EC).
     *
     * @return the JWK JSON
     */
    public String publicJwk() {
        return publicJwk;
    }

    /**
     * The public key as a PEM-encoded X.509 SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}).
     *
     * @return the PEM text, ending with a newline
     */
    public String publicPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keyPair.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /** Two keys are equal when kid, algorithm and public key are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TestKey that
                && kid.equals(that.kid)
                && algorithm.equals(that.algorithm)
                && publicKey().equals(that.publicKey());
    }

    @Override
    public int hashCode() {
        return Objects.hash(kid, algorithm, publicKey());
    }

    /** A description without key material. */
    @Override
    public String toString() {
        return "TestKey[kid=" + kid + ", alg=" + algorithm + ", " + describeKey() + "]";
    }

    /** Whether this key's material is the same as the other key's (ignoring kid and algorithm). */
    boolean sameMaterialAs(TestKey other) {
        return publicKey().equals(other.publicKey());
    }

    /** Whether a JWS with the given {@code alg} can be produced with this key's private key. */
    boolean canSign(String alg) {
        if (privateKey() instanceof RSAKey) {
            return RSA_ALGORITHMS.contains(alg);
        }
        if (privateKey() instanceof ECKey ec) {
            return alg.equals(
                    ecAlgorithmFor(ec.getParams().getCurve().getField().getFieldSize()));
        }
        return false;
    }

    private String describeKey() {
        if (publicKey() instanceof RSAKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        if (publicKey() instanceof ECKey ec) {
            return "EC " + ec.getParams().getCurve().getField().getFieldSize();
        }
        return publicKey().getAlgorithm();
    }

    private static String ecAlgorithmFor(int fieldSize) {
        return switch (fieldSize) {
            case 256 -> "ES256";
            case 384 -> "ES384";
            case 521 -> "ES512";
            default -> "";
        };
    }

    private static String toPublicJwk(String kid, String alg, PublicKey publicKey) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(publicKey);
            jwk.setKeyId(kid);
            jwk.setUse("sig");
            jwk.setAlgorithm(alg);
            return jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot build JWK for " + kid, e);
        }
    }

    private static void requireRsaAlgorithm(String alg) {
        if (!RSA_ALGORITHMS.contains(alg)) {
            throw new IllegalArgumentException(
                    "unsupported RSA algorithm " + alg + ", expected one of " + RSA_ALGORITHMS);
        }
    }

    private static void requireRsaBits(int bits) {
        if (bits < 512) {
            throw new IllegalArgumentException("RSA key size must be at least 512 bits, was " + bits);
        }
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    private static KeyPair generateRsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate RSA-" + bits + " key", e);
        }
    }

    /** A lazily filled, round-robin pool of RSA key pairs of one size. */
    private static final class RsaPool {
        private final int bits;
        private final List<KeyPair> keyPairs = new ArrayList<>(RSA_POOL_SIZE);
        private int next;

        RsaPool(int bits) {
            this.bits = bits;
        }

        synchronized KeyPair next() {
            KeyPair keyPair;
            if (keyPairs.size() < RSA_POOL_SIZE) {
                keyPair = generateRsa(bits);
                keyPairs.add(keyPair);
            } else {
                keyPair = keyPairs.get(next);
                next = (next + 1) % RSA_POOL_SIZE;
            }
            return keyPair;
        }
    }
}
