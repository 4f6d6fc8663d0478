package dev.portcullis.core;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import dev.portcullis.testkit.WithLocalIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotation and outage tests as a user of the testkit writes them (issue 27): {@code @WithLocalIdp}
 * publishes the settings, the validator is built from the system properties, nothing else is set up.
 * (It lives in core's tests because the testkit cannot depend on core: core's tests use the testkit.)
 */
@WithLocalIdp(audience = "orders-api")
class WithLocalIdpUserTest {
    private TokenValidator validator;

    @BeforeEach
    void buildTheValidatorFromThePublishedSettings() {
        validator = TokenValidator.builder(ValidatorConfig.from(System::getProperty))
                .build();
    }

    @AfterEach
    void close() {
        validator.close();
    }

    @Test
    void whenTheProviderRotatesThenATokenOfTheNewKeyIsAcceptedAtOnce(LocalIdp idp) {
        assertThat(validator.validate(idp.token().build()).isValid()).isTrue();
        idp.rotate();
        assertThat(validator.validate(idp.token().build()).isValid()).isTrue();
    }

    @Test
    void whenTheProviderIsDownThenTheKnownKeyStillWorksAndAnUnknownOneIsUnavailable(LocalIdp idp) {
        assertThat(validator.validate(idp.token().build()).isValid()).isTrue();
        idp.failWith(LocalIdp.Failure.DOWN);
        assertThat(validator.validate(idp.token().subject("bob").build()).isValid())
                .isTrue();
        ValidationResult result = validator.validate(
                idp.token().signedWith(TestKey.rsa("not-published")).build());
        assertThat(result).isInstanceOf(ValidationResult.Unavailable.class);
        assertThat(result.rejection().orElseThrow().status()).isEqualTo(503);
    }
}
