package dev.portcullis.servlet;

import dev.portcullis.core.IntrospectionConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which paths are protected and what each requires, by servlet URL pattern. */
class PathRulesTest {

    @Test
    void whenNoIncludeThenEverythingIsProtectedExceptExcluded() {
        PathRules rules =
                PathRules.of(List.of(), List.of("/health", "/public/*", "*.css"), Map.of(), Map.of(), Map.of());
        assertThat(rules.isProtected("/api/orders")).isTrue();
        assertThat(rules.isProtected("/")).isTrue();
        assertThat(rules.isProtected("/health")).isFalse();
        assertThat(rules.isProtected("/health/deep")).isTrue();
        assertThat(rules.isProtected("/public")).isFalse();
        assertThat(rules.isProtected("/public/logo.png")).isFalse();
        assertThat(rules.isProtected("/publicity")).isTrue();
        assertThat(rules.isProtected("/site/main.css")).isFalse();
    }

    @Test
    void whenIncludeGivenThenOnlyThosePathsAreProtected() {
        PathRules rules = PathRules.of(List.of("/api/*"), List.of("/api/status"), Map.of(), Map.of(), Map.of());
        assertThat(rules.isProtected("/api/orders")).isTrue();
        assertThat(rules.isProtected("/api")).isTrue();
        assertThat(rules.isProtected("/api/status")).isFalse();
        assertThat(rules.isProtected("/index.html")).isFalse();
    }

    @Test
    void whenSeveralRulesMatchThenTheMostSpecificRequirementWins() {
        PathRules rules = PathRules.of(
                List.of(),
                List.of(),
                Map.of(
                        "/*",
                        "openid",
                        "/api/*",
                        "read:orders",
                        "/api/orders/admin/*",
                        "admin:orders",
                        "/api/orders/export",
                        "export:orders",
                        "*.csv",
                        "download"),
                Map.of("/api/orders/admin/*", "admin, auditor"),
                Map.of());
        assertThat(rules.requirement("/api/orders").scopes()).containsExactly("read:orders");
        assertThat(rules.requirement("/api/orders/admin/x").scopes()).containsExactly("admin:orders");
        assertThat(rules.requirement("/api/orders/admin/x").roles()).containsExactly("admin", "auditor");
        assertThat(rules.requirement("/api/orders/export").scopes()).containsExactly("export:orders");
        assertThat(rules.requirement("/report.csv").scopes()).containsExactly("download");
        assertThat(rules.requirement("/other").scopes()).containsExactly("openid");
    }

    @Test
    void whenPatternIsNotAServletPatternThenSetupFailsNamingIt() {
        assertThatThrownBy(() -> PathRules.of(List.of("api/*"), List.of(), Map.of(), Map.of(), Map.of()))
                .hasMessageContaining("'api/*' is not a servlet URL pattern");
        assertThatThrownBy(() -> PathRules.of(List.of(), List.of("/a/*/b"), Map.of(), Map.of(), Map.of()))
                .hasMessageContaining("/a/*/b");
    }

    @Test
    void whenAcrAndMaxAgeRulesAreSetThenTheMostSpecificPatternCarriesThemWithItsScopes() {
        PathRules rules = PathRules.of(
                List.of(),
                List.of(),
                Map.of("/api/*", "write:orders"),
                Map.of(),
                Map.of(),
                Map.of(),
                Map.of("/api/orders/cancel/*", "gold, platinum"),
                Map.of("/api/orders/cancel/*", "300"));
        assertThat(rules.requirement("/api/orders/cancel/17").acr()).containsExactly("gold", "platinum");
        assertThat(rules.requirement("/api/orders/cancel/17").maxAge()).hasValue(Duration.ofSeconds(300));
        assertThat(rules.requirement("/api/orders/cancel/17").scopes()).isEmpty();
        assertThat(rules.requirement("/api/orders").needsStepUp()).isFalse();
        assertThat(rules.scopes()).containsExactly("write:orders");
    }

    @Test
    void whenAMaxAgeIsNotWholeSecondsThenTheRulesAreRefused() {
        assertThatThrownBy(() -> PathRules.of(
                        List.of(), List.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of("/api/*", "5m")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-age./api/*");
    }

    @Test
    void whenAPathHasADpopPolicyThenItsRequirementCarriesIt() {
        PathRules rules = PathRules.of(
                List.of(),
                List.of(),
                Map.of("/api/*", "read:orders"),
                Map.of(),
                Map.of(),
                Map.of("/api/payments/*", "required", "/legacy/*", "OFF"));
        assertThat(rules.requirement("/api/payments/1").dpopMode())
                .isEqualTo(dev.portcullis.core.dpop.DpopMode.REQUIRED);
        assertThat(rules.requirement("/legacy/x").dpopMode()).isEqualTo(dev.portcullis.core.dpop.DpopMode.OFF);
        assertThat(rules.requirement("/api/orders").dpopMode()).isNull();
        assertThat(rules.requirement("/api/payments/1").scopes()).containsExactly("read:orders");
        assertThatThrownBy(
                        () -> PathRules.of(List.of(), List.of(), Map.of(), Map.of(), Map.of(), Map.of("/x", "maybe")))
                .hasMessageContaining("portcullis.filter.dpop./x='maybe'")
                .hasMessageContaining("off, allowed or required");
    }

    @Test
    void whenAPathSetsIntrospectionThenTheMostSpecificSettingAppliesWithoutDroppingTheScopesOfAnotherPattern() {
        PathRules rules = PathRules.of(
                List.of(),
                List.of(),
                Map.of("/api/*", "read:orders"),
                Map.of(),
                Map.of("/api/orders/*", "jwt", "/api/orders/public/*", "off", "/opaque/*", "ALL"));
        assertThat(rules.requirement("/api/orders/1").introspection()).isEqualTo(IntrospectionConfig.Mode.JWT);
        assertThat(rules.requirement("/api/orders/1").scopes()).containsExactly("read:orders");
        assertThat(rules.requirement("/api/orders/public/x").introspection()).isEqualTo(IntrospectionConfig.Mode.OFF);
        assertThat(rules.requirement("/opaque/x").introspection()).isEqualTo(IntrospectionConfig.Mode.ALL);
        assertThat(rules.requirement("/api/other").introspection()).isNull();
        assertThatThrownBy(() -> PathRules.of(List.of(), List.of(), Map.of(), Map.of(), Map.of("/x/*", "sometimes")))
                .hasMessageContaining("portcullis.filter.introspection./x/*='sometimes'");
    }
}
