package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.http.BearerAuthenticator.Authenticated;
import dev.portcullis.core.http.BearerAuthenticator.Decision;
import dev.portcullis.core.http.BearerAuthenticator.Refused;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of challenge carries {@code resource_metadata} (RFC 9728 §5.1); the resource-indicator rule (RFC 8707). */
class ResourceMetadataChallengeTest {
    private static final String URL =
            ", resource_metadata=\"http://localhost:9080/shop/.well-known/oauth-protected-resource\"";

    private final LocalIdp idp = LocalIdp.start();
    private final TokenValidator validator = TokenValidator.builder(ValidatorConfig.builder()
                    .issuer(idp.issuer())
                    .audiences("orders-api", "http://localhost:9080/shop")
                    .jwksUri(idp.jwksUri())
                    .jwksMinRefetchInterval(Duration.ZERO)
                    .build())
            .build();
    private final BearerAuthenticator authenticator = BearerAuthenticator.builder(validator)
            .realm("shop")
            .metadata(ResourceMetadata.builder().build())
            .build();

    @AfterEach
    void close() {
        validator.close();
        idp.close();
    }

    private static TestRequest request(String token) {
        TestRequest r =
                TestRequest.get("/orders").origin("http", "localhost", 9080).contextPath("/shop");
        return token == null ? r : r.header("Authorization", "Bearer " + token);
    }

    private static List<String> challenges(Decision d) {
        assertThat(d).isInstanceOf(Refused.class);
        return ((Refused) d).response().headers().get("WWW-Authenticate");
    }

    @Test
    void whenNoTokenThenTheBareChallengeCarriesTheMetadataUrl() {
        assertThat(challenges(authenticator.authenticate(request(null), AccessRequirement.none())))
                .containsExactly(
                        "Bearer realm=\"shop\"" + URL, "DPoP realm=\"shop\", algs=\"ES256 RS256 PS256 EdDSA\"" + URL);
    }

    @Test
    void whenTheRequestIsMalformedThenThe400ChallengeCarriesIt() {
        assertThat(challenges(authenticator.authenticate(
                                request(null).header("Authorization", "Bearer a b"), AccessRequirement.none()))
                        .get(0))
                .contains("invalid_request")
                .endsWith(URL);
    }

    @Test
    void whenTheTokenIsInvalidThenThe401ChallengeCarriesIt() {
        assertThat(challenges(authenticator.authenticate(request("abc.def.ghi"), AccessRequirement.none()))
                        .get(0))
                .contains("invalid_token")
                .endsWith(URL);
    }

    @Test
    void whenAScopeOrRoleIsMissingThenThe403ChallengeCarriesIt() {
        AccessRequirement scope = AccessRequirement.builder()
                .scopes(AccessRequirement.Match.ALL, List.of("orders:write"))
                .build();
        assertThat(challenges(authenticator.authenticate(request(idp.token().build()), scope))
                        .get(0))
                .contains("scope=\"orders:write\"" + URL);
        AccessRequirement role =
                AccessRequirement.builder().roles(List.of("clerk")).build();
        assertThat(challenges(authenticator.authenticate(request(idp.token().build()), role))
                        .get(0))
                .endsWith(URL);
        assertThat(challenges(authenticator.authenticate(request(idp.token().build()), AccessRequirement.denyAll()))
                        .get(0))
                .endsWith(URL);
    }

    @Test
    void whenAStepUpRuleFailsThenItsChallengeCarriesItLast() {
        AccessRequirement gold =
                AccessRequirement.builder().acr(List.of("urn:gold")).build();
        assertThat(challenges(authenticator.authenticate(request(idp.token().build()), gold))
                        .get(0))
                .endsWith("acr_values=\"urn:gold\"" + URL);
    }

    @Test
    void whenTheKeysAreUnavailableThenThe503ChallengeCarriesIt() {
        String token = idp.token().signedWith(TestKey.rsa("never-published")).build();
        idp.failWith(LocalIdp.Failure.DOWN);
        Decision d = authenticator.authenticate(request(token), AccessRequirement.none());
        assertThat(((Refused) d).response().status()).isEqualTo(503);
        assertThat(challenges(d)).containsExactly("Bearer realm=\"shop\"" + URL);
    }

    @Test
    void whenTheHostCannotBeTrustedThenNoChallengeNamesIt() {
        TestRequest evil =
                TestRequest.get("/orders").origin("http", "evil.example", 80).contextPath("/shop");
        assertThat(challenges(authenticator.authenticate(evil, AccessRequirement.none())))
                .containsExactly("Bearer realm=\"shop\"", "DPoP realm=\"shop\", algs=\"ES256 RS256 PS256 EdDSA\"");
    }

    @Test
    void whenTheResourceIndicatorIsRequiredThenTheAudienceMustContainTheResource() {
        BearerAuthenticator strict = BearerAuthenticator.builder(validator)
                .realm("shop")
                .metadata(ResourceMetadata.builder()
                        .resource(URI.create("http://localhost:9080/shop"))
                        .resourceIndicator(true)
                        .build())
                .build();
        assertThat(strict.authenticate(
                        request(idp.token()
                                .audience("http://localhost:9080/shop")
                                .build()),
                        AccessRequirement.none()))
                .isInstanceOf(Authenticated.class);
        Decision d =
                strict.authenticate(request(idp.token().audience("orders-api").build()), AccessRequirement.none());
        assertThat(challenges(d).get(0))
                .contains("error=\"invalid_token\"")
                .contains("The access token is not intended for this resource");
        assertThat(validator.metrics().rejected(FailureReason.WRONG_AUDIENCE)).isEqualTo(1);
    }
}
