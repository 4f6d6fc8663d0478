package dev.portcullis.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The htu a proof is checked against, from the scheme, host and port the client used (which of them
 * a trusted proxy forwarded is {@code TrustedProxyTest}'s) and the raw path.
 */
class EffectiveRequestUriTest {
    @Test
    void whenTheSchemeHostPortAndRawPathAreGivenThenTheyAreTheUri() {
        assertThat(EffectiveRequestUri.of("http", "localhost", "9080", "/orders/api/orders%2F1"))
                .isEqualTo("http://localhost:9080/orders/api/orders%2F1");
        assertThat(UriNormalizer.normalize(EffectiveRequestUri.of("https", "api.example.com", "443", "/x")))
                .isEqualTo("https://api.example.com/x");
        assertThat(EffectiveRequestUri.of("HTTPS", "api.example.com", "", "")).isEqualTo("https://api.example.com/");
    }

    @Test
    void whenTheHostCarriesAPortThenItWinsOverThePort() {
        assertThat(EffectiveRequestUri.of("http", "api.example.com:444", "8080", "/a"))
                .isEqualTo("http://api.example.com:444/a");
        assertThat(EffectiveRequestUri.of("http", "[::1]:444", "8080", "/a")).isEqualTo("http://[::1]:444/a");
    }

    @Test
    void whenTheServerNameIsABareIpv6AddressThenItIsBracketed() {
        assertThat(EffectiveRequestUri.of("http", "::1", "9080", "/a")).isEqualTo("http://[::1]:9080/a");
    }
}
