package dev.portcullis.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a verified token exposes: subject, roles, an immutable claim set, no token in toString. */
class VerifiedTokenTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenVerifiedThenClaimsAreDeeplyImmutable() {
        VerifiedToken t = f.validate(f.token()
                        .claim("org", Map.of("units", List.of("a", "b")))
                        .build())
                .verifiedToken()
                .orElseThrow();
        assertThat(t.subject()).contains("alice");
        assertThat(t.issuer()).isEqualTo(f.idp.issuer());
        assertThat(t.tokenId()).isPresent();
        assertThatThrownBy(() -> t.claims().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> org = (Map<String, Object>) t.claim("org").orElseThrow();
        assertThatThrownBy(() -> org.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> units = (List<Object>) org.get("units");
        assertThatThrownBy(() -> units.add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void whenValidatedThenTheClaimSetIsDeeplyUnmodifiableThroughEveryView() {
        VerifiedToken t = f.validate(f.token()
                        .claim("org", Map.of("units", List.of("a", Map.of("k", 1))))
                        .build())
                .verifiedToken()
                .orElseThrow();
        assertDeeplyUnmodifiable(t.claims());
        assertThat(t.claim("org")).contains(Map.of("units", List.of("a", Map.of("k", 1L))));
    }

    /** Every map and list reachable from {@code claims} refuses every way of changing it. */
    @SuppressWarnings("unchecked")
    static void assertDeeplyUnmodifiable(Object node) {
        if (node instanceof Map<?, ?> raw) {
            Map<String, Object> m = (Map<String, Object>) raw;
            assertThatThrownBy(() -> m.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> m.putAll(Map.of("x", 1))).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(m::clear).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> m.computeIfAbsent("x", k -> 1)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> m.merge("x", 1, (a, b) -> b)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> m.replaceAll((k, v) -> v)).isInstanceOf(UnsupportedOperationException.class);
            for (String name : List.copyOf(m.keySet())) {
                assertThatThrownBy(() -> m.remove(name)).isInstanceOf(UnsupportedOperationException.class);
                assertThatThrownBy(() -> m.replace(name, 1)).isInstanceOf(UnsupportedOperationException.class);
            }
            assertThatThrownBy(() -> m.keySet().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> m.values().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> m.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> {
                        var it = m.keySet().iterator();
                        it.next();
                        it.remove();
                    })
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> m.entrySet().iterator().next().setValue(1))
                    .isInstanceOf(UnsupportedOperationException.class);
            m.values().forEach(VerifiedTokenTest::assertDeeplyUnmodifiable);
        } else if (node instanceof List<?> raw) {
            List<Object> l = (List<Object>) raw;
            assertThatThrownBy(() -> l.add(1)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> l.set(0, 1)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> l.remove(0)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(l::clear).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> l.sort(null)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> {
                        var it = l.iterator();
                        it.next();
                        it.remove();
                    })
                    .isInstanceOf(UnsupportedOperationException.class);
            l.forEach(VerifiedTokenTest::assertDeeplyUnmodifiable);
        } else {
            assertThat(node).isInstanceOfAny(String.class, Long.class, Double.class, Boolean.class);
        }
    }

    @Test
    void whenGroupsClaimPresentThenTheyAreTheRolesByDefault() {
        VerifiedToken t = f.validate(
                        f.token().claim("groups", List.of("admin", "clerk")).build())
                .verifiedToken()
                .orElseThrow();
        assertThat(t.roles()).containsExactlyInAnyOrder("admin", "clerk");
    }

    @Test
    void whenRolesClaimIsAKeycloakPathThenNestedRolesAreRead() {
        f.validator(b -> b.rolesClaim("realm_access.roles"));
        VerifiedToken t = f.validate(f.token()
                        .claim("realm_access", Map.of("roles", List.of("clerk", 3)))
                        .build())
                .verifiedToken()
                .orElseThrow();
        assertThat(t.roles()).containsExactly("clerk");
        VerifiedToken none = f.validate(f.token().build()).verifiedToken().orElseThrow();
        assertThat(none.roles()).isEmpty();
    }

    @Test
    void whenPrintedThenNoTokenOrScopesAppear() {
        String token = f.token().build();
        VerifiedToken t = f.validate(token).verifiedToken().orElseThrow();
        assertThat(t.toString()).doesNotContain(token.substring(0, 16)).contains("alice");
        assertThat(TokenFingerprint.of(token)).hasSize(8).matches("[0-9a-f]{8}");
    }
}
