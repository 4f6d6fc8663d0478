package dev.portcullis.core.http;

import dev.portcullis.core.Settings;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.dpop.DpopConfig;
import dev.portcullis.core.dpop.DpopMode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The RFC 9728 document, member by member, its two URL forms, and where its URL may be trusted from. */
class ResourceMetadataTest {
    private static final String WK = "/.well-known/oauth-protected-resource";
    private static final ValidatorConfig CONFIG = ValidatorConfig.builder()
            .issuer("https://idp.example.com/realms/shop")
            .audiences("orders-api")
            .jwksUri(URI.create("https://idp.example.com/jwks"))
            .build();

    private static ResourceMetadata fromSettings(Map<String, String> values, List<String> scopes) {
        Settings settings = Settings.builder()
                .parameters("test", values::get, values.keySet())
                .build();
        return ResourceMetadata.fromSettings(settings, CONFIG, scopes).orElseThrow();
    }

    private static Map<String, String> settings(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static TestRequest wellKnown(String sub) {
        return TestRequest.get(WK + sub).origin("http", "localhost", 9080).contextPath("/shop");
    }

    @Test
    void whenServedThenEveryDefaultMemberIsThereInOrder() {
        BearerResponse r = fromSettings(settings(), List.of("orders:write", "orders:read", "orders:read"))
                .answer(wellKnown(""));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body())
                .isEqualTo("{\"resource\":\"http://localhost:9080/shop\","
                        + "\"authorization_servers\":[\"https://idp.example.com/realms/shop\"],"
                        + "\"scopes_supported\":[\"orders:read\",\"orders:write\"],"
                        + "\"bearer_methods_supported\":[\"header\"],"
                        + "\"dpop_signing_alg_values_supported\":[\"ES256\",\"RS256\",\"PS256\",\"EdDSA\"],"
                        + "\"dpop_bound_access_tokens_required\":false}");
        assertThat(r.headers()).containsEntry("Cache-Control", List.of("public, max-age=3600"));
    }

    @Test
    void whenNoScopeIsKnownThenScopesSupportedIsLeftOut() {
        assertThat(fromSettings(settings(), List.of()).answer(wellKnown("")).body())
                .doesNotContain("scopes_supported");
    }

    @Test
    void whenNothingSaysOtherwiseThenNoSigningOrCertificateMemberIsClaimedAndDpopIsAllowedNotRequired() {
        assertThat(fromSettings(settings(), List.of()).answer(wellKnown("")).body())
                .doesNotContain("resource_signing_alg_values_supported")
                .doesNotContain("tls_client_certificate_bound_access_tokens")
                .contains("\"dpop_bound_access_tokens_required\":false");
    }

    @Test
    void whenDpopIsOffThenNoDpopMemberIsClaimed() {
        assertThat(fromSettings(settings("portcullis.dpop", "off"), List.of())
                        .answer(wellKnown(""))
                        .body())
                .doesNotContain("dpop");
    }

    @Test
    void whenDpopIsRequiredThenTheDocumentSaysSoWithTheConfiguredAlgorithms() {
        assertThat(fromSettings(
                                settings("portcullis.dpop", "required", "portcullis.dpop.algorithms", "ES256"),
                                List.of())
                        .answer(wellKnown(""))
                        .body())
                .contains("\"dpop_signing_alg_values_supported\":[\"ES256\"],"
                        + "\"dpop_bound_access_tokens_required\":true");
    }

    @Test
    void whenDpopIsOffButOneIssuerAllowsItThenItIsAdvertisedButNotRequired() {
        DpopConfig c = DpopConfig.builder()
                .mode(DpopMode.OFF)
                .issuerMode("https://a.example.com", DpopMode.REQUIRED)
                .build();
        assertThat(ResourceMetadata.builder()
                        .dpop(c)
                        .build()
                        .answer(wellKnown(""))
                        .body())
                .contains("\"dpop_bound_access_tokens_required\":false")
                .contains("dpop_signing_alg_values_supported");
        assertThat(ResourceMetadata.builder()
                        .dpop(DpopConfig.builder().mode(DpopMode.OFF).build())
                        .build()
                        .answer(wellKnown(""))
                        .body())
                .doesNotContain("dpop");
    }

    @Test
    void whenTheCertificateHeaderIsConfiguredThenCertificateBoundTokensAreClaimed() {
        assertThat(fromSettings(settings("portcullis.mtls.certificate-header", "X-Client-Cert"), List.of())
                        .answer(wellKnown(""))
                        .body())
                .contains("\"tls_client_certificate_bound_access_tokens\":true");
    }

