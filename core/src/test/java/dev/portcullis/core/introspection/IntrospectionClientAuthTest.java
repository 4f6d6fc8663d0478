package dev.portcullis.core.introspection;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationMetrics;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.logging.Level;

import static dev.portcullis.core.introspection.Introspecting.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The resource server authenticates with client_secret_basic, client_secret_post or private_key_jwt; secrets never show. */
class IntrospectionClientAuthTest {
    private final Introspecting f = new Introspecting();

    @AfterEach
    void close() {
        f.close();
    }

    private IntrospectionConfig.Client client(IntrospectionConfig.ClientAuth auth, String secret, String key) {
        return new IntrospectionConfig.Client(f.idp.introspection().uri(), Introspecting.CLIENT, secret, auth, key);
    }

    @Test
    void whenClientSecretBasicThenTheProviderAnswers() {
        f.validator(b -> b.client(client(IntrospectionConfig.ClientAuth.BASIC, Introspecting.SECRET, null)));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
    }

    @Test
    void whenClientSecretPostThenTheProviderAnswers() {
        f.validator(b -> b.client(client(IntrospectionConfig.ClientAuth.POST, Introspecting.SECRET, null)));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
    }

    @Test
    void whenPrivateKeyJwtThenTheProviderVerifiesTheAssertionWithTheRegisteredKey() {
        for (TestKey key : new TestKey[] {TestKey.rsa("client-rsa"), TestKey.ec("client-ec")}) {
            String clientId = "rs-" + key.kid();
            f.idp.introspection().registerClient(clientId, key.publicKey());
            f.validator(b -> b.client(new IntrospectionConfig.Client(
                    f.idp.introspection().uri(),
                    clientId,
                    null,
                    IntrospectionConfig.ClientAuth.PRIVATE_KEY_JWT,
                    pem(key))));
            assertThat(f.validate(f.token().build()).isValid()).as(key.kid()).isTrue();
            assertThat(f.validate(f.token().build()).isValid())
                    .as("a fresh jti each time")
                    .isTrue();
        }
    }

    @Test
    void whenPrivateKeyJwtIsSignedWithAnotherKeyThenTheClientIsRejectedAndTheTokenUnavailable() {
        f.idp.introspection().registerClient("rs-pk", TestKey.rsa("registered").publicKey());
        f.validator(b -> b.client(new IntrospectionConfig.Client(
                f.idp.introspection().uri(),
                "rs-pk",
                null,
                IntrospectionConfig.ClientAuth.PRIVATE_KEY_JWT,
                pem(TestKey.rsaUnique("other")))));
        assertThat(reasonOf(f.validate(f.token().build()))).isEqualTo(FailureReason.INTROSPECTION_UNAVAILABLE);
        assertThat(f.validator().metrics().introspection().failures())
                .containsEntry(ValidationMetrics.IntrospectionFailure.CLIENT_REJECTED, 1L);
    }

    @Test
    void whenTheSecretIsWrongThenUnavailableAndTheSecretIsInNoLogLineNorDescription() {
        String wrong = "wrong-secret-must-not-leak";
        try (var logs = new dev.portcullis.core.LogCapture("dev.portcullis", Level.ALL)) {
            IntrospectionConfig config = f.introspection()
                    .client(client(IntrospectionConfig.ClientAuth.BASIC, wrong, null))
                    .build();
            TokenValidator v = f.validator(f.config().build(), config);
            var result = v.validate(f.token().build());
            assertThat(reasonOf(result)).isEqualTo(FailureReason.INTROSPECTION_UNAVAILABLE);
            assertThat(result.rejection().orElseThrow().detail())
                    .contains("CLIENT_REJECTED")
                    .doesNotContain(wrong);
            assertThat(logs.lines()).isNotEmpty().noneMatch(l -> l.contains(wrong));
            assertThat(config.toString()).doesNotContain(wrong);
            assertThat(v.readiness().toString()).doesNotContain(wrong);
        }
    }

    static String pem(TestKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(key.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
