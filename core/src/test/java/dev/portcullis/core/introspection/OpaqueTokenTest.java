package dev.portcullis.core.introspection;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.VerifiedToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.portcullis.core.introspection.Introspecting.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/** With mode opaque, a token that is not a JWT is accepted by introspection alone, its claims checked like a JWT's. */
class OpaqueTokenTest {
    private final Introspecting f = new Introspecting();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenAnActiveOpaqueTokenIsPresentedThenItIsAcceptedWithTheClaimsOfTheAnswer() {
        f.validator(b -> b.mode(IntrospectionConfig.Mode.OPAQUE));
        String token =
                f.idp.introspection().opaqueToken(f.token().subject("bob").scope("read:orders write:orders"));
        ValidationResult result = f.validate(token);
        assertThat(result.isValid()).isTrue();
        VerifiedToken t = result.verifiedToken().orElseThrow();
        assertThat(t.subject()).contains("bob");
        assertThat(t.issuer()).isEqualTo(f.idp.issuer());
        assertThat(t.scopes()).isEqualTo(Set.of("read:orders", "write:orders"));
        assertThat(t.audiences()).contains("orders-api");
    }

    @Test
    void whenARevokedOpaqueTokenIsPresentedThenRevoked() {
        f.validator(b -> b.mode(IntrospectionConfig.Mode.OPAQUE));
        String token = f.idp.introspection().opaqueToken(f.token());
        f.idp.introspection().revoke(token);
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.REVOKED);
    }

    @Test
    void whenTheAnswerNamesAnotherAudienceOrIssuerThenRefusedAsForAJwt() {
        f.validator(b -> b.mode(IntrospectionConfig.Mode.OPAQUE));
        assertThat(reasonOf(
                        f.validate(f.idp.introspection().opaqueToken(f.token().audience("account")))))
                .isEqualTo(FailureReason.WRONG_AUDIENCE);
        assertThat(reasonOf(
                        f.validate(f.idp.introspection().opaqueToken(f.token().issuer("https://evil.example")))))
                .isEqualTo(FailureReason.WRONG_ISSUER);
        assertThat(reasonOf(
                        f.validate(f.idp.introspection().opaqueToken(f.token().expiresAt(null)))))
                .as("an opaque token's answer must carry exp")
                .isIn(FailureReason.REVOKED, FailureReason.MISSING_CLAIM);
    }

    @Test
    void whenIntrospectionIsOnlyForJwtsThenAnOpaqueTokenIsMalformedAndNotAsked() {
        String token = f.idp.introspection().opaqueToken(f.token());
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.MALFORMED);
        assertThat(f.idp.introspection().calls()).isZero();
        assertThat(f.validator()
                        .validate(token, IntrospectionConfig.Mode.OPAQUE)
                        .isValid())
                .as("unless the request asks for opaque introspection")
                .isTrue();
    }

    @Test
    void whenModeIsOpaqueThenJwtsAreJudgedLocallyOnly() {
        f.validator(b -> b.mode(IntrospectionConfig.Mode.OPAQUE));
        String jwt = f.token().build();
        f.idp.introspection().revoke(jwt);
        assertThat(f.validate(jwt).isValid()).isTrue();
        assertThat(f.idp.introspection().calls()).isZero();
    }
}
