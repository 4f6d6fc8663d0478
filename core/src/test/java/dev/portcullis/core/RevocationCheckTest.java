package dev.portcullis.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The application's revocation check runs after validation; a failing check fails closed. */
class RevocationCheckTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private TokenValidator with(RevocationCheck check) {
        return TokenValidator.builder(f.config().build())
                .clock(f.clock)
                .revocationCheck(check)
                .build();
    }

    @Test
    void whenSessionIsOnTheDenylistThenTokenIsRevoked() {
        Set<String> revokedSessions = Set.of("s-1");
        try (TokenValidator v =
                with(t -> t.claim("sid").map(revokedSessions::contains).orElse(false))) {
            assertThat(reasonOf(v.validate(f.token().claim("sid", "s-1").build())))
                    .isEqualTo(FailureReason.REVOKED);
            assertThat(v.validate(f.token().claim("sid", "s-2").build()).isValid())
                    .isTrue();
            assertThat(v.metrics().rejected(FailureReason.REVOKED)).isEqualTo(1);
            assertThat(v.metrics().issuers().get("default").rejected(FailureReason.REVOKED))
                    .as("counted for its issuer")
                    .isEqualTo(1);
        }
    }

    @Test
    void whenCheckThrowsThenRequestIsAServerFaultNotAccepted() {
        try (TokenValidator v = with(t -> {
            throw new IllegalStateException("denylist store down");
        })) {
            ValidationResult r = v.validate(f.token().build());
            assertThat(r).isInstanceOf(ValidationResult.Unavailable.class);
            assertThat(reasonOf(r)).isEqualTo(FailureReason.REVOCATION_UNAVAILABLE);
            assertThat(r.rejection().orElseThrow().detail()).doesNotContain("denylist store down");
        }
    }

    @Test
    void whenInvalidTokenThenCheckIsNotAsked() {
        try (TokenValidator v = with(t -> {
            throw new AssertionError("must not be called for an invalid token");
        })) {
            assertThat(reasonOf(v.validate(f.token().audience("account").build())))
                    .isEqualTo(FailureReason.WRONG_AUDIENCE);
        }
    }
}
