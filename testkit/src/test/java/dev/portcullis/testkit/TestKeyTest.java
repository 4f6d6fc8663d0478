package dev.portcullis.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestKeyTest {

    @Test
    void rsaKeyIsRs256With2048BitModulusAndGivenKid() {
        TestKey key = TestKey.rsa("k1");

        assertThat(key.kid()).isEqualTo("k1");
        assertThat(key.algorithm()).isEqualTo("RS256");
        assertThat(((RSAPublicKey) key.publicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(key.privateKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void rsaPublicJwkHasTypeKidUseAlgAndModulusButNoPrivateParts() {
        TestKey key = TestKey.rsa("k1", 2048, "PS256");

        Map<String, Object> jwk = Http.json(key.publicJwk());

        assertThat(jwk)
                .containsEntry("kty", "RSA")
                .containsEntry("kid", "k1")
                .containsEntry("use", "sig")
                .containsEntry("alg", "PS256")
                .containsEntry("e", "AQAB")
                .containsKey("n")
                .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
    }

    @ParameterizedTest
    @CsvSource({"ES256, P-256, 256", "ES384, P-384, 384", "ES512, P-521, 521"})
    void ecPublicJwkNamesTheCurveOfTheAlgorithm(String alg, String crv, int fieldSize) {
        TestKey key = TestKey.ec("ec", alg);

        Map<String, Object> jwk = Http.json(key.publicJwk());

        assertThat(key.algorithm()).isEqualTo(alg);
        assertThat(((ECPublicKey) key.publicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(fieldSize);
        assertThat(jwk)
                .containsEntry("kty", "EC")
                .containsEntry("kid", "ec")
                .containsEntry("use", "sig")
                .containsEntry("alg", alg)
                .containsEntry("crv", crv)
                .containsKeys("x", "y")
                .doesNotContainKey("d");
    }

    @Test
    void ecDefaultsToEs256OnP256() {
        TestKey key = TestKey.ec("ec");

        assertThat(key.algorithm()).isEqualTo("ES256");
        assertThat(Http.json(key.publicJwk())).containsEntry("crv", "P-256");
    }

    @Test
    void publicPemIsSubjectPublicKeyInfoOfThePublicKey() throws Exception {
        for (TestKey key : new TestKey[] {TestKey.rsa("r"), TestKey.ec("e")}) {
            String pem = key.publicPem();

            assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("\n-----END PUBLIC KEY-----\n");
            String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "");
            assertThat(body.lines())
                    .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
            byte[] der = Base64.getMimeDecoder().decode(body);
            PublicKey parsed =
                    KeyFactory.getInstance(key.publicKey().getAlgorithm()).generatePublic(new X509EncodedKeySpec(der));
            assertThat(parsed).isEqualTo(key.publicKey());
        }
    }

    @Test
    void weakAndLargerRsaKeysCanBeRequested() {
        TestKey weak = TestKey.rsa("weak", 1024, "RS256");
        TestKey rs384 = TestKey.rsa("rs384", 3072, "RS384");

        assertThat(((RSAPublicKey) weak.publicKey()).getModulus().bitLength()).isEqualTo(1024);
        assertThat(((RSAPublicKey) rs384.publicKey()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(rs384.algorithm()).isEqualTo("RS384");
    }

    @Test
    void unsupportedAlgorithmsSizesAndKidsAreRejected() {
        assertThatThrownBy(() -> TestKey.rsa("k", 2048, "ES256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestKey.rsa("k", 2048, "HS256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestKey.rsa("k", 256, "RS256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestKey.ec("k", "RS256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestKey.rsa(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestKey.ec(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void hundredsOfPooledRsaKeysReuseAFewKeyPairsUnderDifferentKids() {
        Set<PublicKey> material = new HashSet<>();
        IntStream.range(0, 300).mapToObj(i -> TestKey.rsa("pooled-" + i)).forEach(key -> {
            assertThat(key.kid()).startsWith("pooled-");
            material.add(key.publicKey());
        });

        assertThat(material).hasSizeLessThanOrEqualTo(TestKey.RSA_POOL_SIZE);
    }

    @Test
    void consecutivePooledRsaKeysDiffer() {
        TestKey first = TestKey.rsa("a");
        TestKey second = TestKey.rsa("b");

        assertThat(first.publicKey()).isNotEqualTo(second.publicKey());
    }

    @Test
    void uniqueRsaKeyNeverSharesMaterialWithPooledKeys() {
        Set<PublicKey> pooled = new HashSet<>();
        for (int i = 0; i < TestKey.RSA_POOL_SIZE * 2; i++) {
            pooled.add(TestKey.rsa("p" + i).publicKey());
        }

        TestKey unique = TestKey.rsaUnique("attacker");

        assertThat(unique.algorithm()).isEqualTo("RS256");
        assertThat(pooled).doesNotContain(unique.publicKey());
    }

    @Test
    void keysAreEqualWhenKidAlgorithmAndPublicKeyAreEqual() {
        TestKey key = TestKey.ec("e");

        assertThat(key).isNotEqualTo(TestKey.ec("e")).isNotEqualTo(TestKey.ec("f"));
        assertThat(key.hashCode()).isEqualTo(Objects.hash(key.kid(), key.algorithm(), key.publicKey()));
        assertThat(key.toString())
                .contains("e", "ES256")
                .doesNotContain(key.privateKey().toString());
    }
}
