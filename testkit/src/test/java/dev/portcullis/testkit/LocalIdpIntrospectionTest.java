package dev.portcullis.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The introspection endpoint: named by discovery, authenticates clients, answers active/inactive, counts, fails on demand. */
class LocalIdpIntrospectionTest {
    private final LocalIdp idp = LocalIdp.start();

    @AfterEach
    void close() {
        idp.close();
    }

    private HttpResponse<String> introspect(String token, String user, String secret) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(idp.introspection().uri())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
        if (user != null) {
            b.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        return Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whenDiscoveryIsReadThenItNamesTheIntrospectionEndpoint() throws Exception {
        Map<String, Object> doc = Http.json(Http.get(idp.discoveryUri()).body());
        assertThat(doc.get("introspection_endpoint"))
                .isEqualTo(idp.introspection().uri().toString());
        assertThat(idp.introspection().uri())
                .isEqualTo(URI.create(idp.issuer() + "/protocol/openid-connect/token/introspect"));
    }

    @Test
    void whenATokenIsIntrospectedThenActiveWithItsClaimsUntilRevoked() throws Exception {
        idp.introspection().registerClient("rs", "s");
        String token = idp.token().subject("bob").build();
        Map<String, Object> answer = Http.json(introspect(token, "rs", "s").body());
        assertThat(answer)
                .containsEntry("active", true)
                .containsEntry("sub", "bob")
                .containsEntry("iss", idp.issuer());
        idp.introspection().revoke(token);
        assertThat(Http.json(introspect(token, "rs", "s").body())).isEqualTo(Map.of("active", false));
        assertThat(Http.json(introspect("garbage", "rs", "s").body())).isEqualTo(Map.of("active", false));
        assertThat(Http.json(introspect(
                                idp.token().signedWith(TestKey.rsaUnique("x")).build(), "rs", "s")
                        .body()))
                .as("signed with a key this provider never used")
                .isEqualTo(Map.of("active", false));
        assertThat(idp.introspection().calls()).isEqualTo(4);
    }

    @Test
    void whenTheClientIsUnknownOrItsSecretWrongThen401InvalidClient() throws Exception {
        idp.introspection().registerClient("rs", "s");
        String token = idp.token().build();
        assertThat(introspect(token, "rs", "wrong").statusCode()).isEqualTo(401);
        assertThat(introspect(token, "nobody", "s").statusCode()).isEqualTo(401);
        assertThat(introspect(token, null, null).body()).contains("invalid_client");
    }

    @Test
    void whenAFailureModeIsSetThenTheEndpointMisbehavesAndRecovers() throws Exception {
        idp.introspection().registerClient("rs", "s");
        String token = idp.token().build();
        idp.introspection().failWith(IntrospectionEndpoint.Failure.HTTP_500);
        assertThat(introspect(token, "rs", "s").statusCode()).isEqualTo(500);
        idp.introspection().failWith(IntrospectionEndpoint.Failure.NOT_JSON);
        assertThat(Http.contentType(introspect(token, "rs", "s"))).startsWith("text/html");
        idp.introspection().failWith(IntrospectionEndpoint.Failure.GARBAGE);
        assertThat(introspect(token, "rs", "s").body()).doesNotContain("active");
        idp.introspection().failWith(IntrospectionEndpoint.Failure.NONE);
        assertThat(introspect(token, "rs", "s").statusCode()).isEqualTo(200);
        assertThat(Http.get(idp.jwksUri()).statusCode())
                .as("the keys are unaffected")
                .isEqualTo(200);
    }

    @Test
    void whenAnOpaqueTokenIsMintedThenItIsIntrospectedAsItsClaims() throws Exception {
        idp.introspection().registerClient("rs", "s");
        String opaque = idp.introspection().opaqueToken(idp.token().scope("a b"));
        assertThat(opaque).doesNotContain(".");
        assertThat(Http.json(introspect(opaque, "rs", "s").body()))
                .containsEntry("active", true)
                .containsEntry("scope", "a b");
    }
}