    @Test
    void whenDpopIsEnforcedThenItsMembersAreStated() {
        ResourceMetadata m =
                ResourceMetadata.builder().dpop(List.of("ES256", "RS256"), true).build();
        assertThat(m.answer(wellKnown("")).body())
                .contains("\"dpop_signing_alg_values_supported\":[\"ES256\",\"RS256\"],"
                        + "\"dpop_bound_access_tokens_required\":true");
    }

    @Test
    void whenTheResourceIsConfiguredThenItIsTheResourceWhateverTheHost() {
        ResourceMetadata m =
                fromSettings(settings("portcullis.resource", "https://api.example.com/orders/"), List.of());
        TestRequest r = wellKnown("").origin("http", "evil.example", 80);
        assertThat(m.answer(r).body()).startsWith("{\"resource\":\"https://api.example.com/orders\",");
        assertThat(m.metadataUrl(TestRequest.get("/x").origin("http", "evil.example", 80)))
                .hasValue("https://api.example.com/orders" + WK);
    }

    @Test
    void whenExtraMembersAreConfiguredThenTheyAreEscapedOrArraysAndMayReplaceTheDefaults() {
        ResourceMetadata m = fromSettings(
                settings(
                        "portcullis.resource.resource_name",
                        "Orders \"API\"\n</script>",
                        "portcullis.resource.resource_documentation",
                        "https://docs.example.com/orders",
                        "portcullis.resource.authorization_servers",
                        "[\"https://a.example.com\", \"https://b.example.com\"]",
                        "portcullis.resource.max-age",
                        "60"),
                List.of());
        BearerResponse r = m.answer(wellKnown(""));
        assertThat(r.body())
                .contains("\"authorization_servers\":[\"https://a.example.com\",\"https://b.example.com\"]")
                .contains("\"resource_name\":\"Orders \\\"API\\\"\\n</script>\"")
                .contains("\"resource_documentation\":\"https://docs.example.com/orders\"")
                .doesNotContain("max-age\":");
        assertThat(r.headers()).containsEntry("Cache-Control", List.of("public, max-age=60"));
    }

    @Test
    void whenAnExtraMemberIsStatedByPortcullisOrMalformedThenTheSettingsAreRefused() {
        assertThatThrownBy(() ->
                        fromSettings(settings("portcullis.resource.bearer_methods_supported", "[\"body\"]"), List.of()))
                .hasMessageContaining("cannot be configured");
        assertThatThrownBy(() -> fromSettings(settings("portcullis.resource.scopes_supported", "[1, 2]"), List.of()))
                .hasMessageContaining("JSON array of strings");
        assertThatThrownBy(() -> fromSettings(settings("portcullis.resource.Name", "x"), List.of()))
                .hasMessageContaining("not a metadata member name");
        assertThatThrownBy(() -> fromSettings(settings("portcullis.resource", "/relative"), List.of()))
                .hasMessageContaining("absolute http(s) URL");
    }

    @Test
    void whenAResourcePathIsConfiguredThenItHasItsPathAwareDocumentAndChallengesPointThere() {
        ResourceMetadata m = fromSettings(settings("portcullis.resource.paths", "/mcp, /api/admin"), List.of());
        assertThat(m.answer(wellKnown("/mcp")).body()).startsWith("{\"resource\":\"http://localhost:9080/shop/mcp\",");
        assertThat(m.answer(wellKnown("/api/admin")).body())
                .startsWith("{\"resource\":\"http://localhost:9080/shop/api/admin\",");
        assertThat(m.answer(wellKnown("/unknown")).status()).isEqualTo(404);
        TestRequest mcp =
                TestRequest.get("/mcp").origin("http", "localhost", 9080).contextPath("/shop");
        assertThat(m.metadataUrl(mcp)).hasValue("http://localhost:9080/shop" + WK + "/mcp");
        assertThat(m.resource(mcp)).hasValue("http://localhost:9080/shop/mcp");
        TestRequest below = TestRequest.get("/api/admin/users")
                .origin("http", "localhost", 9080)
                .contextPath("/shop");
        assertThat(m.metadataUrl(below)).hasValue("http://localhost:9080/shop" + WK + "/api/admin");
        TestRequest other = TestRequest.get("/api/administrators")
                .origin("http", "localhost", 9080)
                .contextPath("/shop");
        assertThat(m.metadataUrl(other)).hasValue("http://localhost:9080/shop" + WK);
    }

