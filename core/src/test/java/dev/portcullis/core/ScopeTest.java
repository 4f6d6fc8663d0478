package dev.portcullis.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Scopes from {@code scope} (space-separated) and {@code scp} (array); exact, case-sensitive. */
class ScopeTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenScopeIsASpaceSeparatedStringThenEachTokenIsAScope() {
        VerifiedToken t = f.validate(f.token().scope("read:orders  write:orders openid").build()).verifiedToken().orElseThrow();
        assertThat(t.scopes()).containsExactlyInAnyOrder("read:orders", "write:orders", "openid");
    }

    @Test
    void whenScpIsAnArrayThenItsEntriesAreScopes() {
        VerifiedToken t = f.validate(f.token().scope(null).claim("scp", List.of("read:orders", "write:orders")).build())
                .verifiedToken().orElseThrow();
        assertThat(t.scopes()).containsExactlyInAnyOrder("read:orders", "write:orders");
        assertThat(t.hasScope("read:orders")).isTrue();
    }

    @Test
    void whenRequiredScopesGrantedThenValid() {
        f.validator(b -> b.requiredScopes("read:orders"));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.validate(f.token().scope(null).claim("scp", List.of("read:orders")).build()).isValid()).isTrue();
    }

    @Test
    void whenRequiredScopeMissingThenInsufficientScopeNamingTheRequiredScopes() {
        f.validator(b -> b.requiredScopes("read:orders", "write:orders"));
        ValidationResult result = f.validate(f.token().build());
        assertThat(reasonOf(result)).isEqualTo(FailureReason.INSUFFICIENT_SCOPE);
        ValidationFailure failure = result.rejection().orElseThrow();
        assertThat(failure.requiredScopes()).containsExactly("read:orders", "write:orders");
        assertThat(failure.status()).isEqualTo(403);
        assertThat(failure.error()).contains(BearerError.INSUFFICIENT_SCOPE);
    }

    @Test
    void whenScopeDiffersOnlyInCaseOrIsAPrefixThenItDoesNotMatch() {
        f.validator(b -> b.requiredScopes("read:orders"));
        assertThat(reasonOf(f.validate(f.token().scope("Read:Orders").build()))).isEqualTo(FailureReason.INSUFFICIENT_SCOPE);
        assertThat(reasonOf(f.validate(f.token().scope("read:orders:all").build()))).isEqualTo(FailureReason.INSUFFICIENT_SCOPE);
        assertThat(reasonOf(f.validate(f.token().scope("read").build()))).isEqualTo(FailureReason.INSUFFICIENT_SCOPE);
    }

    @Test
    void whenScopeClaimsHaveWrongTypesThenMalformed() {
        assertThat(reasonOf(f.validate(f.token().scope(null).claim("scope", List.of("read:orders")).build()))).isEqualTo(FailureReason.MALFORMED);
        assertThat(reasonOf(f.validate(f.token().claim("scp", 5).build()))).isEqualTo(FailureReason.MALFORMED);
    }
}
