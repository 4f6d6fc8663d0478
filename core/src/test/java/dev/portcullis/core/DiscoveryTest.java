package dev.portcullis.core;

import dev.portcullis.testkit.LocalIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With only the issuer configured, the JWK Set URL comes from
 * {@code <issuer>/.well-known/openid-configuration}, whose {@code issuer} must be the configured one.
 */
class DiscoveryTest {
    private final Fixture f = new Fixture();
    private final RecordingListener events = new RecordingListener();

    @AfterEach
    void close() {
        f.close();
    }

    private void discoveringValidator() {
        f.validator(
                b -> ValidatorConfig.builder().issuer(f.idp.issuer()).audiences("orders-api"), b -> b.listener(events));
    }

    @Test
    void whenOnlyTheIssuerIsSetThenKeysComeFromTheDiscoveredJwksUri() {
        discoveringValidator();
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.discoveryRequests()).isEqualTo(1);
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
        f.idp.rotate();
        f.advance(Duration.ofSeconds(10));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
        assertThat(f.idp.discoveryRequests()).isEqualTo(1); // the JWK Set URL is remembered
    }

    @Test
    void whenTheDiscoveryDocumentNamesAnotherIssuerThenUnavailableAndItsKeysAreNeverFetched() {
        discoveringValidator();
        f.idp.publishRawDiscovery(
                "{\"issuer\":\"https://evil.example/realms/test\",\"jwks_uri\":\"" + f.idp.jwksUri() + "\"}");
        ValidationResult result = f.validate(f.token().build());
        assertThat(result).isInstanceOf(ValidationResult.Unavailable.class);
        assertThat(result.rejection().orElseThrow().detail()).contains("issuer differs");
        assertThat(f.idp.jwksRequests()).isZero();
        assertThat(events.events())
                .contains(new RecordingListener.Event("fetchFailed", "default", KeySetListener.FailureKind.DISCOVERY));
    }

    @Test
    void whenDiscoveryFailedThenItIsDoneAgainOnTheNextFetch() {
        discoveringValidator();
        f.idp.failWith(LocalIdp.Failure.HTTP_500);
        assertThat(f.validate(f.token().build())).isInstanceOf(ValidationResult.Unavailable.class);
        f.idp.recover();
        f.idp.publishRawDiscovery("{\"issuer\":\"https://evil.example\",\"jwks_uri\":\"" + f.idp.jwksUri() + "\"}");
        f.advance(Duration.ofSeconds(10));
        assertThat(f.validate(f.token().build())).isInstanceOf(ValidationResult.Unavailable.class);
        f.idp.publishRawDiscovery(null);
        f.advance(Duration.ofSeconds(10));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.discoveryRequests()).isEqualTo(3);
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
    }

    @Test
    void whenTheDiscoveredJwksUriAnswersAnErrorThenDiscoveryIsReadAgain() {
        discoveringValidator();
        f.idp.publishRawDiscovery(
                "{\"issuer\":\"" + f.idp.issuer() + "\",\"jwks_uri\":\"" + f.idp.issuer() + "/moved/certs\"}");
        assertThat(f.validate(f.token().build())).isInstanceOf(ValidationResult.Unavailable.class); // 404
        f.idp.publishRawDiscovery(null);
        f.advance(Duration.ofSeconds(10));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.discoveryRequests()).isEqualTo(2);
    }
}
