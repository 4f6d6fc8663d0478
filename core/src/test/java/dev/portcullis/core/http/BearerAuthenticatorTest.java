package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.LogCapture;
import dev.portcullis.core.TokenFingerprint;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.http.AccessRequirement.Match;
import dev.portcullis.core.http.BearerAuthenticator.Authenticated;
import dev.portcullis.core.http.BearerAuthenticator.Decision;
import dev.portcullis.core.http.BearerAuthenticator.Refused;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one request path, against a real validator and a loopback identity provider. */
class BearerAuthenticatorTest {
    private final LocalIdp idp = LocalIdp.start();
    private final TokenValidator validator = TokenValidator.builder(ValidatorConfig.builder()
                    .issuer(idp.issuer())
                    .audiences("orders-api")
                    .jwksUri(idp.jwksUri())
                    .jwksMinRefetchInterval(Duration.ZERO)
                    .build())
            .build();
    private final BearerAuthenticator authenticator =
            BearerAuthenticator.builder(validator).realm("orders").build();

    @AfterEach
    void close() {
        validator.close();
        idp.close();
    }

    private Decision call(String token, AccessRequirement need) {
        return authenticator.authenticate(
                TestRequest.of(token == null ? null : List.of("Bearer " + token), false, "GET", "/orders"), need);
    }

    private static BearerResponse refusal(Decision d) {
        assertThat(d).isInstanceOf(Refused.class);
        return ((Refused) d).response();
    }

    @Test
    void whenTheTokenIsValidAndNothingMoreIsNeededThenTheCallerIsAuthenticated() {
        Decision d = call(idp.token().claim("preferred_username", "alice.smith").build(), AccessRequirement.none());
        assertThat(d).isInstanceOf(Authenticated.class);
        assertThat(((Authenticated) d).principal().getName()).isEqualTo("alice.smith");
        assertThat(((Authenticated) d).token().subject()).hasValue("alice");
        assertThat(validator.metrics().accepted()).isEqualTo(1);
    }

