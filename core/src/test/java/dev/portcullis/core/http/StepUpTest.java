package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.http.BearerAuthenticator.Authenticated;
import dev.portcullis.core.http.BearerAuthenticator.Decision;
import dev.portcullis.core.http.BearerAuthenticator.Refused;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 9470 step-up rules in the request path: acr values, max_age, their 401 challenges and counters. */
class StepUpTest {
    private static final AccessRequirement GOLD =
            AccessRequirement.builder().acr(List.of("urn:gold", "urn:platinum")).build();
    private static final AccessRequirement RECENT =
            AccessRequirement.builder().maxAge(Duration.ofSeconds(300)).build();

    private final LocalIdp idp = LocalIdp.start();
    private final TokenValidator validator = TokenValidator.builder(ValidatorConfig.builder()
                    .issuer(idp.issuer())
                    .audiences("orders-api")
                    .jwksUri(idp.jwksUri())
                    .clockSkew(Duration.ofSeconds(60))
                    .jwksMinRefetchInterval(Duration.ZERO)
                    .build())
            .build();
    private final MutableClock clock = MutableClock.at(Instant.now());
    private final BearerAuthenticator authenticator =
            BearerAuthenticator.builder(validator).realm("orders").clock(clock).build();

    @AfterEach
    void close() {
        validator.close();
        idp.close();
    }

    private Decision call(String token, AccessRequirement need) {
        return authenticator.authenticate(TestRequest.bearer(token), need);
    }

    private static BearerResponse refusal(Decision d) {
        assertThat(d).isInstanceOf(Refused.class);
        return ((Refused) d).response();
    }

    @Test
    void whenTheAcrIsOneOfTheListedThenTheRequestPasses() {
        assertThat(call(idp.token().claim("acr", "urn:platinum").build(), GOLD)).isInstanceOf(Authenticated.class);
    }

    @Test
    void whenTheAcrIsNotListedThen401InsufficientUserAuthenticationWithAcrValues() {
        BearerResponse r = refusal(call(idp.token().claim("acr", "urn:silver").build(), GOLD));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().get("WWW-Authenticate"))
                .containsExactly(
                        "Bearer realm=\"orders\", "
                                + "error=\"insufficient_user_authentication\", "
                                + "error_description=\"The user authentication is not strong enough for this request\", "
                                + "acr_values=\"urn:gold urn:platinum\"",
                        "DPoP realm=\"orders\", algs=\"ES256 RS256 PS256 EdDSA\"");
        assertThat(r.body())
                .isEqualTo("{\"error\":\"insufficient_user_authentication\","
                        + "\"error_description\":\"The user authentication is not strong enough for this request\"}");
        assertThat(validator.metrics().rejected(FailureReason.INSUFFICIENT_ACR)).isEqualTo(1);
    }

    @Test
    void whenTheTokenHasNoAcrThenAnAcrRuleFails() {
        BearerResponse r = refusal(call(idp.token().build(), GOLD));
        assertThat(r.header("WWW-Authenticate")).contains("error=\"insufficient_user_authentication\"");
    }

    @Test
    void whenTheAcrIsNotAStringThenAnAcrRuleFails() {
        assertThat(refusal(call(idp.token().claim("acr", List.of("urn:gold")).build(), GOLD))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void whenTheAuthenticationIsRecentEnoughThenTheRequestPasses() {
        long authTime = clock.instant().minusSeconds(299).getEpochSecond();
        assertThat(call(idp.token().claim("auth_time", authTime).build(), RECENT))
                .isInstanceOf(Authenticated.class);
    }

    @Test
    void whenTheAuthenticationIsOlderThanMaxAgeButWithinTheLeewayThenTheRequestPasses() {
        long authTime = clock.instant().minusSeconds(359).getEpochSecond();
        assertThat(call(idp.token().claim("auth_time", authTime).build(), RECENT))
                .isInstanceOf(Authenticated.class);
    }

    @Test
    void whenTheAuthenticationIsOlderThanMaxAgeAndLeewayThen401WithMaxAge() {
        String token = idp.token()
                .claim("auth_time", clock.instant().minusSeconds(200).getEpochSecond())
                .build();
        assertThat(call(token, RECENT)).isInstanceOf(Authenticated.class);
        clock.advance(Duration.ofSeconds(161)); // 361 s after the authentication: past 300 s + 60 s leeway
        BearerResponse r = refusal(call(token, RECENT));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().get("WWW-Authenticate"))
                .containsExactly(
                        "Bearer realm=\"orders\", "
                                + "error=\"insufficient_user_authentication\", "
                                + "error_description=\"The user authentication is not recent enough for this request\", max_age=300",
                        "DPoP realm=\"orders\", algs=\"ES256 RS256 PS256 EdDSA\"");
        assertThat(validator.metrics().rejected(FailureReason.AUTHENTICATION_TOO_OLD))
                .isEqualTo(1);
    }

    @Test
    void whenTheTokenHasNoAuthTimeThenAMaxAgeRuleFails() {
        assertThat(refusal(call(idp.token().build(), RECENT)).header("WWW-Authenticate"))
                .endsWith("max_age=300");
    }

    @Test
    void whenBothRulesApplyThenTheChallengeNamesBoth() {
        AccessRequirement both = GOLD.toBuilder().maxAge(Duration.ofSeconds(60)).build();
        BearerResponse r = refusal(call(idp.token().claim("acr", "urn:gold").build(), both));
        assertThat(r.header("WWW-Authenticate")).endsWith(", acr_values=\"urn:gold urn:platinum\", max_age=60");
    }

    @Test
    void whenTheScopeIsAlsoMissingThenTheScopeRefusalComesFirst() {
        AccessRequirement need = GOLD.toBuilder()
                .scopes(AccessRequirement.Match.ALL, List.of("orders:write"))
                .build();
        BearerResponse r = refusal(call(idp.token().scope("orders:read").build(), need));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("WWW-Authenticate"))
                .contains("error=\"insufficient_scope\"")
                .doesNotContain("acr_values");
    }

    @Test
    void whenAnAcrValueCannotBeSentInAChallengeThenTheRequirementIsRefusedAtSetUp() {
        assertThatThrownBy(() ->
                        AccessRequirement.builder().acr(List.of("urn:a b")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acr value");
        assertThatThrownBy(() -> AccessRequirement.builder()
                        .maxAge(Duration.ofMillis(1500))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> AccessRequirement.denyAll().toBuilder()
                        .acr(List.of("x"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenOnlyAStepUpRuleIsSetThenTheRequirementIsNotNone() {
        assertThat(RECENT.isNone()).isFalse();
        assertThat(RECENT.needsStepUp()).isTrue();
        assertThat(AccessRequirement.none().needsStepUp()).isFalse();
    }
}
