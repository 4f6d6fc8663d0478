package dev.portcullis.core;

import dev.portcullis.testkit.TestKey;
import dev.portcullis.testkit.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code alg} allow-list: never none, never HMAC, never an algorithm the key does not fit. */
class AlgorithmPolicyTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void whenAlgIsNoneInAnySpellingThenUnsupportedAlgorithm(String alg) {
        String token = Tokens.compact(
                "{\"alg\":\"" + alg + "\",\"kid\":\"key-1\"}", f.token().unsignedPayloadJson(), null);
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.UNSUPPORTED_ALGORITHM);
        assertThat(f.idp.jwksRequests()).isZero();
    }

    @Test
    void whenHs256SignedWithThePublicKeyThenUnsupportedAlgorithm() {
        String payload = f.token().unsignedPayloadJson();
        String header = "{\"alg\":\"HS256\",\"kid\":\"key-1\"}";
        TestKey key = f.idp.activeKey();
        for (byte[] secret : new byte[][] {
            key.publicPem().getBytes(StandardCharsets.US_ASCII),
            key.publicKey().getEncoded(),
            key.publicJwk().getBytes(StandardCharsets.UTF_8)
        }) {
            assertThat(reasonOf(f.validate(Tokens.hs256(header, payload, secret))))
                    .isEqualTo(FailureReason.UNSUPPORTED_ALGORITHM);
        }
    }

    @Test
    void whenAlgIsMissingOrNotAStringThenUnsupportedAlgorithm() {
        String payload = f.token().unsignedPayloadJson();
        assertThat(reasonOf(f.validate(Tokens.compact("{\"kid\":\"key-1\"}", payload, new byte[256]))))
                .isEqualTo(FailureReason.UNSUPPORTED_ALGORITHM);
        assertThat(reasonOf(f.validate(Tokens.compact("{\"alg\":256}", payload, new byte[256]))))
                .isEqualTo(FailureReason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void whenAlgorithmOutsideAllowListThenUnsupportedAlgorithmEvenIfSignatureIsGood() {
        String rs384 = f.token().header("alg", "RS384").build();
        assertThat(reasonOf(f.validate(rs384))).isEqualTo(FailureReason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void whenAlgorithmAllowedThenOtherFamiliesVerify() {
        TestKey ec = TestKey.ec("ec-1");
        TestKey ps = TestKey.rsa("ps-1", 2048, "PS256");
        f.idp.publish(f.idp.activeKey(), ec, ps);
        f.validator(b -> b.algorithms("RS256", "ES256", "PS256"));
        assertThat(f.validate(f.token().signedWith(ec).build()).isValid()).isTrue();
        assertThat(f.validate(f.token().signedWith(ps).build()).isValid()).isTrue();
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
    }

    @Test
    void whenAlgDoesNotFitTheKeyTypeThenUnknownKey() {
        TestKey ec = TestKey.ec("ec-1");
        f.validator(b -> b.algorithms("RS256", "ES256"));
        // ES256 header naming the RSA key: no ES256 key with that kid exists.
        String token = f.token().signedWith(ec).header("kid", "key-1").build();
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.UNKNOWN_KEY);
    }

    @Test
    void whenJwkAlgDisagreesWithTokenAlgThenKeyIsNotUsed() {
        // The published key says RS256; a PS256 token under the same kid must not verify with it.
        f.validator(b -> b.algorithms("RS256", "PS256"));
        String token = f.token().header("alg", "PS256").build();
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.UNKNOWN_KEY);
    }

    @Test
    void whenHmacOrNoneConfiguredThenBuildFailsNamingTheAlgorithm() {
        assertThatThrownBy(() -> ValidatorConfig.builder().algorithms("HS256"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HS256")
                .hasMessageContaining("HMAC");
        assertThatThrownBy(() -> ValidatorConfig.builder().algorithms("none"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none");
        assertThatThrownBy(() -> ValidatorConfig.builder().algorithms("RS1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("supported algorithms are");
    }
}
