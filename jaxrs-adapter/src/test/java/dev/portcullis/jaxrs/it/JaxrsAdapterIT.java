package dev.portcullis.jaxrs.it;

import dev.portcullis.jaxrs.PortcullisFeature;
import dev.portcullis.servlet.it.Http;
import dev.portcullis.servlet.it.Wars;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Annotated JAX-RS resources in a real Open Liberty, protected by the adapter jar alone. */
@ExtendWith(ArquillianExtension.class)
class JaxrsAdapterIT {
    static final LocalIdp IDP = LocalIdp.start();

    @Deployment(testable = false)
    static WebArchive war() {
        return Wars.war(
                        "jaxrs-it",
                        Map.of(
                                "mp.jwt.verify.issuer", IDP.issuer(),
                                "mp.jwt.verify.audiences", "orders-api",
                                "mp.jwt.verify.publickey.location",
                                        IDP.jwksUri().toString(),
                                "portcullis.realm", "orders",
                                "portcullis.jwks.min-refetch-interval", "0s"),
                        Resources.class,
                        Resources.RestApp.class,
                        Resources.Scoped.class,
                        Resources.Roles.class,
                        Resources.Plain.class,
                        Resources.CatchAll.class)
                .addAsLibraries(Wars.jarOf(PortcullisFeature.class));
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

    private HttpResponse<String> get(String path, String scope, List<String> groups) {
        var token = IDP.token().scope(scope);
        if (groups != null) {
            token = token.claim("groups", groups);
        }
        return Http.get(base, "api/" + path, token.build());
    }

    @ParameterizedTest(name = "{0} with scope \"{1}\" -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "scoped      | read:orders              | 200",
                "scoped      | write:orders             | 403",
                "scoped/any  | write:orders             | 200",
                "scoped/any  | admin:orders             | 200",
                "scoped/any  | read:orders              | 403",
                "scoped/all  | read:orders write:orders | 200",
                "scoped/all  | read:orders              | 403",
                "scoped/open | ''                       | 200",
            })
    void scopesFollowClassAndMethodAnnotations(String path, String scope, int status) {
        assertThat(get(path, scope.isEmpty() ? null : scope, null).statusCode()).isEqualTo(status);
    }

    @ParameterizedTest(name = "{0} with groups {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "roles        | clerk       | 200",
                "roles        | admin       | 403",
                "roles/admin  | admin       | 200",
                "roles/admin  | clerk       | 403",
                "roles/denied | clerk admin | 403",
                "roles/public | ''          | 200",
            })
    void rolesFollowRolesAllowedPermitAllDenyAll(String path, String groups, int status) {
        List<String> g = groups.isEmpty() ? List.of() : List.of(groups.split(" "));
        assertThat(get(path, "read:orders", g).statusCode()).isEqualTo(status);
    }

    @Test
    void whenPermitAllThenNoTokenIsNeeded() {
        assertThat(Http.get(base, "api/scoped/open", null).statusCode()).isEqualTo(200);
        assertThat(Http.get(base, "api/roles/public", null).body()).isEqualTo("public");
    }

    @Test
    void whenMissingScopeThenChallengeNamesTheMethodsScopes() {
        HttpResponse<String> r = get("scoped/all", "read:orders", null);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"orders\", error=\"insufficient_scope\","
                        + " error_description=\"The access token lacks a scope required for this request\", scope=\"read:orders write:orders\""
                        + metadata());
    }

    @Test
    void whenAuthenticatedThenSecurityContextAndCdiInjectionCarryTheCaller() {
        HttpResponse<String> r = Http.get(
                base,
                "api/plain",
                IDP.token()
                        .claim("preferred_username", "alice.smith")
                        .claim("groups", List.of("clerk"))
                        .build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .isEqualTo("name=alice.smith;bearer=true;clerk=true;secure=false;scheme=BEARER;"
                        + "injected=alice/true;principal=alice.smith");
    }

    @Test
    void whenUnannotatedResourceAndNoTokenThenBare401ByDefault() {
        HttpResponse<String> r = Http.get(base, "api/plain", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"orders\"" + metadata());
        assertThat(r.body()).isNotEqualTo("mapped");
    }

    @Test
    void whenTokenExpiredThen401InvalidTokenNotTheUsersExceptionMapper() {
        HttpResponse<String> r = Http.get(
                base, "api/plain", IDP.token().expiresIn(Duration.ofMinutes(-5)).build());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValue(
                        "Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"The access token expired\""
                                + metadata());
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.body())
                .isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"The access token expired\"}");
    }

    @Test
    void whenTwoAuthorizationHeadersThen400() {
        String token = IDP.token().build();
        HttpResponse<String> r = Http.send(Http.request(base, "api/plain")
                .header("Authorization", "Bearer " + token)
                .header("Authorization", "Bearer " + token));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_request\"");
    }

    @Test
    void whenIdpDownAndKidUnknownThen503WithRetryAfter() {
        assertThat(Http.get(base, "api/plain", IDP.token().build()).statusCode())
                .isEqualTo(200);
        IDP.failWith(LocalIdp.Failure.HTTP_500);
        HttpResponse<String> r = Http.get(
                base,
                "api/plain",
                IDP.token().signedWith(TestKey.rsa("rotated")).build());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.body()).isNotEqualTo("mapped");
    }

    @Test
    void whenResourceThrowsThenTheUsersMapperStillApplies() {
        assertThat(Http.get(base, "api/plain/boom", IDP.token().build()).body()).isEqualTo("mapped");
    }
}
