package dev.portcullis.core;

import dev.portcullis.core.http.BearerChallenge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Each reason maps to its RFC 6750 code and status with a safe description. */
class FailureReasonTest {

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void everyDescriptionUsesOnlyRfc6750ErrorDescriptionCharacters(FailureReason reason) {
        assertThat(BearerChallenge.isValidDescription(reason.description())).isTrue();
        assertThat(reason.description()).isNotBlank().doesNotContain("Exception");
    }

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void everyErrorCodeComesWithTheStatusRfc6750PairsItWith(FailureReason reason) {
        reason.error().ifPresent(e -> assertThat(reason.status()).isEqualTo(e.status()));
    }

    @Test
    void onlyUnavailableKeysAKeyNotYetFetchedRevocationOrIntrospectionStatusOrValidationAreServerFaults() {
        for (FailureReason r : FailureReason.values()) {
            assertThat(r.isServerFault())
                    .as(r.name())
                    .isEqualTo(r == FailureReason.KEYS_UNAVAILABLE
                            || r == FailureReason.KEY_NOT_YET_FETCHED
                            || r == FailureReason.REVOCATION_UNAVAILABLE
                            || r == FailureReason.INTROSPECTION_UNAVAILABLE
                            || r == FailureReason.VALIDATION_UNAVAILABLE
                            || r == FailureReason.DPOP_REPLAY_UNAVAILABLE);
        }
        assertThat(FailureReason.KEYS_UNAVAILABLE.status()).isEqualTo(503);
        assertThat(FailureReason.KEYS_UNAVAILABLE.error()).isEmpty();
        assertThat(FailureReason.KEY_NOT_YET_FETCHED.status()).isEqualTo(503);
        assertThat(FailureReason.KEY_NOT_YET_FETCHED.error()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void everyReasonHasAtMostOneErrorCodeAndDpopCodesAreRfc9449s(FailureReason reason) {
        assertThat(reason.error().isPresent() && reason.dpopError().isPresent()).isFalse();
        reason.dpopError()
                .ifPresent(
                        e -> assertThat(reason.status()).isEqualTo(e.status()).isEqualTo(401));
        assertThat(DpopError.INVALID_DPOP_PROOF.code()).isEqualTo("invalid_dpop_proof");
        assertThat(DpopError.USE_DPOP_NONCE.code()).isEqualTo("use_dpop_nonce");
        assertThat(reason.errorCode())
                .isEqualTo(reason.error()
                        .map(BearerError::code)
                        .or(() -> reason.dpopError().map(DpopError::code)));
    }

    @Test
    void missingTokenHasNoErrorCodeSoTheChallengeIsBare() {
        assertThat(FailureReason.MISSING_TOKEN.error()).isEmpty();
        assertThat(FailureReason.MISSING_TOKEN.status()).isEqualTo(401);
    }

    @Test
    void bearerErrorsCarryTheRfcCodesAndStatuses() {
        assertThat(BearerError.INVALID_REQUEST.code()).isEqualTo("invalid_request");
        assertThat(BearerError.INVALID_REQUEST.status()).isEqualTo(400);
        assertThat(BearerError.INVALID_TOKEN.code()).isEqualTo("invalid_token");
        assertThat(BearerError.INVALID_TOKEN.status()).isEqualTo(401);
        assertThat(BearerError.INSUFFICIENT_SCOPE.code()).isEqualTo("insufficient_scope");
        assertThat(BearerError.INSUFFICIENT_SCOPE.status()).isEqualTo(403);
    }
}
