package dev.portcullis.core.dpop;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.testkit.DpopProof;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import dev.portcullis.testkit.WithLocalIdp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A DPoP proof is never accepted as an access token, whatever the configuration: its typ says what it is. */
@WithLocalIdp(audience = "orders-api")
class DpopProofAsAccessTokenTest {

    @Test
    void whenAProofIsPresentedAsTheAccessTokenThenWrongType(LocalIdp idp) {
        try (TokenValidator validator = TokenValidator.builder(ValidatorConfig.builder()
                        .issuer(idp.issuer())
                        .audiences("orders-api")
                        .publicKeyLocation(idp.jwksUri().toString())
                        .algorithms("RS256", "ES256")
                        .build())
                .build()) {
            String proof = DpopProof.of(TestKey.ec("client"))
                    .uri("https://api.example.com/")
                    .build();
            assertThat(reason(validator.validate(proof))).isEqualTo(FailureReason.WRONG_TYPE);
            // Even signed by the issuer's own key with the claims of an access token, typ dpop+jwt is refused.
            String lookalike = idp.token().header("typ", "dpop+jwt").build();
            assertThat(reason(validator.validate(lookalike))).isEqualTo(FailureReason.WRONG_TYPE);
            assertThat(validator.validate(idp.token().build()).isValid()).isTrue();
        }
    }

    private static FailureReason reason(ValidationResult r) {
        return r.rejection().orElseThrow().reason();
    }
}
