package dev.portcullis.core.introspection;

import dev.portcullis.core.IntrospectionConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** portcullis.introspection* is read globally and per issuer; bad values fail naming the property, never the secret. */
class IntrospectionSettingsTest {

    private static IntrospectionConfig read(Map<String, String> props) {
        return IntrospectionConfig.fromProperties(n -> Optional.ofNullable(props.get(n)));
    }

    @Test
    void whenNothingIsSetThenIntrospectionIsOff() {
        IntrospectionConfig c = read(Map.of());
        assertThat(c.enabled()).isFalse();
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.onOutage()).isEqualTo(IntrospectionConfig.OnOutage.FAIL);
    }

    @Test
    void whenEverySettingIsGivenThenEachIsRead() {
        Map<String, String> p = new HashMap<>();
        p.put("portcullis.introspection", "all");
        p.put("portcullis.introspection.endpoint", "https://idp.example/introspect");
        p.put("portcullis.introspection.client-id", "orders-api");
        p.put("portcullis.introspection.client-secret", "s3cret");
        p.put("portcullis.introspection.client-auth", "post");
        p.put("portcullis.introspection.cache-ttl", "10s");
        p.put("portcullis.introspection.cache-max-entries", "500");
        p.put("portcullis.introspection.on-outage", "accept-cached-jwt");
        p.put("portcullis.introspection.jwt-response", "true");
        IntrospectionConfig c = read(p);
        assertThat(c.defaults().mode()).isEqualTo(IntrospectionConfig.Mode.ALL);
        assertThat(c.defaults().client().endpoint()).isEqualTo(URI.create("https://idp.example/introspect"));
        assertThat(c.defaults().client().auth()).isEqualTo(IntrospectionConfig.ClientAuth.POST);
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.cacheMaxEntries()).isEqualTo(500);
        assertThat(c.onOutage()).isEqualTo(IntrospectionConfig.OnOutage.ACCEPT_CACHED_JWT);
        assertThat(c.jwtResponse()).isTrue();
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void whenAnIssuerHasItsOwnModeThenItOverridesTheGlobalOneAndInheritsTheClient() {
        Map<String, String> p = new HashMap<>();
        p.put("portcullis.introspection", "jwt");
        p.put("portcullis.introspection.client-id", "rs");
        p.put("portcullis.introspection.client-secret", "s3cret");
        p.put("portcullis.issuers", "partner, internal");
        p.put("portcullis.issuer.partner.introspection", "off");
        p.put("portcullis.issuer.internal.introspection.client-id", "rs-internal");
        IntrospectionConfig c = read(p);
        assertThat(c.issuer("partner").mode()).isEqualTo(IntrospectionConfig.Mode.OFF);
        assertThat(c.issuer("internal").mode()).isEqualTo(IntrospectionConfig.Mode.JWT);
        assertThat(c.issuer("internal").client().clientId()).isEqualTo("rs-internal");
        assertThat(c.issuer("internal").client().clientSecret()).isEqualTo("s3cret");
        assertThat(c.issuer("default").mode()).isEqualTo(IntrospectionConfig.Mode.JWT);
    }

    @Test
    void whenAValueIsWrongThenTheErrorNamesThePropertyAndWhatWasExpected() {
        assertThatThrownBy(() -> read(Map.of("portcullis.introspection", "sometimes")))
                .hasMessageContaining("portcullis.introspection='sometimes'")
                .hasMessageContaining("off, jwt, opaque or all");
        assertThatThrownBy(() -> read(Map.of("portcullis.introspection", "jwt")))
                .hasMessageContaining("portcullis.introspection.client-id is not set");
        assertThatThrownBy(() -> read(Map.of(
                        "portcullis.introspection",
                        "jwt",
                        "portcullis.introspection.client-id",
                        "rs",
                        "portcullis.introspection.client-auth",
                        "mtls")))
                .hasMessageContaining("portcullis.introspection.client-auth='mtls'");
    }

    @Test
    void whenTheSecretIsMissingThenTheErrorSaysSoWithoutShowingOtherValues() {
        assertThatThrownBy(() ->
                        read(Map.of("portcullis.introspection", "jwt", "portcullis.introspection.client-id", "rs")))
                .hasMessageContaining("portcullis.introspection.client-secret");
        assertThatThrownBy(() -> read(Map.of(
                        "portcullis.introspection",
                        "jwt",
                        "portcullis.introspection.client-id",
                        "rs",
                        "portcullis.introspection.client-auth",
                        "private_key_jwt")))
                .hasMessageContaining("portcullis.introspection.private-key");
    }
}