    @Test
    void whenTheHostIsNeitherKnownNorForwardedByATrustedProxyThenThereIsNoUrlAndNoDocument() {
        ResourceMetadata m = fromSettings(settings(), List.of());
        TestRequest evil = wellKnown("").origin("http", "evil.example", 80);
        assertThat(m.metadataUrl(evil)).isEmpty();
        assertThat(m.answer(evil).status()).isEqualTo(404);
        assertThat(m.answer(evil).body()).doesNotContain("evil");
    }

    @Test
    void whenTheHostIsConfiguredThenItsOriginIsUsedWithItsPort() {
        ResourceMetadata m =
                fromSettings(settings("portcullis.resource.hosts", "api.example.com, other.example:8443"), List.of());
        assertThat(m.metadataUrl(TestRequest.get("/x")
                        .origin("https", "API.example.com", 443)
                        .contextPath("")))
                .hasValue("https://api.example.com" + WK);
        assertThat(m.metadataUrl(TestRequest.get("/x")
                        .origin("https", "other.example", 8443)
                        .contextPath("")))
                .hasValue("https://other.example:8443" + WK);
        assertThat(m.metadataUrl(TestRequest.get("/x").origin("https", "other.example", 9443)))
                .isEmpty();
        assertThat(m.metadataUrl(TestRequest.get("/x").origin("http", "localhost", 8080)))
                .isEmpty();
    }

    @Test
    void whenATrustedProxyForwardsTheOriginThenItIsUsed() {
        ResourceMetadata m = fromSettings(settings("portcullis.proxy.trusted", "10.0.0.0/8"), List.of());
        TestRequest r = TestRequest.get("/orders")
                .origin("http", "backend", 9080)
                .contextPath("/shop")
                .remoteAddress("10.2.3.4")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "api.example.com");
        assertThat(m.metadataUrl(r)).hasValue("https://api.example.com/shop" + WK);
        assertThat(m.metadataUrl(r.remoteAddress("203.0.113.9"))).isEmpty();
    }

    @Test
    void whenATrustedTlsProxyForwardsOnlyTheSchemeThenAKnownHostIsServedWithIt() {
        ResourceMetadata m = fromSettings(
                settings("portcullis.proxy.trusted", "10.0.0.0/8", "portcullis.resource.hosts", "api.example.com"),
                List.of());
        TestRequest r = TestRequest.get("/orders")
                .origin("http", "api.example.com", 9080)
                .contextPath("/shop")
                .remoteAddress("10.2.3.4")
                .header("X-Forwarded-Proto", "https");
        assertThat(m.metadataUrl(r)).hasValue("https://api.example.com/shop" + WK);
        assertThat(m.metadataUrl(r.remoteAddress("203.0.113.9")))
                .as("from an untrusted peer: the container's view")
                .hasValue("http://api.example.com:9080/shop" + WK);
        TestRequest unknown = TestRequest.get("/orders")
                .origin("http", "evil.example", 9080)
                .remoteAddress("10.2.3.4")
                .header("X-Forwarded-Proto", "https");
        assertThat(m.metadataUrl(unknown))
                .as("a host nobody configured or forwarded")
                .isEmpty();
    }

    @Test
    void whenTheMethodIsNotGetOrHeadThen405() {
        BearerResponse r =
                fromSettings(settings(), List.of()).answer(wellKnown("").method("POST"));
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers()).containsEntry("Allow", List.of("GET, HEAD"));
    }

    @Test
    void whenDisabledThenThereIsNoMetadata() {
        Map<String, String> s = settings("portcullis.resource.enabled", "false");
        assertThat(ResourceMetadata.fromSettings(
                        Settings.builder().parameters("t", s::get, s.keySet()).build(), CONFIG, List.of()))
                .isEqualTo(Optional.empty());
    }

    @Test
    void whenAPathIsTheDocumentsThenItIsRecognised() {
        assertThat(ResourceMetadata.isMetadataPath(WK)).isTrue();
        assertThat(ResourceMetadata.isMetadataPath(WK + "/mcp")).isTrue();
        assertThat(ResourceMetadata.isMetadataPath(WK + "x")).isFalse();
        assertThat(ResourceMetadata.isMetadataPath("/orders")).isFalse();
    }
}
