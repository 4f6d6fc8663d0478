package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The challenge and the refusal response, checked against RFC 6750 §3's grammar. */
class BearerChallengeTest {
    /** auth-param list of RFC 6750 §3 with the attribute value sets of §3 and RFC 6749 §3.3. */
    private static final Pattern CHALLENGE = Pattern.compile("Bearer realm=\"(?:[^\"\\\\\\x00-\\x1f]|\\\\.)*\""
            + "(?:, error=\"(?:invalid_request|invalid_token|insufficient_scope|insufficient_user_authentication)\""
            + "(?:, error_description=\"[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*\")?"
            + "(?:, scope=\"[\\x21\\x23-\\x5b\\x5d-\\x7e]+(?: [\\x21\\x23-\\x5b\\x5d-\\x7e]+)*\")?)?");

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void everyReasonGivesAChallengeInRfc6750Grammar(FailureReason reason) {
        String challenge = BearerChallenge.forFailure("orders", ValidationFailure.of(reason));
        assertThat(challenge).matches(CHALLENGE);
        reason.error()
                .ifPresentOrElse(
                        e -> assertThat(challenge)
                                .contains("error=\"" + e.code() + "\"")
                                .contains("error_description=\"" + reason.description() + "\""),
                        () -> assertThat(challenge).isEqualTo("Bearer realm=\"orders\""));
    }

    @Test
    void whenInsufficientScopeThenChallengeNamesTheRequiredScopes() {
        ValidationFailure f =
                new ValidationFailure(FailureReason.INSUFFICIENT_SCOPE, null, List.of("read:orders", "write:orders"));
        assertThat(BearerChallenge.forFailure("api", f))
                .matches(CHALLENGE)
                .endsWith(", scope=\"read:orders write:orders\"");
    }

    @Test
    void whenScopeOrRealmCarryForbiddenCharactersThenTheyCannotBreakTheHeader() {
        ValidationFailure f =
                new ValidationFailure(FailureReason.INSUFFICIENT_SCOPE, null, List.of("bad\"scope", "ok", "a\r\nb"));
        String challenge = BearerChallenge.forFailure("my \"realm\"\r\nX-Injected: 1", f);
        assertThat(challenge)
                .doesNotContain("\r")
                .doesNotContain("\n")
                .matches(CHALLENGE)
                .contains("scope=\"ok\"")
                .contains("realm=\"my \\\"realm\\\"X-Injected: 1\"");
    }

    @Test
    void descriptionCharacterSetIsExactlyRfc6750s() {
        for (char c = 0; c < 256; c++) {
            boolean allowed = c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
            assertThat(BearerChallenge.isValidDescription(String.valueOf(c)))
                    .as("char %d", (int) c)
                    .isEqualTo(allowed);
        }
    }

    @Test
    void whenKeysUnavailableThenResponseIs503WithRetryAfterAndNoErrorCode() {
        BearerResponse r = BearerResponse.forResult(
                "api",
                new ValidationResult.Unavailable(
                        ValidationFailure.of(FailureReason.KEYS_UNAVAILABLE, "idp down"), Duration.ofMillis(7_200)));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers())
                .containsEntry("Retry-After", List.of("8"))
                .containsEntry("Cache-Control", List.of("no-store"))
                .containsEntry("WWW-Authenticate", List.of("Bearer realm=\"api\""));
        assertThat(r.body()).doesNotContain("idp down");
    }

    @Test
    void whenInvalidTokenThenResponseIs401WithSafeBodyAndNoStore() {
        BearerResponse r = BearerResponse.forResult(
                "api", new ValidationResult.Invalid(ValidationFailure.of(FailureReason.EXPIRED, "expired 61 s ago")));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate"))
                .isEqualTo(
                        "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token expired\"");
        assertThat(r.headers())
                .containsEntry("Cache-Control", List.of("no-store"))
                .doesNotContainKey("Retry-After");
        assertThat(r.body())
                .isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"The access token expired\"}")
                .doesNotContain("61");
    }

    @Test
    void whenMissingTokenThenResponseIsBare401() {
        BearerResponse r = BearerResponse.missingToken("api");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\"");
    }
}
