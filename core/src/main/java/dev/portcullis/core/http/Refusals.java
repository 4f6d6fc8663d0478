package dev.portcullis.core.http;

import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.http.BearerAuthenticator.Decision;
import dev.portcullis.core.http.BearerAuthenticator.Refused;
import dev.portcullis.core.internal.CoreInternals;

/**
 * The refusals of one {@link BearerAuthenticator}: counts those the validator did not count, logs each
 * ({@link RefusalLog}), and writes the answer with the authenticator's challenges and, where DPoP is
 * offered, a fresh {@code DPoP-Nonce}. Immutable.
 */
final class Refusals {
    private final TokenValidator validator;
    private final Challenges challenges;
    private final DpopStage dpop;
    private final RefusalLog log = new RefusalLog();

    Refusals(TokenValidator validator, Challenges challenges, DpopStage dpop) {
        this.validator = validator;
        this.challenges = challenges;
        this.dpop = dpop;
    }

    /** A refusal the validator did not count: malformed requests (400) and missing rights (403). */
    Decision refuse(ValidationFailure failure, String raw, HttpRequestView request, Challenges.Offer offer) {
        return respond(failure, -1, raw, request, offer, null, true, AccessRequirement.none());
    }

    /** A refusal the validator decided, and counted. */
    Decision answer(ValidationResult result, String raw, HttpRequestView request, Challenges.Offer offer) {
        return respond(
                BearerResponse.failureOf(result),
                BearerResponse.retryAfterSeconds(result),
                raw,
                request,
                offer,
                null,
                false,
                AccessRequirement.none());
    }

    Decision respond(
            ValidationFailure failure,
            long retryAfterSeconds,
            String raw,
            HttpRequestView request,
            Challenges.Offer offer,
            String nonce,
            boolean count,
            AccessRequirement need) {
        if (count) {
            CoreInternals.countRefusal(validator, failure);
        }
        log.log(failure, raw, request);
        BearerResponse response = BearerResponse.refusal(
                failure, retryAfterSeconds, challenges.forFailure(failure, request, offer, need));
        String fresh = nonce != null ? nonce : offer.dpop() && failure.status() == 401 ? dpop.nonce() : null;
        return new Refused(fresh == null ? response : response.withHeader(DpopStage.NONCE_HEADER, fresh));
    }

    /** An unexpected error: 503; neither the exception's message (it might quote the token) nor its class or stack is logged. */
    Decision fault(String raw, HttpRequestView request) {
        return new Refused(log.fault(validator, challenges, raw, request));
    }
}
