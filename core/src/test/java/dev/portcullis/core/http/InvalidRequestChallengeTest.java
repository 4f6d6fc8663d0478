package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.http.BearerAuthenticator.Decision;
import dev.portcullis.core.http.BearerAuthenticator.Refused;
import dev.portcullis.testkit.LocalIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6750 §3: every {@code 400 invalid_request} answer carries {@code WWW-Authenticate: Bearer realm=...,
 * error="invalid_request"}, whichever cause. Both adapters write the {@link BearerResponse} of the one
 * request path as is, so these cases hold for the servlet filter and the JAX-RS filter alike.
 */
class InvalidRequestChallengeTest {
    private static final String MULTIPLE = "Bearer realm=\"orders\", error=\"invalid_request\","
            + " error_description=\"The request presents more than one access token\"";
    private static final String MALFORMED = "Bearer realm=\"orders\", error=\"invalid_request\","
            + " error_description=\"The Authorization header is malformed\"";

    private final LocalIdp idp = LocalIdp.start();
    private final List<TokenValidator> validators = new ArrayList<>();
    private final String token = idp.token().build();

    @AfterEach
    void close() {
        validators.forEach(TokenValidator::close);
        idp.close();
    }

    private BearerAuthenticator authenticator(String header) {
        TokenValidator validator = TokenValidator.builder(ValidatorConfig.builder()
                        .issuer(idp.issuer())
                        .audiences("orders-api")
                        .jwksUri(idp.jwksUri())
                        .tokenHeader(header)
                        .build())
                .build();
        validators.add(validator);
        return BearerAuthenticator.builder(validator).realm("orders").build();
    }

    private BearerResponse answer(String header, List<String> values, boolean tokenElsewhere) {
        Decision d = authenticator(header)
                .authenticate(
                        TestRequest.get("/orders").headers(header, values).tokenElsewhere(tokenElsewhere),
                        AccessRequirement.none());
        assertThat(d).isInstanceOf(Refused.class);
        return ((Refused) d).response();
    }

    private static void assertInvalidRequest(BearerResponse r, String challenge) {
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.headers())
                .containsEntry("WWW-Authenticate", List.of(challenge))
                .containsEntry("Cache-Control", List.of("no-store"))
                .doesNotContainKey("Retry-After");
        assertThat(r.body()).startsWith("{\"error\":\"invalid_request\",");
    }

    @Test
    void whenTwoAuthorizationHeadersThen400WithTheInvalidRequestChallenge() {
        assertInvalidRequest(answer("Authorization", List.of("Bearer " + token, "Bearer " + token), false), MULTIPLE);
    }

    @Test
    void whenOneHeaderCarriesTwoCredentialsThen400WithTheInvalidRequestChallenge() {
        assertInvalidRequest(
                answer("Authorization", List.of("Bearer " + token + ", Bearer " + token), false), MULTIPLE);
        assertInvalidRequest(answer("Authorization", List.of("Bearer " + token + "," + token), false), MULTIPLE);
    }

    @Test
    void whenATokenIsInTheHeaderAndInTheQueryOrFormThen400WithTheInvalidRequestChallenge() {
        assertInvalidRequest(answer("Authorization", List.of("Bearer " + token), true), MULTIPLE);
    }

    @Test
    void whenTheBearerSchemeHasNoTokenThen400WithTheInvalidRequestChallenge() {
        assertInvalidRequest(answer("Authorization", List.of("Bearer"), false), MALFORMED);
        assertInvalidRequest(answer("Authorization", List.of("bearer   "), false), MALFORMED);
        assertInvalidRequest(answer("Authorization", List.of("Bearer \t "), false), MALFORMED);
    }

    @Test
    void whenTheTokenIsNotInTheB64TokenSyntaxThen400WithTheInvalidRequestChallenge() {
        assertInvalidRequest(answer("Authorization", List.of("Bearer " + token + "\"x"), false), MALFORMED);
        assertInvalidRequest(answer("Authorization", List.of("Bearer a b"), false), MALFORMED);
        assertInvalidRequest(answer("Authorization", List.of("Bearer ===="), false), MALFORMED);
    }

    @Test
    void whenACustomTokenHeaderIsEmptyOrRepeatedThen400WithTheInvalidRequestChallenge() {
        assertInvalidRequest(answer("X-Access-Token", List.of("  "), false), MALFORMED);
        assertInvalidRequest(answer("X-Access-Token", List.of(token, token), false), MULTIPLE);
        assertInvalidRequest(answer("X-Access-Token", List.of(token), true), MULTIPLE);
    }

    @Test
    void whenAnyReasonIsAnswered400ThenItsResponseCarriesTheInvalidRequestChallenge() {
        for (FailureReason reason : FailureReason.values()) {
            if (reason.status() == 400) {
                BearerResponse r = BearerResponse.forFailure("orders", ValidationFailure.of(reason, "detail"));
                assertThat(r.header("WWW-Authenticate"))
                        .as(reason.name())
                        .startsWith("Bearer realm=\"orders\", error=\"invalid_request\", error_description=\"");
            }
        }
    }
}
