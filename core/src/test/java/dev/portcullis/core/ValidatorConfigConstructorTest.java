package dev.portcullis.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The record's public constructor holds a configuration to the same rules as the builder. */
class ValidatorConfigConstructorTest {
    private static final IssuerPolicy POLICY = IssuerPolicy.builder("default")
            .issuer("https://idp")
            .audiences("orders-api")
            .publicKey("{\"keys\":[]}")
            .build();

    /** A configuration as the builder's defaults make it, with the given values in place. */
    private static ValidatorConfig config(
            Duration skew, int maxLength, Set<String> scopes, String header, String rolesClaim, int cacheEntries) {
        return new ValidatorConfig(
                List.of(POLICY),
                skew,
                maxLength,
                scopes,
                false,
                header,
                rolesClaim,
                Duration.ofMinutes(10),
                Duration.ofSeconds(10),
                Duration.ofHours(24),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                false,
                cacheEntries);
    }

    private static ValidatorConfig valid() {
        return config(Duration.ofSeconds(60), 8192, Set.of(), "Authorization", "groups", 10_000);
    }

    @Test
    void whenEveryValueKeepsTheRulesThenTheConstructorGivesWhatTheBuilderGives() {
        ValidatorConfig built = ValidatorConfig.builder()
                .issuer("https://idp")
                .audiences("orders-api")
                .publicKey("{\"keys\":[]}")
                .build();
        assertThat(valid()).isEqualTo(built);
    }

    @Test
    void whenTheSkewIsOverTenMinutesThenTheConstructorRefusesIt() {
        assertThatThrownBy(() -> config(Duration.ofHours(2), 8192, Set.of(), "Authorization", "groups", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clock skew");
        assertThatThrownBy(() -> config(Duration.ofSeconds(-1), 8192, Set.of(), "Authorization", "groups", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clock skew");
        assertThat(config(Duration.ofMinutes(10), 8192, Set.of(), "Authorization", "groups", 0)
                        .clockSkew())
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void whenTheMaxTokenLengthIsUnder64ThenTheConstructorRefusesIt() {
        assertThatThrownBy(() -> config(Duration.ZERO, 63, Set.of(), "Authorization", "groups", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max token length");
    }

    @Test
    void whenARequiredScopeIsNotAScopeTokenThenTheConstructorRefusesIt() {
        for (String bad : new String[] {"read orders", "", " ", "quote\"", "back\\slash", "caf\u00e9", "tab\t"}) {
            assertThatThrownBy(() -> config(Duration.ZERO, 8192, Set.of(bad), "Authorization", "groups", 0))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("scope");
        }
        assertThat(config(Duration.ZERO, 8192, Set.of("orders:read"), "Authorization", "groups", 0)
                        .requiredScopes())
                .containsExactly("orders:read");
    }

    @Test
    void whenTheTokenHeaderIsNotAHeaderNameThenTheConstructorRefusesIt() {
        for (String bad : new String[] {"X-Token:", "X Token", "", "X-T\u00f6ken", "X-Token\r\n"}) {
            assertThatThrownBy(() -> config(Duration.ZERO, 8192, Set.of(), bad, "groups", 0))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("token header");
        }
        assertThatThrownBy(() -> config(Duration.ZERO, 8192, Set.of(), null, "groups", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenTheRolesClaimIsBlankOrADanglingPathThenTheConstructorRefusesIt() {
        for (String bad : new String[] {"", " ", ".roles", "realm_access.", null}) {
            assertThatThrownBy(() -> config(Duration.ZERO, 8192, Set.of(), "Authorization", bad, 0))
                    .as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("roles claim");
        }
    }

    @Test
    void whenTheCacheSizeIsNegativeThenTheConstructorRefusesIt() {
        assertThatThrownBy(() -> config(Duration.ZERO, 8192, Set.of(), "Authorization", "groups", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cache");
    }

    @Test
    void whenTheJwksTimesContradictEachOtherThenTheConstructorRefusesThem() {
        assertThatThrownBy(() -> new ValidatorConfig(
                        List.of(POLICY),
                        Duration.ZERO,
                        8192,
                        Set.of(),
                        false,
                        "Authorization",
                        "groups",
                        Duration.ZERO,
                        Duration.ofSeconds(10),
                        Duration.ofHours(24),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5),
                        false,
                        0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refresh interval");
        assertThatThrownBy(() -> new ValidatorConfig(
                        List.of(POLICY),
                        Duration.ZERO,
                        8192,
                        Set.of(),
                        false,
                        "Authorization",
                        "groups",
                        Duration.ofMinutes(10),
                        Duration.ofSeconds(10),
                        Duration.ofHours(24),
                        Duration.ofSeconds(6),
                        Duration.ofSeconds(5),
                        false,
                        0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connect timeout");
    }

    @Test
    void whenAnIssuerPolicyIsMadeByItsConstructorThenTheBuildersRulesHoldToo() {
        Set<String> rs256 = Set.of("RS256");
        assertThatThrownBy(() -> new IssuerPolicy(" ", "https://idp", Set.of("api"), false, null, null, rs256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> new IssuerPolicy("t", "https://idp", Set.of(" "), false, null, null, rs256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("audience");
        assertThatThrownBy(() -> new IssuerPolicy("t", "https://idp", Set.of("api"), false, null, " ", rs256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key location");
        assertThatThrownBy(
                        () -> new IssuerPolicy("t", "https://idp", Set.of("api"), false, null, "none", Set.of("none")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("algorithm");
    }
}
