package dev.portcullis.core;

import dev.portcullis.testkit.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Size and shape: checked before any JSON is parsed or any key fetched. */
class TokenShapeTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenTokenNullOrEmptyThenMissingToken() {
        assertThat(reasonOf(f.validate(null))).isEqualTo(FailureReason.MISSING_TOKEN);
        assertThat(reasonOf(f.validate(""))).isEqualTo(FailureReason.MISSING_TOKEN);
    }

    @Test
    void whenTokenLongerThanLimitThenTooLargeWithoutFetchingKeys() {
        String token = "a".repeat(8 * 1024 + 1);
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.TOKEN_TOO_LARGE);
        assertThat(f.idp.jwksRequests()).isZero();
    }

    @Test
    void whenTokenExactlyAtLimitThenItIsReadAndJudgedOnContent() {
        String padded = f.token().claim("pad", "x".repeat(5000)).build();
        assertThat(padded.length()).isLessThan(8 * 1024);
        assertThat(f.validate(padded).isValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc",
                "a.b",
                "a.b.c.d",
                "a.b.c.d.e.f",
                "..",
                "a..c",
                ".b.c",
                "a.b.c=",
                "a b.c.d",
                "a+b.c.d",
                "a/b.c.d",
                "a.b.c\n",
                "a.b.c "
            })
    void whenNotThreeBase64UrlPartsThenMalformed(String token) {
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.MALFORMED);
        assertThat(f.idp.jwksRequests()).isZero();
    }

    @Test
    void whenEncryptedTokenWithFivePartsThenMalformed() {
        assertThat(reasonOf(f.validate("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d"))).isEqualTo(FailureReason.MALFORMED);
    }

    @Test
    void whenPaddedBase64ThenMalformed() {
        String good = f.token().build();
        String[] p = good.split("\\.");
        assertThat(reasonOf(f.validate(p[0] + "==." + p[1] + "." + p[2]))).isEqualTo(FailureReason.MALFORMED);
    }

    @Test
    void whenHeaderIsNotJsonObjectThenMalformed() {
        String payload = f.token().unsignedPayloadJson();
        for (String header : new String[] {"not json", "[1,2]", "\"RS256\"", "{\"alg\":\"RS256\"", "null"}) {
            String token = Tokens.compact(header, payload, new byte[256]);
            assertThat(reasonOf(f.validate(token))).as(header).isEqualTo(FailureReason.MALFORMED);
        }
    }

    @Test
    void whenHeaderHasDuplicateMemberNamesThenMalformed() {
        String token = Tokens.compact(
                "{\"alg\":\"RS256\",\"kid\":\"key-1\",\"alg\":\"none\"}",
                f.token().unsignedPayloadJson(),
                new byte[256]);
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.MALFORMED);
    }

    @Test
    void whenClaimsHaveDuplicateMemberNamesThenMalformedEvenIfSigned() {
        String header = f.token().headerJson();
        String payload = f.token().unsignedPayloadJson();
        String duplicated = payload.substring(0, payload.length() - 1) + ",\"aud\":\"someone-else\"}";
        String token = Tokens.compact(header, duplicated, new byte[256]);
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.MALFORMED);
    }

    @Test
    void whenClaimsAreNotAnObjectThenMalformed() {
        String header = f.token().headerJson();
        for (String payload :
                new String[] {"[]", "42", "\"x\"", "{", "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}"}) {
            assertThat(reasonOf(f.validate(Tokens.compact(header, payload, new byte[256]))))
                    .as(payload)
                    .isEqualTo(FailureReason.MALFORMED);
        }
    }

    @Test
    void whenEveryByteIsHostileThenStillAResultNeverAnException() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            String token = random.nextBoolean()
                    ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                    : Tokens.compact(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), "{}", bytes);
            assertThat(f.validate(token)).isNotNull();
        }
    }
}
