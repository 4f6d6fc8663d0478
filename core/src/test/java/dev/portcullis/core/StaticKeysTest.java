package dev.portcullis.core;

import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys given inline (JWK Set, JWK, PEM) or from a file or class-path location. */
class StaticKeysTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private TokenValidator with(java.util.function.UnaryOperator<ValidatorConfig.Builder> keys) {
        return TokenValidator.builder(keys.apply(
                                ValidatorConfig.builder().issuer(f.idp.issuer()).audiences("orders-api"))
                        .build())
                .clock(f.clock)
                .build();
    }

    @Test
    void whenInlineJwkSetThenTokensVerifyWithoutAnyFetch() {
        String jwks = "{\"keys\":[" + f.idp.activeKey().publicJwk() + "]}";
        try (TokenValidator v = with(b -> b.publicKey(jwks))) {
            assertThat(v.validate(f.token().build()).isValid()).isTrue();
        }
        assertThat(f.idp.jwksRequests()).isZero();
    }

    @Test
    void whenInlineSingleJwkThenTokensVerify() {
        try (TokenValidator v = with(b -> b.publicKey(f.idp.activeKey().publicJwk()))) {
            assertThat(v.validate(f.token().build()).isValid()).isTrue();
        }
    }

    @Test
    void whenInlinePemWithoutKidThenItVerifiesTokensWithAnyKid() {
        try (TokenValidator v = with(b -> b.publicKey(f.idp.activeKey().publicPem()))) {
            assertThat(v.validate(f.token().build()).isValid()).isTrue();
            assertThat(v.validate(f.token().header("kid", "whatever").build()).isValid())
                    .isTrue();
            assertThat(reasonOf(v.validate(
                            f.token().signedWith(TestKey.rsaUnique("x")).build())))
                    .isEqualTo(FailureReason.BAD_SIGNATURE);
        }
    }

    @Test
    void whenKeyFileLocationThenKeysAreReadFromTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key.pem");
        Files.writeString(file, f.idp.activeKey().publicPem());
        try (TokenValidator v = with(b -> b.publicKeyLocation(file.toString()))) {
            assertThat(v.validate(f.token().build()).isValid()).isTrue();
        }
        try (TokenValidator v = with(b -> b.publicKeyLocation(file.toUri().toString()))) {
            assertThat(v.validate(f.token().build()).isValid()).isTrue();
        }
    }

    @Test
    void whenClasspathLocationThenKeysAreReadFromTheResource() {
        // keys/test-rsa.pem is the public half of a fixed test key; any token fails its signature,
        // which proves the key was loaded (an unloadable location fails the build instead).
        try (TokenValidator v = with(b -> b.publicKeyLocation("classpath:keys/test-rsa.pem"))) {
            assertThat(reasonOf(v.validate(f.token().build()))).isEqualTo(FailureReason.BAD_SIGNATURE);
        }
    }

    @Test
    void whenStaticKeysUnreadableOrUnusableThenBuildFailsWithContext() {
        assertThatThrownBy(() -> with(b -> b.publicKeyLocation("classpath:nope.pem")))
                .hasMessageContaining("classpath:nope.pem")
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> with(b -> b.publicKeyLocation("/no/such/file.pem")))
                .hasMessageContaining("/no/such/file.pem")
                .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> with(b -> b.publicKey("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}")))
                .hasMessageContaining("no usable signing key");
        assertThatThrownBy(() -> with(b -> b.publicKey("hello"))).hasMessageContaining("inline keys");
    }
}
