package dev.portcullis.core.dpop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** portcullis.dpop* settings, their defaults and the values refused at start-up. */
class DpopConfigTest {
    private static DpopConfig read(Map<String, String> settings) {
        return DpopConfig.fromProperties(n -> Optional.ofNullable(settings.get(n)));
    }

    @Test
    void whenNothingIsSetThenDefaultsApply() {
        DpopConfig c = read(Map.of());
        assertThat(c).isEqualTo(DpopConfig.defaults());
        assertThat(c.mode()).isEqualTo(DpopMode.ALLOWED);
        assertThat(c.algorithms()).containsExactly("ES256", "RS256", "PS256", "EdDSA");
        assertThat(c.proofMaxAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.nonce()).isFalse();
        assertThat(c.maxProofLength()).isEqualTo(4096);
        assertThat(c.trustsProxy("10.0.0.1")).isFalse();
    }

    @Test
    void whenEverySettingIsGivenThenEachIsRead() {
        DpopConfig c = read(Map.ofEntries(
                Map.entry("portcullis.dpop", "Required"),
                Map.entry("portcullis.dpop.algorithms", "ES256, PS256"),
                Map.entry("portcullis.dpop.proof-max-age", "30s"),
                Map.entry("portcullis.dpop.clock-skew", "2"),
                Map.entry("portcullis.dpop.nonce", "true"),
                Map.entry("portcullis.dpop.nonce-step", "1m"),
                Map.entry("portcullis.dpop.max-proof-length", "2048"),
                Map.entry("portcullis.proxy.trusted", "10.0.0.5 10.0.0.6"),
                Map.entry("portcullis.issuers", "a,b"),
                Map.entry("portcullis.issuer.a.issuer", "https://a.example.com"),
                Map.entry("portcullis.issuer.a.dpop", "off")));
        assertThat(c.mode()).isEqualTo(DpopMode.REQUIRED);
        assertThat(c.algorithms()).containsExactly("ES256", "PS256");
        assertThat(c.proofMaxAge()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.clockSkew()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.nonce()).isTrue();
        assertThat(c.nonceStep()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.maxProofLength()).isEqualTo(2048);
        assertThat(c.trustsProxy("10.0.0.6")).isTrue();
        assertThat(c.trustsProxy("10.0.0.7")).isFalse();
        assertThat(c.modeFor("https://a.example.com")).isEqualTo(DpopMode.OFF);
        assertThat(c.modeFor("https://b.example.com")).isEqualTo(DpopMode.REQUIRED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS256", "RS1", ""})
    void whenAlgorithmCannotBeAcceptedThenStartUpFailsNamingTheProperty(String alg) {
        Map<String, String> s = Map.of("portcullis.dpop.algorithms", alg.isEmpty() ? "," : alg);
        assertThatThrownBy(() -> read(s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("portcullis.dpop.algorithms=");
    }

    @Test
    void whenValuesAreOutOfRangeThenStartUpFailsNamingTheProperty() {
        assertThatThrownBy(() -> read(Map.of("portcullis.dpop", "sometimes")))
                .hasMessageContaining("portcullis.dpop='sometimes'")
                .hasMessageContaining("off, allowed or required");
        assertThatThrownBy(() -> read(Map.of("portcullis.dpop.proof-max-age", "0s")))
                .hasMessageContaining("proof-max-age");
        assertThatThrownBy(() -> read(Map.of("portcullis.dpop.proof-max-age", "11m")))
                .hasMessageContaining("10 minutes");
        assertThatThrownBy(() -> read(Map.of("portcullis.dpop.proof-max-age", "10x")))
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> read(Map.of("portcullis.dpop.max-proof-length", "100")))
                .hasMessageContaining("256");
        assertThatThrownBy(() -> read(Map.of("portcullis.dpop.nonce", "yes"))).hasMessageContaining("true or false");
        assertThatThrownBy(() -> read(Map.of("portcullis.dpop.nonce-step", "1s")))
                .hasMessageContaining("10 s");
    }

    @Test
    void whenAnyProxyIsTrustedThenEveryPeerIs() {
        assertThat(DpopConfig.builder().trustProxy("*").build().trustsProxy("203.0.113.9"))
                .isTrue();
    }

    @Test
    void whenAProxyBlockIsTrustedThenItIsReadAsTheMetadataReadsIt() {
        // one reading of portcullis.proxy.trusted (TrustedProxy) for the proofs' htu and the metadata's origin
        DpopConfig c =
                DpopConfig.builder().trustProxy("10.0.0.0/8").trustProxy("::1").build();
        assertThat(c.trustsProxy("10.1.2.3")).isTrue();
        assertThat(c.trustsProxy("[::1]")).isTrue();
        assertThat(c.trustsProxy("192.168.0.1")).isFalse();
        assertThat(c.proxy().trusts("10.1.2.3")).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        DpopConfig.builder().trustProxy("proxy.example.com").build())
                .hasMessageContaining("portcullis.proxy.trusted");
    }
}