    @Test
    void whenNoTokenThenABareChallengeAndTheValidatorCountsAMissingToken() {
        BearerResponse r = refusal(authenticator.authenticate(
                TestRequest.of(List.of(), false, "GET", "/orders"), AccessRequirement.none()));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers())
                .containsEntry(
                        "WWW-Authenticate",
                        List.of("Bearer realm=\"orders\"", "DPoP realm=\"orders\", algs=\"ES256 RS256 PS256 EdDSA\""));
        assertThat(r.body()).isEqualTo("{\"error_description\":\"No bearer token was presented\"}");
        refusal(authenticator.authenticate(TestRequest.of(null, false, "GET", "/orders"), AccessRequirement.none()));
        assertThat(validator.metrics().rejected(FailureReason.MISSING_TOKEN)).isEqualTo(2);
    }

    @Test
    void whenAnotherSchemeThenABareChallenge() {
        BearerResponse r = refusal(authenticator.authenticate(
                TestRequest.of(List.of("Basic YWxpY2U6c2VjcmV0"), false, "GET", "/"), AccessRequirement.none()));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers())
                .containsEntry(
                        "WWW-Authenticate",
                        List.of("Bearer realm=\"orders\"", "DPoP realm=\"orders\", algs=\"ES256 RS256 PS256 EdDSA\""));
    }

    @Test
    void whenATokenIsAlsoInTheQueryOrFormThen400MultipleTokensCountedOnce() {
        String token = idp.token().build();
        BearerResponse r = refusal(authenticator.authenticate(
                TestRequest.of(List.of("Bearer " + token), true, "POST", "/orders"), AccessRequirement.none()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"orders\", error=\"invalid_request\","
                        + " error_description=\"The request presents more than one access token\"");
        assertThat(validator.metrics().rejected(FailureReason.MULTIPLE_TOKENS)).isEqualTo(1);
        assertThat(validator.metrics().accepted()).isZero();
    }

    @Test
    void whenTwoHeadersThen400() {
        String token = idp.token().build();
        BearerResponse r = refusal(authenticator.authenticate(
                TestRequest.of(List.of("Bearer " + token, "Bearer " + token), false, "GET", "/"),
                AccessRequirement.none()));
        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void whenTheTokenExpiredThen401InvalidTokenCountedByTheValidatorOnly() {
        BearerResponse r =
                refusal(call(idp.token().expiresIn(Duration.ofMinutes(-5)).build(), AccessRequirement.none()));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body())
                .isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"The access token expired\"}");
        assertThat(validator.metrics().rejected(FailureReason.EXPIRED)).isEqualTo(1);
    }

    @Test
    void whenAllScopesAreNeededAndOneIsMissingThen403NamingTheScopes() {
        AccessRequirement need = AccessRequirement.of(List.of("read:orders", "write:orders"), Match.ALL, List.of());
        BearerResponse r = refusal(call(idp.token().scope("read:orders").build(), need));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("WWW-Authenticate"))
                .isEqualTo(
                        "Bearer realm=\"orders\", error=\"insufficient_scope\","
                                + " error_description=\"The access token lacks a scope required for this request\", scope=\"read:orders write:orders\"");
        assertThat(validator.metrics().rejected(FailureReason.INSUFFICIENT_SCOPE))
                .isEqualTo(1);
        assertThat(call(idp.token().scope("write:orders read:orders").build(), need))
                .isInstanceOf(Authenticated.class);
    }

    @Test
    void whenAnyScopeSufficesThenOneIsEnough() {
        AccessRequirement need = AccessRequirement.of(List.of("admin:orders", "write:orders"), Match.ANY, List.of());
        assertThat(call(idp.token().scope("write:orders").build(), need)).isInstanceOf(Authenticated.class);
        assertThat(refusal(call(idp.token().scope("read:orders").build(), need)).status())
                .isEqualTo(403);
    }

    @Test
    void whenNoneOfTheRolesThen403InsufficientRoleCounted() {
        AccessRequirement need = AccessRequirement.of(List.of(), Match.ALL, List.of("clerk", "admin"));
        BearerResponse r =
                refusal(call(idp.token().claim("groups", List.of("guest")).build(), need));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("WWW-Authenticate"))
                .contains("error=\"insufficient_scope\"")
                .contains("lacks a role")
                .doesNotContain("scope=");
        assertThat(validator.metrics().rejected(FailureReason.INSUFFICIENT_ROLE))
                .isEqualTo(1);
        assertThat(call(idp.token().claim("groups", List.of("admin")).build(), need))
                .isInstanceOf(Authenticated.class);
    }

    @Test
    void whenDeniedToAllThen403WhateverTheTokenWithoutValidating() {
        BearerResponse r = refusal(call(idp.token().build(), AccessRequirement.denyAll()));
        assertThat(r.status()).isEqualTo(403);
        assertThat(refusal(call(null, AccessRequirement.denyAll())).status()).isEqualTo(403);
        assertThat(validator.metrics().accepted()).isZero();
        assertThat(validator.metrics().rejected(FailureReason.INSUFFICIENT_ROLE))
                .isEqualTo(2);
    }

    @Test
    void whenTheTokenWasVerifiedAlreadyThenOnlyTheRequirementIsChecked() {
        ValidationResult.Valid valid = (ValidationResult.Valid)
                validator.validate(idp.token().scope("read:orders").build());
        AccessRequirement need = AccessRequirement.of(Set.of("write:orders"), Match.ALL, Set.of());
        assertThat(authenticator.authorize(valid.token(), TestRequest.get("/"), AccessRequirement.none()))
                .isInstanceOf(Authenticated.class);
        assertThat(refusal(authenticator.authorize(valid.token(), TestRequest.get("/"), need))
                        .status())
                .isEqualTo(403);
        assertThat(validator.metrics().accepted()).isEqualTo(1);
    }

    @Test
    void whenKeysCannotBeHadThen503WithRetryAfterAndOneWarningLine() {
        assertThat(call(idp.token().build(), AccessRequirement.none())).isInstanceOf(Authenticated.class);
        idp.failWith(LocalIdp.Failure.HTTP_500);
        try (LogCapture logs = new LogCapture("dev.portcullis.http", Level.INFO)) {
            String token = idp.token().signedWith(TestKey.rsa("never-seen")).build();
            BearerResponse r = refusal(call(token, AccessRequirement.none()));
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.headers())
                    .containsKey("Retry-After")
                    .containsEntry("WWW-Authenticate", List.of("Bearer realm=\"orders\""));
            assertThat(logs.lines())
                    .singleElement()
                    .asString()
                    .startsWith(
                            "WARNING Refused GET /orders: token " + TokenFingerprint.of(token) + " KEYS_UNAVAILABLE (");
        }
    }

    @Test
    void whenManyRequestsAre503WithinSecondsThenOneWarningLineAndTheRestAtDebug() {
        assertThat(call(idp.token().build(), AccessRequirement.none())).isInstanceOf(Authenticated.class);
        idp.failWith(LocalIdp.Failure.HTTP_500);
        try (LogCapture logs = new LogCapture("dev.portcullis.http", Level.ALL)) {
            for (int i = 0; i < 20; i++) {
                String token =
                        idp.token().signedWith(TestKey.rsa("never-seen-" + i)).build();
                assertThat(refusal(call(token, AccessRequirement.none())).status())
                        .isEqualTo(503);
            }
            assertThat(logs.lines()).hasSize(20);
            assertThat(logs.lines()).filteredOn(l -> l.startsWith("WARNING")).hasSize(1);
            assertThat(logs.lines())
                    .filteredOn(l -> l.startsWith("FINE Refused GET /orders: token "))
                    .hasSize(19);
        }
    }

    @Test
    void whenTheValidatorThrowsThen503ValidationUnavailableNotKeysUnavailable() {
        TokenValidator broken = new FailingValidator(validator.config());
        BearerAuthenticator a = BearerAuthenticator.builder(broken).build();
        try (LogCapture logs = new LogCapture("dev.portcullis.http", Level.ALL)) {
            String token = idp.token().build();
            BearerResponse r = refusal(a.authenticate(
                    TestRequest.of(List.of("Bearer " + token), false, "GET", "/x"), AccessRequirement.none()));
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.headers())
                    .containsEntry("Retry-After", List.of("30"))
                    .containsEntry("WWW-Authenticate", List.of("Bearer realm=\"api\""));
            assertThat(r.body())
                    .isEqualTo("{\"error\":\"temporarily_unavailable\","
                            + "\"error_description\":\"The access token cannot be checked right now\"}");
            assertThat(logs.lines())
                    .singleElement()
                    .asString()
                    .startsWith("SEVERE Refused GET /x: token " + TokenFingerprint.of(token)
                            + " VALIDATION_UNAVAILABLE (the validator failed unexpectedly)")
                    .doesNotContain("secret detail")
                    .doesNotContain("IllegalStateException")
                    .doesNotContain("at ");
        }
    }

    @Test
    void whenPathAndClaimsCarryControlsAndQuotesThenTheLogLineStaysOneEscapedLine() {
        try (LogCapture logs = new LogCapture("dev.portcullis.http", Level.ALL)) {
            String token = idp.token()
                    .issuer("https://evil\r\nFORGED \"x\"\u2028\u001b[31m")
                    .build();
            refusal(authenticator.authenticate(
                    TestRequest.of(List.of("Bearer " + token), false, "GET\n", "/a\r\nFORGED \"q\"\\\u0085"),
                    AccessRequirement.none()));
            String line = logs.lines().get(0);
            assertThat(line)
                    .startsWith("FINE Refused GET\\n /a\\r\\nFORGED \\\"q\\\"\\\\\\u0085: token "
                            + TokenFingerprint.of(token) + " WRONG_ISSUER (");
            assertThat(line)
                    .doesNotContain("\r")
                    .doesNotContain("\n")
                    .doesNotContain("\u2028")
                    .doesNotContain("\u001b")
                    .doesNotContain("\u0085")
                    .doesNotContain(token.substring(token.indexOf('.') + 1, token.indexOf('.') + 17));
            assertThat(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f))
                    .as(line)
                    .isTrue();
        }
    }

    @Test
    void whenDebugIsOffThenRefusalsAreNotLogged() {
        try (LogCapture logs = new LogCapture("dev.portcullis.http", Level.INFO)) {
            refusal(call(idp.token().expiresIn(Duration.ofMinutes(-5)).build(), AccessRequirement.none()));
            refusal(call(null, AccessRequirement.none()));
            assertThat(logs.lines()).isEmpty();
        }
    }

    /** A validator with a defect: throws where it must not. */
    private static final class FailingValidator implements TokenValidator {
        private final ValidatorConfig config;

        FailingValidator(ValidatorConfig config) {
            this.config = config;
        }

        @Override
        public ValidationResult validate(String token) {
            throw new IllegalStateException("secret detail");
        }

        @Override
        public ValidatorConfig config() {
            return config;
        }

        @Override
        public void close() {}
    }

    @Test
    void whenNoTokenHeaderThenTheQueryAndBodyAreNotSearched() {
        TestRequest request = TestRequest.of(null, true, "POST", "/orders");
        assertThat(refusal(authenticator.authenticate(request, AccessRequirement.none()))
                        .status())
                .isEqualTo(401);
        assertThat(request.tokenElsewhereAsked()).isZero();
    }

    @Test
    void whenAuthenticatedWithoutExtraHeadersThenTheDecisionCarriesNone() {
        Decision d = call(idp.token().build(), AccessRequirement.none());
        assertThat(((Authenticated) d).responseHeaders()).isEmpty();
    }

    @Test
    void whenRequirementIsBuiltThenItEqualsTheSameRequirementMadeByOf() {
        AccessRequirement built = AccessRequirement.builder()
                .scopes(Match.ANY, List.of("a", "b"))
                .roles(List.of("r"))
                .build();
        assertThat(built)
                .isEqualTo(AccessRequirement.of(List.of("a", "b"), Match.ANY, List.of("r")))
                .isEqualTo(built.toBuilder().build());
        assertThat(built.isNone()).isFalse();
        assertThat(AccessRequirement.builder().build()).isEqualTo(AccessRequirement.none());
        assertThatThrownBy(() -> AccessRequirement.builder()
                        .denyAll()
                        .roles(List.of("r"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccessRequirement.builder().scopes(Match.ALL, List.of(" ")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
