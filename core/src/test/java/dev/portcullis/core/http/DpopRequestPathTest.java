package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.dpop.DpopConfig;
import dev.portcullis.core.dpop.DpopMode;
import dev.portcullis.core.dpop.DpopReplayStore;
import dev.portcullis.core.http.BearerAuthenticator.Authenticated;
import dev.portcullis.core.http.BearerAuthenticator.Decision;
import dev.portcullis.core.http.BearerAuthenticator.Refused;
import dev.portcullis.testkit.DpopProof;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** DPoP in the one request path: schemes, policy, challenges, nonces, no downgrade, the proof on every request. */
class DpopRequestPathTest {
    private static final String URL = "http://127.0.0.1:8080/app/orders";
    private static final String DPOP = "DPoP realm=\"orders\", algs=\"ES256 RS256 PS256 EdDSA\"";
    private final LocalIdp idp = LocalIdp.start();
    private final TokenValidator validator = TokenValidator.builder(ValidatorConfig.builder()
                    .issuer(idp.issuer())
                    .audiences("orders-api")
                    .jwksUri(idp.jwksUri())
                    .jwksMinRefetchInterval(Duration.ZERO)
                    .build())
            .build();
    private final DpopProof client = DpopProof.of(TestKey.ec("client")).uri(URL);
    private final String token = idp.token().boundTo(client.thumbprint()).build();

    @AfterEach
    void close() {
        validator.close();
        idp.close();
    }

    private BearerAuthenticator authenticator(DpopConfig config) {
        return BearerAuthenticator.builder(validator)
                .realm("orders")
                .dpop(config)
                .build();
    }

    private final BearerAuthenticator allowed = authenticator(DpopConfig.defaults());

    private static TestRequest dpop(String token, String... proofs) {
        return TestRequest.of(List.of("DPoP " + token), false, "GET", "/orders").headers("DPoP", List.of(proofs));
    }

    private static BearerResponse refusal(Decision d) {
        assertThat(d).isInstanceOf(Refused.class);
        return ((Refused) d).response();
    }

    @Test
    void whenBoundTokenComesWithItsProofThenAuthenticated() {
        Decision d = allowed.authenticate(dpop(token, client.accessToken(token).build()), AccessRequirement.none());
        assertThat(d).isInstanceOf(Authenticated.class);
        assertThat(((Authenticated) d).responseHeaders()).isEmpty();
        assertThat(allowed.authenticate(
                        TestRequest.of(List.of("dpop  " + token), false, "GET", "/orders")
                                .headers(
                                        "DPoP",
                                        List.of(client.accessToken(token).build())),
                        AccessRequirement.none()))
                .isInstanceOf(Authenticated.class);
    }

    @Test
    void whenTheSameTokenComesAgainThenItsNewProofIsCheckedAndAReplayedOneRefused() {
        String proof = client.accessToken(token).build();
        assertThat(allowed.authenticate(dpop(token, proof), AccessRequirement.none()))
                .isInstanceOf(Authenticated.class);
        assertThat(allowed.authenticate(dpop(token, client.accessToken(token).build()), AccessRequirement.none()))
                .isInstanceOf(Authenticated.class);
        BearerResponse r = refusal(allowed.authenticate(dpop(token, proof), AccessRequirement.none()));
        assertThat(r.headers().get("WWW-Authenticate"))
                .containsExactly(
                        "Bearer realm=\"orders\"",
                        "DPoP realm=\"orders\", error=\"invalid_dpop_proof\", error_description=\"The DPoP proof was already used\","
                                + " algs=\"ES256 RS256 PS256 EdDSA\"");
        assertThat(r.body())
                .isEqualTo(
                        "{\"error\":\"invalid_dpop_proof\",\"error_description\":\"The DPoP proof was already used\"}");
        assertThat(validator.metrics().rejected(FailureReason.DPOP_PROOF_REPLAYED))
                .isEqualTo(1);
    }

