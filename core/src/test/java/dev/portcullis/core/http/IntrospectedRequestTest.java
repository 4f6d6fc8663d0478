package dev.portcullis.core.http;

import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.testkit.IntrospectionEndpoint;
import dev.portcullis.testkit.LocalIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request path introspects as the request's requirement says: a revoked JWT is 401 invalid_token where
 * introspection is asked for and still accepted elsewhere; an opaque token is accepted by introspection alone
 * (never MALFORMED before asking); an endpoint that fails gives 503 with Retry-After.
 */
class IntrospectedRequestTest {
    private static final AccessRequirement INTROSPECTED = AccessRequirement.builder()
            .introspection(IntrospectionConfig.Mode.ALL)
            .build();

    private final LocalIdp idp = LocalIdp.start();
    private final TokenValidator validator;
    private final BearerAuthenticator authenticator;

    IntrospectedRequestTest() {
        idp.introspection().registerClient("rs", "secret");
        validator = TokenValidator.builder(ValidatorConfig.builder()
                        .issuer(idp.issuer())
                        .audiences("orders-api")
                        .build())
                .introspection(IntrospectionConfig.builder()
                        .client(IntrospectionConfig.Client.basic("rs", "secret"))
                        .build())
                .build();
        authenticator = BearerAuthenticator.builder(validator).realm("orders").build();
    }

    @AfterEach
    void close() {
        validator.close();
        idp.close();
    }

    private BearerAuthenticator.Decision call(String token, AccessRequirement need) {
        return authenticator.authenticate(TestRequest.bearer(token), need);
    }

    @Test
    void whenARevokedJwtReachesAnIntrospectedPathThen401InvalidTokenAndElsewhereItIsStillAccepted() {
        String token = idp.token().build();
        assertThat(call(token, INTROSPECTED)).isInstanceOf(BearerAuthenticator.Authenticated.class);
        String revoked = idp.token().build();
        idp.introspection().revoke(revoked);
        BearerResponse r = ((BearerAuthenticator.Refused) call(revoked, INTROSPECTED)).response();
        assertThat(r.status()).isEqualTo(401);
        // the Bearer challenge with the error, and the DPoP one (bare) every 401 carries beside it
        assertThat(r.headers().get("WWW-Authenticate"))
                .hasSize(2)
                .first()
                .asString()
                .contains("error=\"invalid_token\"")
                .contains("The access token was revoked");
        assertThat(call(revoked, AccessRequirement.none())).isInstanceOf(BearerAuthenticator.Authenticated.class);
    }

    @Test
    void whenAnOpaqueTokenReachesAnIntrospectedPathThenItIsAcceptedAndElsewhereMalformed() {
        String opaque = idp.introspection().opaqueToken(idp.token().subject("carol"));
        BearerAuthenticator.Decision d = call(opaque, INTROSPECTED);
        assertThat(d).isInstanceOf(BearerAuthenticator.Authenticated.class);
        assertThat(((BearerAuthenticator.Authenticated) d).principal().getName())
                .isEqualTo("carol");
        BearerResponse r = ((BearerAuthenticator.Refused) call(opaque, AccessRequirement.none())).response();
        assertThat(r.status()).isEqualTo(401);
    }

    @Test
    void whenTheEndpointFailsThenAnIntrospectedPathAnswers503WithRetryAfter() {
        idp.introspection().failWith(IntrospectionEndpoint.Failure.HTTP_500);
        BearerResponse r = ((BearerAuthenticator.Refused) call(idp.token().build(), INTROSPECTED)).response();
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers()).containsKey("Retry-After");
        assertThat(call(idp.token().build(), AccessRequirement.none()))
                .isInstanceOf(BearerAuthenticator.Authenticated.class);
    }

    @Test
    void whenAVerifiedTokenIsAuthorizedForAnIntrospectedResourceThenItIsIntrospected() {
        String revoked = idp.token().build();
        var verified = ((BearerAuthenticator.Authenticated) call(revoked, AccessRequirement.none())).token();
        idp.introspection().revoke(revoked);
        BearerAuthenticator.Decision d = authenticator.authorize(verified, TestRequest.bearer(revoked), INTROSPECTED);
        assertThat(d).isInstanceOf(BearerAuthenticator.Refused.class);
        assertThat(((BearerAuthenticator.Refused) d).response().status()).isEqualTo(401);
        assertThat(authenticator.authorize(verified, TestRequest.bearer(revoked), AccessRequirement.none()))
                .isInstanceOf(BearerAuthenticator.Authenticated.class);
        assertThat(List.of(idp.introspection().calls())).containsExactly(1);
    }
}
