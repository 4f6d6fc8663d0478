package dev.portcullis.core.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The htu a proof is checked against: the container's view, or a trusted proxy's forwarded one. */
class EffectiveRequestUriTest {
    private static Function<String, List<String>> headers(Map<String, String> values) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(values);
        return n -> byName.containsKey(n) ? List.of(byName.get(n)) : List.of();
    }

    @Test
    void whenNoProxyThenTheContainersSchemeHostPortAndRawPathAreTheUri() {
        assertThat(EffectiveRequestUri.of(
                        "http", "localhost", 9080, "/orders/api/orders%2F1", headers(Map.of()), false))
                .isEqualTo("http://localhost:9080/orders/api/orders%2F1");
        assertThat(UriNormalizer.normalize(
                        EffectiveRequestUri.of("https", "api.example.com", 443, "/x", headers(Map.of()), false)))
                .isEqualTo("https://api.example.com/x");
    }

    @Test
    void whenForwardedHeadersComeFromAnUntrustedPeerThenTheyAreIgnored() {
        Map<String, String> spoofed = Map.of(
                "X-Forwarded-Host",
                "evil.example.com",
                "X-Forwarded-Proto",
                "https",
                "Forwarded",
                "host=evil.example.com;proto=https");
        assertThat(EffectiveRequestUri.of("http", "localhost", 9080, "/a", headers(spoofed), false))
                .isEqualTo("http://localhost:9080/a");
    }

    @Test
    void whenATrustedProxyAppendsToForwardedThenItsOwnLastElementNamesTheUriNotTheClientsFirst() {
        Map<String, String> h = Map.of(
                "Forwarded",
                "for=192.0.2.60;proto=http;host=evil.example.com, "
                        + "for=192.0.2.60;proto=https;host=\"api.example.com\"");
        assertThat(UriNormalizer.normalize(EffectiveRequestUri.of("http", "10.0.0.5", 8080, "/a", headers(h), true)))
                .isEqualTo("https://api.example.com/a");
    }

    @Test
    void whenATrustedProxySendsXForwardedHeadersThenTheyNameTheUri() {
        Map<String, String> h = Map.of(
                "x-forwarded-proto",
                "https",
                "X-Forwarded-Host",
                "evil.example.com, api.example.com",
                "X-Forwarded-Port",
                "8443");
        assertThat(EffectiveRequestUri.of("http", "10.0.0.5", 8080, "/a", headers(h), true))
                .isEqualTo("https://api.example.com:8443/a");
        assertThat(EffectiveRequestUri.of(
                        "http",
                        "10.0.0.5",
                        8080,
                        "/a",
                        headers(Map.of("X-Forwarded-Host", "api.example.com:444")),
                        true))
                .isEqualTo("http://api.example.com:444/a");
    }

    @Test
    void whenTheServerNameIsABareIpv6AddressThenItIsBracketed() {
        assertThat(EffectiveRequestUri.of("http", "::1", 9080, "/a", headers(Map.of()), false))
                .isEqualTo("http://[::1]:9080/a");
    }
}
