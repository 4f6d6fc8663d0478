package dev.portcullis.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scopes from {@code scope} (space-separated string, or array of strings) and {@code scp} (array, or string),
 * united; exact, case-sensitive.
 */
class ScopeTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenScopeIsASpaceSeparatedStringThenEachTokenIsAScope() {
        VerifiedToken t = f.validate(
                        f.token().scope("read:orders  write:orders openid").build())
                .verifiedToken()
                .orElseThrow();
        assertThat(t.scopes()).containsExactlyInAnyOrder("read:orders", "write:orders", "openid");
    }

    @Test
    void whenScpIsAnArrayThenItsEntriesAreScopes() {
        VerifiedToken t = f.validate(f.token()
                        .scope(null)
                        .claim("scp", List.of("read:orders", "write:orders"))
                        .build())
                .verifiedToken()
                .orElseThrow();
        assertThat(t.scopes()).containsExactlyInAnyOrder("read:orders", "write:orders");
        assertThat(t.hasScope("read:orders")).isTrue();
    }

    @Test
    void whenRequiredScopesGrantedThenValid() {
        f.validator(b -> b.requiredScopes("read:orders"));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.validate(f.token()
                                .scope(null)
                                .claim("scp", List.of("read:orders"))
                                .build())
                        .isValid())
                .isTrue();
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
        assertThat(reasonOf(f.validate(f.token().scope("Read:Orders").build())))
                .isEqualTo(FailureReason.INSUFFICIENT_SCOPE);
        assertThat(reasonOf(f.validate(f.token().scope("read:orders:all").build())))
                .isEqualTo(FailureReason.INSUFFICIENT_SCOPE);
        assertThat(reasonOf(f.validate(f.token().scope("read").build()))).isEqualTo(FailureReason.INSUFFICIENT_SCOPE);
    }

    @Test
    void whenScopeIsAnArrayOfStringsThenEachElementIsAScope() {
        VerifiedToken t = f.validate(f.token()
                        .claim("scope", List.of("read:orders", "write:orders", "read:orders"))
                        .build())
                .verifiedToken()
                .orElseThrow();
        assertThat(t.scopes()).containsExactlyInAnyOrder("read:orders", "write:orders");
    }

    @Test
    void whenScopeIsAnArrayThenAnElementIsOneScopeAndIsNotSplitAtSpaces() {
        VerifiedToken t = f.validate(f.token()
                        .claim("scope", List.of("read:orders write:orders"))
                        .build())
                .verifiedToken()
                .orElseThrow();
        assertThat(t.scopes()).containsExactly("read:orders write:orders");
        assertThat(t.hasScope("read:orders")).isFalse();
    }

    @Test
    void whenScopeArrayGrantsTheRequiredScopesThenValidAndOtherwiseInsufficientScopeNever401() {
        f.validator(b -> b.requiredScopes("read:orders"));
        assertThat(f.validate(f.token()
                                .claim("scope", List.of("openid", "read:orders"))
                                .build())
                        .isValid())
                .isTrue();
        ValidationResult lacking =
                f.validate(f.token().claim("scope", List.of("openid")).build());
        assertThat(reasonOf(lacking)).isEqualTo(FailureReason.INSUFFICIENT_SCOPE);
        assertThat(lacking.rejection().orElseThrow().status()).isEqualTo(403);
        assertThat(reasonOf(f.validate(f.token().claim("scope", List.of()).build())))
                .isEqualTo(FailureReason.INSUFFICIENT_SCOPE);
    }

    @Test
    void whenBothScopeAndScpArePresentThenTheGrantedScopesAreTheirUnion() {
        VerifiedToken strings = f.validate(f.token()
                        .scope("openid read:orders")
                        .claim("scp", List.of("write:orders"))
                        .build())
                .verifiedToken()
                .orElseThrow();
        assertThat(strings.scopes()).containsExactlyInAnyOrder("openid", "read:orders", "write:orders");
        VerifiedToken arrays = f.validate(f.token()
                        .claim("scope", List.of("openid"))
                        .claim("scp", List.of("openid", "admin"))
                        .build())
                .verifiedToken()
                .orElseThrow();
        assertThat(arrays.scopes()).containsExactlyInAnyOrder("openid", "admin");
        VerifiedToken scpString = f.validate(f.token()
                        .claim("scope", List.of("openid"))
                        .claim("scp", "a b")
                        .build())
                .verifiedToken()
                .orElseThrow();
        assertThat(scpString.scopes()).containsExactlyInAnyOrder("openid", "a", "b");
    }

    @Test
    void whenScopeOrScpArrayHasAnElementThatIsNotAStringThenMalformed() {
        assertThat(reasonOf(f.validate(
                        f.token().claim("scope", List.of("read:orders", 1)).build())))
                .isEqualTo(FailureReason.MALFORMED);
        assertThat(reasonOf(f.validate(f.token()
                        .claim("scope", java.util.Arrays.asList("read:orders", null))
                        .build())))
                .isEqualTo(FailureReason.MALFORMED);
        assertThat(reasonOf(f.validate(f.token()
                        .claim("scope", List.of(List.of("read:orders")))
                        .build())))
                .isEqualTo(FailureReason.MALFORMED);
        assertThat(reasonOf(f.validate(f.token()
                        .claim("scope", List.of(java.util.Map.of("s", "read:orders")))
                        .build())))
                .isEqualTo(FailureReason.MALFORMED);
        assertThat(reasonOf(f.validate(f.token()
                        .scope(null)
                        .claim("scp", List.of("read:orders", true))
                        .build())))
                .isEqualTo(FailureReason.MALFORMED);
    }

    @Test
    void whenScopeOrScpIsNeitherAStringNorAnArrayThenMalformed() {
        assertThat(reasonOf(f.validate(f.token().claim("scope", 5).build()))).isEqualTo(FailureReason.MALFORMED);
        assertThat(reasonOf(f.validate(
                        f.token().claim("scope", java.util.Map.of("read", true)).build())))
                .isEqualTo(FailureReason.MALFORMED);
        assertThat(reasonOf(f.validate(f.token().claim("scp", 5).build()))).isEqualTo(FailureReason.MALFORMED);
    }
}
