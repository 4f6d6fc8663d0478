package dev.portcullis.core.introspection;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.portcullis.core.introspection.Introspecting.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The endpoint is the discovery document's introspection_endpoint unless configured; an RFC 9701 signed answer,
 * when asked for, must verify with the issuer's keys.
 */
class IntrospectionEndpointDiscoveryTest {
    private final Introspecting f = new Introspecting();

    @AfterEach
    void close() {
        f.close();
    }

    private ValidatorConfig discovering() {
        return ValidatorConfig.builder()
                .issuer(f.idp.issuer())
                .audiences("orders-api")
                .build();
    }

    @Test
    void whenKeysAreDiscoveredThenTheIntrospectionEndpointIsTakenFromTheSameDocument() {
        f.validator(
                discovering(),
                f.introspection()
                        .client(IntrospectionConfig.Client.basic(Introspecting.CLIENT, Introspecting.SECRET))
                        .build());
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        String revoked = f.token().build();
        f.idp.introspection().revoke(revoked);
        assertThat(reasonOf(f.validate(revoked))).isEqualTo(FailureReason.REVOKED);
        assertThat(f.idp.discoveryRequests())
                .as("one discovery document serves keys and introspection")
                .isEqualTo(1);
        assertThat(f.idp.introspection().calls()).isEqualTo(2);
    }

    @Test
    void whenTheDiscoveryDocumentNamesNoEndpointThenUnavailable() {
        f.idp.publishRawDiscovery("{\"issuer\":\"" + f.idp.issuer() + "\",\"jwks_uri\":\"" + f.idp.jwksUri() + "\"}");
        f.validator(
                discovering(),
                f.introspection()
                        .client(IntrospectionConfig.Client.basic(Introspecting.CLIENT, Introspecting.SECRET))
                        .build());
        assertThat(reasonOf(f.validate(f.token().build()))).isEqualTo(FailureReason.INTROSPECTION_UNAVAILABLE);
    }

    @Test
    void whenKeysAreNotDiscoveredAndNoEndpointIsConfiguredThenBuildingFailsNamingTheSetting() {
        assertThatThrownBy(() -> f.validator(
                        f.config().build(),
                        f.introspection()
                                .client(IntrospectionConfig.Client.basic(Introspecting.CLIENT, Introspecting.SECRET))
                                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("portcullis.introspection.endpoint");
    }

    @Test
    void whenSignedAnswersAreAskedForThenTheyAreVerifiedWithTheIssuersKeys() {
        f.validator(b -> b.jwtResponse(true));
        String token = f.token().build();
        assertThat(f.validate(token).isValid()).isTrue();
        f.idp.introspection().revoke(token);
        f.advance(java.time.Duration.ofSeconds(31));
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.REVOKED);
    }

    @Test
    void whenASignedAnswerIsSignedWithAnUnpublishedKeyThenUnavailable() {
        f.validator(b -> b.jwtResponse(true));
        String token = f.token().build();
        f.idp.activate(TestKey.rsaUnique("not-published"));
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.INTROSPECTION_UNAVAILABLE);
        assertThat(f.validator().metrics().introspection().failures())
                .containsKey(dev.portcullis.core.ValidationMetrics.IntrospectionFailure.BAD_SIGNATURE);
    }
}
