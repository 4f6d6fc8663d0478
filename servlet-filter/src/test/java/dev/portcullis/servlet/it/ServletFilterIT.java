package dev.portcullis.servlet.it;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter jar dropped into a WAR in a real Open Liberty, called over HTTP with testkit tokens. */
@ExtendWith(ArquillianExtension.class)
class ServletFilterIT {
    static final LocalIdp IDP = LocalIdp.start();

    @Deployment(testable = false)
    static WebArchive war() {
        return Wars.protectedWar(
                "filter-it",
                Map.of(
                        "mp.jwt.verify.issuer", IDP.issuer(),
                        "mp.jwt.verify.audiences", "orders-api",
                        "mp.jwt.verify.publickey.location", IDP.jwksUri().toString(),
                        "portcullis.realm", "orders",
                        "portcullis.filter.exclude", "/health, /public/*",
                        "portcullis.filter.scopes./orders/*", "read:orders",
                        "portcullis.filter.roles./admin/*", "admin",
                        // every unknown kid may refetch, so the outage test below is deterministic
                        "portcullis.jwks.min-refetch-interval", "0s"),
                EchoServlet.class);
    }

    @ArquillianResource
    URL base;

    /** The {@code resource_metadata} attribute every challenge of this WAR ends with (RFC 9728 §5.1). */
    private String metadata() {
        return ", resource_metadata=\"" + base + ".well-known/oauth-protected-resource\"";
    }

    @AfterEach
    void recover() {
        IDP.recover();
    }

    @AfterAll
    static void stopIdp() {
        IDP.close();
    }

    @Test
    void whenTokenValidThen200WithBearerPrincipalInstalled() {
        HttpResponse<String> r = Http.get(
                base, "orders/42", IDP.token().claim("groups", List.of("admin")).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .isEqualTo(
                        "user=alice;auth=BEARER;admin=true;bearer=true;scopes=read:orders;attribute=true;path=/orders/42");
    }

    @Test
    void whenPreferredUsernamePresentThenItNamesThePrincipal() {
        HttpResponse<String> r = Http.get(
                base,
                "me",
                IDP.token().claim("preferred_username", "alice.smith").build());
        assertThat(r.body()).startsWith("user=alice.smith;auth=BEARER;admin=false");
    }

    @Test
    void whenNoAuthorizationHeaderThenBare401Challenge() {
        HttpResponse<String> r = Http.get(base, "orders/42", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate"))
                .containsExactly(
                        "Bearer realm=\"orders\"" + metadata(),
                        "DPoP realm=\"orders\", algs=\"ES256 RS256 PS256 EdDSA\"" + metadata());
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void whenAnotherSchemeThenBare401Challenge() {
        HttpResponse<String> r =
                Http.send(Http.request(base, "orders/42").header("Authorization", "Basic YWxpY2U6cHc="));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"orders\"" + metadata());
    }

    @Test
    void whenTokenExpiredThen401InvalidTokenExpired() {
        HttpResponse<String> r = Http.get(
                base, "orders/42", IDP.token().expiresIn(Duration.ofMinutes(-5)).build());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValue(
                        "Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"The access token expired\""
                                + metadata());
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.body())
                .isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"The access token expired\"}");
    }

    @Test
    void whenAudienceIsAnotherResourceThen401InvalidToken() {
        HttpResponse<String> r =
                Http.get(base, "orders/42", IDP.token().audience("account").build());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"")
                .contains("not intended for this resource");
    }

    @Test
    void whenScopeMissingForPathThen403InsufficientScopeNamingIt() {
        HttpResponse<String> r =
                Http.get(base, "orders/42", IDP.token().scope("profile").build());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"orders\", error=\"insufficient_scope\","
                        + " error_description=\"The access token lacks a scope required for this request\", scope=\"read:orders\""
                        + metadata());
    }

    @Test
    void whenRoleMissingForPathThen403() {
        assertThat(Http.get(base, "admin/users", IDP.token().build()).statusCode())
                .isEqualTo(403);
        assertThat(Http.get(
                                base,
                                "admin/users",
                                IDP.token().claim("groups", List.of("admin")).build())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void whenTwoAuthorizationHeadersThen400InvalidRequest() {
        String token = IDP.token().build();
        HttpResponse<String> r = Http.send(Http.request(base, "orders/42")
                .header("Authorization", "Bearer " + token)
                .header("Authorization", "Bearer " + token));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_request\"");
    }

    @Test
    void whenTokenInHeaderAndQueryThen400AndQueryAloneNeverAuthenticates() {
        String token = IDP.token().build();
        HttpResponse<String> both = Http.get(base, "orders/42?access_token=" + token, token);
        assertThat(both.statusCode()).isEqualTo(400);
        HttpResponse<String> queryOnly = Http.get(base, "orders/42?access_token=" + token, null);
        assertThat(queryOnly.statusCode()).isEqualTo(401);
        assertThat(queryOnly.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"orders\"" + metadata());
    }

    @Test
    void whenIdpDownAndKidUnknownThen503WithRetryAfter() {
        assertThat(Http.get(base, "orders/1", IDP.token().build()).statusCode()).isEqualTo(200); // keys loaded
        IDP.failWith(LocalIdp.Failure.HTTP_500);
        HttpResponse<String> unknown = Http.get(
                base, "orders/1", IDP.token().signedWith(TestKey.rsa("rotated")).build());
        assertThat(unknown.statusCode()).isEqualTo(503);
        assertThat(unknown.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(unknown.body()).doesNotContain("Exception").doesNotContain("500");
        HttpResponse<String> known = Http.get(base, "orders/1", IDP.token().build());
        assertThat(known.statusCode())
                .as("a known key keeps working through the outage")
                .isEqualTo(200);
    }

    @Test
    void whenPathExcludedThenItIsPublic() {
        HttpResponse<String> r = Http.get(base, "health", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("user=null;auth=null");
        assertThat(Http.get(base, "public/logo.png", null).statusCode()).isEqualTo(200);
    }

    @Test
    void whenCorsPreflightThenItPassesWithoutAToken() {
        HttpResponse<String> r = Http.send(Http.request(base, "orders/42")
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://shop.example")
                .header("Access-Control-Request-Method", "GET"));
        assertThat(r.statusCode()).isNotIn(400, 401, 403);
        HttpResponse<String> plainOptions = Http.send(
                Http.request(base, "orders/42").method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(plainOptions.statusCode()).isEqualTo(401);
    }

    @Test
    void whenRefusedThenNoTokenContentOrStackTraceIsEchoed() {
        String token = IDP.token().audience("account").build();
        HttpResponse<String> r = Http.get(base, "orders/42", token);
        String all = r.body() + r.headers().map();
        assertThat(all)
                .doesNotContain(token.substring(0, 16))
                .doesNotContain(token.substring(40, 56))
                .doesNotContain("Exception")
                .doesNotContain("at dev.");
    }
}
