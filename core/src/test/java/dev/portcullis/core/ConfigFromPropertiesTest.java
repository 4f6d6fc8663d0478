package dev.portcullis.core;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MicroProfile JWT property names (read through a real MicroProfile Config) and portcullis.* names. */
class ConfigFromPropertiesTest {

    private static ValidatorConfig read(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return MicroProfileConfigReader.read(config);
    }

    private static Map<String, String> minimal() {
        Map<String, String> p = new HashMap<>();
        p.put("mp.jwt.verify.issuer", "https://idp.example/realms/shop");
        p.put("mp.jwt.verify.audiences", "orders-api, billing-api");
        p.put("mp.jwt.verify.publickey.location", "https://idp.example/realms/shop/certs");
        return p;
    }

    @Test
    void whenOnlyTheMicroProfileBasicsAreSetThenDefaultsApply() {
        ValidatorConfig c = read(minimal());
        IssuerPolicy p = c.issuers().get(0);
        assertThat(p.issuer()).isEqualTo("https://idp.example/realms/shop");
        assertThat(p.audiences()).containsExactlyInAnyOrder("orders-api", "billing-api");
        assertThat(p.publicKeyLocation()).isEqualTo("https://idp.example/realms/shop/certs");
        assertThat(p.algorithms()).containsExactly("RS256");
        assertThat(c.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.maxTokenLength()).isEqualTo(8192);
        assertThat(c.tokenHeader()).isEqualTo("Authorization");
        assertThat(c.rolesClaim()).isEqualTo("groups");
        assertThat(c.jwksRefreshInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.jwksMinRefetchInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.jwksOutageTolerance()).isEqualTo(Duration.ofHours(24));
        assertThat(c.jwksWarmUp()).isFalse();
        assertThat(c.requireAccessTokenType()).isFalse();
    }

    @Test
    void whenEverySettingIsGivenThenEachIsApplied() {
        Map<String, String> p = minimal();
        p.put("mp.jwt.verify.publickey.algorithm", "RS256,ES256");
        p.put("mp.jwt.verify.clock.skew", "30");
        p.put("mp.jwt.token.header", "X-Access-Token");
        p.put("portcullis.verify.scopes", "read:orders");
        p.put("portcullis.verify.typ", "true");
        p.put("portcullis.token.max-length", "4096");
        p.put("portcullis.roles.claim", "realm_access.roles");
        p.put("portcullis.jwks.refresh-interval", "5m");
        p.put("portcullis.jwks.min-refetch-interval", "30s");
        p.put("portcullis.jwks.outage-tolerance", "PT12H");
        p.put("portcullis.jwks.connect-timeout", "500ms");
        p.put("portcullis.jwks.fetch-timeout", "3");
        p.put("portcullis.jwks.warm-up", "true");
        ValidatorConfig c = read(p);
        assertThat(c.issuers().get(0).algorithms()).containsExactlyInAnyOrder("RS256", "ES256");
        assertThat(c.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.tokenHeader()).isEqualTo("X-Access-Token");
        assertThat(c.requiredScopes()).containsExactly("read:orders");
        assertThat(c.requireAccessTokenType()).isTrue();
        assertThat(c.maxTokenLength()).isEqualTo(4096);
        assertThat(c.rolesClaim()).isEqualTo("realm_access.roles");
        assertThat(c.jwksRefreshInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.jwksMinRefetchInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.jwksOutageTolerance()).isEqualTo(Duration.ofHours(12));
        assertThat(c.jwksConnectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.jwksFetchTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.jwksWarmUp()).isTrue();
    }

    @Test
    void whenTenantsAreNamedThenEachGetsItsOwnPolicy() {
        Map<String, String> p = new HashMap<>();
        p.put("portcullis.issuers", "staff,partners");
        p.put("portcullis.issuer.staff.issuer", "https://idp/realms/staff");
        p.put("portcullis.issuer.staff.audiences", "orders-api");
        p.put("portcullis.issuer.partners.issuer", "https://idp/realms/partners");
        p.put("portcullis.issuer.partners.audiences", "orders-api");
        p.put("portcullis.issuer.partners.publickey.location", "https://idp/realms/partners/certs");
        p.put("portcullis.issuer.partners.publickey.algorithm", "ES256");
        ValidatorConfig c = read(p);
        assertThat(c.issuers()).extracting(IssuerPolicy::name).containsExactly("staff", "partners");
        assertThat(c.issuer("https://idp/realms/staff").orElseThrow().usesDiscovery())
                .isTrue();
        assertThat(c.issuer("https://idp/realms/partners").orElseThrow().algorithms())
                .containsExactly("ES256");
    }

    @Test
    void whenIssuerMissingThenErrorNamesTheProperty() {
        assertThatThrownBy(() -> read(Map.of())).hasMessageStartingWith("mp.jwt.verify.issuer is not set");
    }