    @Test
    void whenBoundTokenIsPresentedAsBearerThen401InvalidTokenNoDowngrade() {
        BearerResponse r = refusal(allowed.authenticate(TestRequest.bearer(token), AccessRequirement.none()));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().get("WWW-Authenticate"))
                .containsExactly(
                        "Bearer realm=\"orders\", error=\"invalid_token\","
                                + " error_description=\"The access token is bound to a key and needs a DPoP proof\"",
                        DPOP);
    }

    @Test
    void whenDpopSchemeHasNoProofOrTwoThen401InvalidDpopProof() {
        for (TestRequest request : List.of(
                dpop(token),
                dpop(
                        token,
                        client.accessToken(token).build(),
                        client.accessToken(token).build()))) {
            BearerResponse r = refusal(allowed.authenticate(request, AccessRequirement.none()));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.headers().get("WWW-Authenticate")).first().isEqualTo("Bearer realm=\"orders\"");
            assertThat(r.headers().get("WWW-Authenticate").get(1)).contains("error=\"invalid_dpop_proof\"");
        }
    }

    @Test
    void whenProofIsForAnotherUriThenRefusedAndAnotherSpellingOfTheSameUriAccepted() {
        assertThat(refusal(allowed.authenticate(
                                dpop(
                                        token,
                                        client.uri("http://127.0.0.1:8080/app/admin")
                                                .accessToken(token)
                                                .build()),
                                AccessRequirement.none()))
                        .status())
                .isEqualTo(401);
        assertThat(allowed.authenticate(
                        dpop(
                                token,
                                client.uri("HTTP://127.0.0.1:8080/app/%6Frders?x=1")
                                        .accessToken(token)
                                        .build()),
                        AccessRequirement.none()))
                .isInstanceOf(Authenticated.class);
    }

    @Test
    void whenAProofIsPresentedAsTheAccessTokenThenInvalidToken() {
        // An RS256 proof, so that the validator's alg allow-list passes it and its typ refuses it.
        String proof = DpopProof.of(TestKey.rsa("client-rsa"))
                .uri(URL)
                .accessToken(token)
                .build();
        BearerResponse r = refusal(allowed.authenticate(dpop(proof, proof), AccessRequirement.none()));
        assertThat(r.headers().get("WWW-Authenticate").get(1)).contains("error=\"invalid_token\"");
        assertThat(validator.metrics().rejected(FailureReason.WRONG_TYPE)).isEqualTo(1);
    }

    @Test
    void whenDpopIsRequiredThenBearerIsRefusedAndOnlyTheDpopSchemeIsOffered() {
        String unbound = idp.token().build();
        for (BearerAuthenticator a : List.of(
                authenticator(DpopConfig.builder().mode(DpopMode.REQUIRED).build()),
                authenticator(DpopConfig.builder()
                        .issuerMode(idp.issuer(), DpopMode.REQUIRED)
                        .build()))) {
            BearerResponse r = refusal(a.authenticate(TestRequest.bearer(unbound), AccessRequirement.none()));
            assertThat(r.headers().get("WWW-Authenticate"))
                    .containsExactly(
                            "DPoP realm=\"orders\", error=\"invalid_token\","
                                    + " error_description=\"The access token must be presented with a DPoP proof\", algs=\"ES256 RS256 PS256 EdDSA\"");
            assertThat(a.authenticate(dpop(token, client.accessToken(token).build()), AccessRequirement.none()))
                    .isInstanceOf(Authenticated.class);
        }
        AccessRequirement onThisPath =
                AccessRequirement.builder().dpop(DpopMode.REQUIRED).build();
        assertThat(refusal(allowed.authenticate(TestRequest.bearer(unbound), onThisPath))
                        .status())
                .isEqualTo(401);
        assertThat(allowed.authenticate(TestRequest.bearer(unbound), AccessRequirement.none()))
                .isInstanceOf(Authenticated.class);
        dev.portcullis.core.VerifiedToken verified =
                ((dev.portcullis.core.ValidationResult.Valid) validator.validate(unbound)).token();
        assertThat(refusal(allowed.authorize(verified, TestRequest.bearer(unbound), onThisPath))
                        .body())
                .contains("must be presented with a DPoP proof");
    }

    @Test
    void whenDpopIsOffThenTheSchemeIsNotAcceptedNorOffered() {
        BearerAuthenticator off =
                authenticator(DpopConfig.builder().mode(DpopMode.OFF).build());
        BearerResponse r =
                refusal(off.authenticate(dpop(token, client.accessToken(token).build()), AccessRequirement.none()));
        assertThat(r.headers().get("WWW-Authenticate")).containsExactly("Bearer realm=\"orders\"");
        assertThat(refusal(off.authenticate(TestRequest.bearer(token), AccessRequirement.none()))
                        .body())
                .contains("bound to a key");
    }

    @Test
    void whenNoncesAreOnThenUseDpopNonceWithANonceAndTheRetryWithItPasses() {
        BearerAuthenticator nonces =
                authenticator(DpopConfig.builder().nonce(true).build());
        BearerResponse r = refusal(
                nonces.authenticate(dpop(token, client.accessToken(token).build()), AccessRequirement.none()));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().get("WWW-Authenticate").get(1)).contains("error=\"use_dpop_nonce\"");
        String nonce = r.header("DPoP-Nonce");
        assertThat(nonce).isNotBlank();
        assertThat(nonces.authenticate(
                        dpop(token, client.nonce(nonce).accessToken(token).build()), AccessRequirement.none()))
                .isInstanceOf(Authenticated.class);
        assertThat(refusal(nonces.authenticate(TestRequest.get("/orders"), AccessRequirement.none()))
                        .header("DPoP-Nonce"))
                .isEqualTo(nonce);
    }

    @Test
    void whenScopeIsMissingWithDpopThenTheErrorIsInTheDpopChallenge() {
        AccessRequirement need = AccessRequirement.builder()
                .scopes(AccessRequirement.Match.ALL, List.of("admin"))
                .build();
        BearerResponse r = refusal(
                allowed.authenticate(dpop(token, client.accessToken(token).build()), need));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.headers().get("WWW-Authenticate"))
                .containsExactly(
                        "Bearer realm=\"orders\"",
                        "DPoP realm=\"orders\", error=\"insufficient_scope\", error_description=\"The access token lacks a scope required"
                                + " for this request\", scope=\"admin\", algs=\"ES256 RS256 PS256 EdDSA\"");
    }

    @Test
    void whenTheReplayStoreCannotAnswerThen503WithRetryAfter() {
        BearerAuthenticator down = BearerAuthenticator.builder(validator)
                .realm("orders")
                .dpopReplayStore((jkt, jti, iat, exp) -> DpopReplayStore.Verdict.UNAVAILABLE)
                .build();
        BearerResponse r =
                refusal(down.authenticate(dpop(token, client.accessToken(token).build()), AccessRequirement.none()));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void whenForwardedHeadersComeFromATrustedProxyOnlyThenTheyNameTheUri() {
        String outside = "https://api.example.com/app/orders";
        TestRequest proxied = dpop(token, client.uri(outside).accessToken(token).build())
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "api.example.com");
        assertThat(refusal(allowed.authenticate(proxied, AccessRequirement.none()))
                        .status())
                .isEqualTo(401);
        BearerAuthenticator behindProxy =
                authenticator(DpopConfig.builder().trustProxy("127.0.0.1").build());
        TestRequest again = dpop(token, client.uri(outside).accessToken(token).build())
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "api.example.com");
        assertThat(behindProxy.authenticate(again, AccessRequirement.none())).isInstanceOf(Authenticated.class);
    }
}
