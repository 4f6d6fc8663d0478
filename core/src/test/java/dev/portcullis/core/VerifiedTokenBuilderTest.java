package dev.portcullis.core;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Applications build a verified token for their own resource tests with its builder. */
class VerifiedTokenBuilderTest {
    private static final Instant EXP = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void whenBuiltThenTheTypedValuesAndTheirClaimsAreThere() {
        VerifiedToken t = VerifiedToken.builder()
                .issuer("https://idp.example.com")
                .subject("alice")
                .audiences("orders-api", "billing")
                .expiresAt(EXP)
                .issuedAt(EXP.minusSeconds(300))
                .scopes("orders:read", "orders:write")
                .roles("clerk")
                .keyId("key-1")
                .claim("azp", "orders-ui")
                .build();
        assertThat(t.issuer()).isEqualTo("https://idp.example.com");
        assertThat(t.subject()).contains("alice");
        assertThat(t.audiences()).containsExactlyInAnyOrder("orders-api", "billing");
        assertThat(t.expiresAt()).isEqualTo(EXP);
        assertThat(t.issuedAt()).contains(EXP.minusSeconds(300));
        assertThat(t.hasScope("orders:write")).isTrue();
        assertThat(t.roles()).containsExactly("clerk");
        assertThat(t.keyId()).contains("key-1");
        assertThat(t.claims())
                .containsEntry("iss", "https://idp.example.com")
                .containsEntry("sub", "alice")
                .containsEntry("aud", List.of("orders-api", "billing"))
                .containsEntry("exp", EXP.getEpochSecond())
                .containsEntry("scope", "orders:read orders:write")
                .containsEntry("azp", "orders-ui");
    }

    @Test
    void whenOnlyIssuerAndExpiryAreGivenThenEverythingElseIsEmpty() {
        VerifiedToken t =
                VerifiedToken.builder().issuer("https://idp").expiresAt(EXP).build();
        assertThat(t.subject()).isEmpty();
        assertThat(t.audiences()).isEmpty();
        assertThat(t.scopes()).isEmpty();
        assertThat(t.roles()).isEmpty();
        assertThat(t.issuedAt()).isEmpty();
        assertThat(t.keyId()).isEmpty();
        assertThat(t.claims()).containsOnlyKeys("iss", "exp");
    }

    @Test
    void whenIssuerOrExpiryIsMissingThenBuildFailsNamingIt() {
        assertThatThrownBy(() -> VerifiedToken.builder().expiresAt(EXP).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("issuer");
        assertThatThrownBy(() -> VerifiedToken.builder().issuer("https://idp").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expiresAt");
    }

    @Test
    void whenAScopeIsNotAScopeTokenThenTheSetterRefusesIt() {
        assertThatThrownBy(() -> VerifiedToken.builder().scopes("two words"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VerifiedToken.builder().audiences("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenTheBuilderChangesAfterBuildThenTheTokenDoesNot() {
        VerifiedToken.Builder b = VerifiedToken.builder()
                .issuer("https://idp")
                .expiresAt(EXP)
                .scopes("a")
                .claim("x", 1L);
        VerifiedToken first = b.build();
        b.scopes("b").claim("y", 2L).roles("admin");
        assertThat(first.scopes()).containsExactly("a");
        assertThat(first.roles()).isEmpty();
        assertThat(first.claims()).doesNotContainKey("y");
    }

    @Test
    void whenBuiltThenClaimsAreDeeplyUnmodifiable() {
        VerifiedToken t = VerifiedToken.builder()
                .issuer("https://idp")
                .expiresAt(EXP)
                .claim("org", Map.of("units", List.of("a", Map.of("k", 1L))))
                .build();
        VerifiedTokenTest.assertDeeplyUnmodifiable(t.claims());
        assertThatThrownBy(() -> t.scopes().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void whenPrintedThenOnlySubjectIssuerAndExpiryAppear() {
        VerifiedToken t = VerifiedToken.builder()
                .issuer("https://idp")
                .subject("alice")
                .expiresAt(EXP)
                .claim("secret", "s3cr3t")
                .build();
        assertThat(t.toString()).contains("alice").doesNotContain("s3cr3t");
    }
}