    @Test
    void whenAudiencesMissingThenErrorNamesThePropertyAndTheWayOut() {
        Map<String, String> p = minimal();
        p.remove("mp.jwt.verify.audiences");
        assertThatThrownBy(() -> read(p))
                .hasMessageContaining("mp.jwt.verify.audiences is not set")
                .hasMessageContaining("portcullis.verify.any-audience=true");
        p.put("portcullis.verify.any-audience", "true");
        assertThat(read(p).issuers().get(0).anyAudience()).isTrue();
    }

    @Test
    void whenValuesAreInvalidThenErrorNamesPropertyAndExpectedValue() {
        Map<String, String> p = minimal();
        p.put("mp.jwt.verify.clock.skew", "a minute");
        assertThatThrownBy(() -> read(p))
                .hasMessageStartingWith("mp.jwt.verify.clock.skew='a minute'")
                .hasMessageContaining("expected a whole number of seconds");
        p.put("mp.jwt.verify.clock.skew", "60");
        p.put("mp.jwt.verify.publickey.algorithm", "RS256,HS256");
        assertThatThrownBy(() -> read(p))
                .hasMessageStartingWith("mp.jwt.verify.publickey.algorithm=")
                .hasMessageContaining("HS256");
        p.remove("mp.jwt.verify.publickey.algorithm");
        p.put("portcullis.jwks.refresh-interval", "often");
        assertThatThrownBy(() -> read(p))
                .hasMessageStartingWith("portcullis.jwks.refresh-interval='often'")
                .hasMessageContaining("expected a duration");
        p.remove("portcullis.jwks.refresh-interval");
        p.put("portcullis.verify.typ", "yes");
        assertThatThrownBy(() -> read(p))
                .hasMessageContaining("portcullis.verify.typ")
                .hasMessageContaining("true or false");
        p.remove("portcullis.verify.typ");
        p.put("portcullis.jwks.warm-up", "soon");
        assertThatThrownBy(() -> read(p))
                .hasMessageStartingWith("portcullis.jwks.warm-up='soon'")
                .hasMessageContaining("true or false");
    }

    @Test
    void whenContradictorySettingsThenErrorNamesBoth() {
        Map<String, String> p = minimal();
        p.put("mp.jwt.verify.publickey", "{\"keys\":[]}");
        assertThatThrownBy(() -> read(p))
                .hasMessageContaining("mp.jwt.verify.publickey and mp.jwt.verify.publickey.location");
        Map<String, String> q = minimal();
        q.put("portcullis.jwks.connect-timeout", "10s");
        q.put("portcullis.jwks.fetch-timeout", "5s");
        assertThatThrownBy(() -> read(q))
                .hasMessageContaining("connect timeout")
                .hasMessageContaining("fetch timeout");
    }

    @Test
    void whenPlainPropertiesAreUsedThenNoMicroProfileIsNeeded() {
        Map<String, String> p = minimal();
        ValidatorConfig c = ValidatorConfig.fromProperties(name -> java.util.Optional.ofNullable(p.get(name)));
        assertThat(c.issuers()).hasSize(1);
    }

    @Test
    void whenSystemPropertiesAreGivenByMethodReferenceThenTheyAreRead() {
        Map<String, String> p = minimal();
        p.put("portcullis.jwks.min-refetch-interval", "0");
        Map<String, String> previous = new HashMap<>();
        p.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
        try {
            ValidatorConfig c = ValidatorConfig.from(System::getProperty);
            assertThat(c.issuers().get(0).issuer()).isEqualTo("https://idp.example/realms/shop");
            assertThat(c.jwksMinRefetchInterval()).isZero();
        } finally {
            previous.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    @Test
    void whenALambdaAMapOrPropertiesAreGivenThenEachIsRead() {
        Map<String, String> p = minimal();
        java.util.Properties props = new java.util.Properties();
        props.putAll(p);
        assertThat(ValidatorConfig.from(name -> p.get(name)).issuers()).hasSize(1);
        assertThat(ValidatorConfig.from(p::get).issuers()).hasSize(1);
        assertThat(ValidatorConfig.fromMap(p).issuers()).hasSize(1);
        assertThat(ValidatorConfig.fromProperties(props).issuers()).hasSize(1);
        assertThat(ValidatorConfig.fromProperties(props).issuers())
                .isEqualTo(ValidatorConfig.fromMap(p).issuers());
    }

    @Test
    void whenTheMinimumRefetchIntervalIsZeroThenItIsAccepted() {
        Map<String, String> p = minimal();
        p.put("portcullis.jwks.min-refetch-interval", "0s");
        assertThat(read(p).jwksMinRefetchInterval()).isZero();
        p.put("portcullis.jwks.min-refetch-interval", "-1s");
        assertThatThrownBy(() -> read(p)).hasMessageContaining("portcullis.jwks.min-refetch-interval");
    }
}
