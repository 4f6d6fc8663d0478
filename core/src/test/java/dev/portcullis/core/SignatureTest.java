package dev.portcullis.core;

import dev.portcullis.testkit.TestKey;
import dev.portcullis.testkit.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The signature must verify with the issuer's published key. */
class SignatureTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenSignedByTheActiveKeyThenValid() {
        ValidationResult result = f.validate(f.token().build());
        assertThat(result.isValid()).isTrue();
        assertThat(result.verifiedToken().orElseThrow().keyId()).contains("key-1");
    }

    @Test
    void whenPayloadTamperedThenBadSignature() {
        String[] p = f.token().build().split("\\.");
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(f.token()
                        .scope("read:orders write:orders admin")
                        .unsignedPayloadJson()
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(reasonOf(f.validate(p[0] + "." + forged + "." + p[2]))).isEqualTo(FailureReason.BAD_SIGNATURE);
    }

    @Test
    void whenSignedByAnotherKeyUnderAKnownKidThenBadSignature() {
        TestKey impostor = TestKey.rsaUnique("key-1");
        assertThat(reasonOf(f.validate(f.token().signedWith(impostor).build()))).isEqualTo(FailureReason.BAD_SIGNATURE);
    }

    @Test
    void whenSignatureEmptyThenBadSignature() {
        String token = Tokens.compact(f.token().headerJson(), f.token().unsignedPayloadJson(), null);
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.BAD_SIGNATURE);
    }

    @Test
    void whenSignatureTruncatedOrExtendedThenBadSignature() {
        String good = f.token().build();
        String input = good.substring(0, good.lastIndexOf('.'));
        byte[] signature = Base64.getUrlDecoder().decode(good.substring(good.lastIndexOf('.') + 1));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String truncated = input + "." + b64.encodeToString(java.util.Arrays.copyOf(signature, signature.length - 3));
        String extended = input + "." + b64.encodeToString(java.util.Arrays.copyOf(signature, signature.length + 3));
        assertThat(reasonOf(f.validate(truncated))).isEqualTo(FailureReason.BAD_SIGNATURE);
        assertThat(reasonOf(f.validate(extended))).isEqualTo(FailureReason.BAD_SIGNATURE);
        // Cutting characters rather than bytes usually leaves a non-canonical encoding (malformed); when
        // the cut happens to be canonical, the shorter signature simply does not verify.
        assertThat(reasonOf(f.validate(good.substring(0, good.length() - 4))))
                .isIn(FailureReason.MALFORMED, FailureReason.BAD_SIGNATURE);
    }

    @Test
    void whenEcdsaSignatureIsAllZeroThenBadSignature() {
        // CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify.
        TestKey ec = TestKey.ec("ec-1");
        f.idp.publish(ec);
        f.validator(b -> b.algorithms("ES256"));
        String token =
                Tokens.compact(f.token().signedWith(ec).headerJson(), f.token().unsignedPayloadJson(), new byte[64]);
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.BAD_SIGNATURE);
    }

    @Test
    void whenNoKidAndOneFittingKeyThenThatKeyVerifies() {
        assertThat(f.validate(f.token().header("kid", null).build()).isValid()).isTrue();
    }
}
