package dev.portcullis.core.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which peers' forwarded headers are believed, and what origin they give. */
class TrustedProxyTest {
    private static final TrustedProxy PROXY = TrustedProxy.parse("10.0.0.0/8, 192.168.1.7, fd00::/8");

    @Test
    void whenThePeerIsInABlockOrListedThenItIsTrusted() {
        assertThat(PROXY.trusts("10.1.2.3")).isTrue();
        assertThat(PROXY.trusts("192.168.1.7")).isTrue();
        assertThat(PROXY.trusts("fd12::1")).isTrue();
        assertThat(PROXY.trusts("[fd12::1]")).isTrue();
        assertThat(PROXY.trusts("192.168.1.8")).isFalse();
        assertThat(PROXY.trusts("11.0.0.1")).isFalse();
        assertThat(PROXY.trusts("proxy.example.com")).isFalse();
        assertThat(TrustedProxy.none().trusts("10.1.2.3")).isFalse();
        assertThat(TrustedProxy.parse("*").trusts("203.0.113.9")).isTrue();
    }

    @Test
    void whenAnEntryIsNoAddressThenItIsRefusedAtSetUp() {
        assertThatThrownBy(() -> TrustedProxy.parse("proxy.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("portcullis.proxy.trusted")
                .hasMessageContaining("proxy.example.com");
        assertThatThrownBy(() -> TrustedProxy.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustedProxy.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenATrustedProxyForwardsWithXForwardedHeadersThenTheirOriginIsUsed() {
        TestRequest r = new TestRequest()
                .remoteAddress("10.0.0.5")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "API.example.com");
        assertThat(PROXY.forwardedOrigin(r)).hasValue("https://api.example.com");
        r.header("X-Forwarded-Port", "8443");
        assertThat(PROXY.forwardedOrigin(r)).hasValue("https://api.example.com:8443");
    }

    @Test
    void whenATrustedProxyForwardsWithForwardedThenTheLastElementIsUsed() {
        TestRequest r = new TestRequest()
                .remoteAddress("10.0.0.5")
                .header(
                        "Forwarded",
                        "for=1.2.3.4;host=evil.example;proto=http, for=5.6.7.8;host=\"api.example.com:444\";proto=https");
        assertThat(PROXY.forwardedOrigin(r)).hasValue("https://api.example.com:444");
    }

    @Test
    void whenThePeerIsNotTrustedThenForwardedHeadersAreIgnored() {
        TestRequest r = new TestRequest().remoteAddress("203.0.113.9").header("X-Forwarded-Host", "evil.example");
        assertThat(PROXY.forwardedOrigin(r)).isEmpty();
    }

    @Test
    void whenTheForwardedHostIsMalformedOrMissingThenThereIsNoOrigin() {
        assertThat(PROXY.forwardedOrigin(
                        new TestRequest().remoteAddress("10.0.0.5").header("X-Forwarded-Host", "evil.example/\"x")))
                .isEmpty();
        assertThat(PROXY.forwardedOrigin(
                        new TestRequest().remoteAddress("10.0.0.5").header("X-Forwarded-Proto", "https")))
                .isEmpty();
        assertThat(PROXY.forwardedOrigin(new TestRequest()
                        .remoteAddress("10.0.0.5")
                        .header("X-Forwarded-Proto", "gopher")
                        .header("X-Forwarded-Host", "api.example.com")))
                .isEmpty();
        assertThat(PROXY.forwardedOrigin(new TestRequest()
                        .remoteAddress("10.0.0.5")
                        .header("X-Forwarded-Host", "api.example.com:99999")))
                .isEmpty();
    }

    @Test
    void whenATrustedTlsProxyForwardsOnlyTheSchemeThenTheMetadataOriginAndTheHtuAgree() {
        // A proxy that terminates TLS and keeps the client's Host header: X-Forwarded-Proto alone.
        TestRequest r = new TestRequest()
                .remoteAddress("10.0.0.5")
                .origin("http", "api.example.com", 9080)
                .path("/orders")
                .header("X-Forwarded-Proto", "https");
        assertThat(PROXY.forwardedOrigin(r)).as("no host forwarded").isEmpty();
        assertThat(PROXY.ownHostOrigin(r)).hasValue("https://api.example.com");
        assertThat(PROXY.effectiveRequestUri(r)).isEqualTo("https://api.example.com/app/orders");
        r.header("X-Forwarded-Port", "8443");
        assertThat(PROXY.ownHostOrigin(r)).hasValue("https://api.example.com:8443");
        assertThat(PROXY.effectiveRequestUri(r)).isEqualTo("https://api.example.com:8443/app/orders");
        TestRequest forwarded = new TestRequest()
                .remoteAddress("10.0.0.5")
                .origin("http", "api.example.com", 9080)
                .header("Forwarded", "for=192.0.2.60;proto=https");
        assertThat(PROXY.ownHostOrigin(forwarded)).hasValue("https://api.example.com");
        assertThat(PROXY.effectiveRequestUri(forwarded)).isEqualTo("https://api.example.com/app/orders");
    }

    @Test
    void whenNothingIsForwardedOrThePeerIsNotTrustedThenTheContainersViewIsTheOrigin() {
        TestRequest plain = new TestRequest().remoteAddress("10.0.0.5").origin("http", "api.example.com", 9080);
        assertThat(PROXY.ownHostOrigin(plain)).hasValue("http://api.example.com:9080");
        assertThat(PROXY.effectiveRequestUri(plain)).isEqualTo("http://api.example.com:9080/app/orders");
        TestRequest spoofed = new TestRequest()
                .remoteAddress("203.0.113.9")
                .origin("http", "localhost", 9080)
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "evil.example.com")
                .header("Forwarded", "host=evil.example.com;proto=https");
        assertThat(PROXY.ownHostOrigin(spoofed)).hasValue("http://localhost:9080");
        assertThat(PROXY.effectiveRequestUri(spoofed)).isEqualTo("http://localhost:9080/app/orders");
    }

    @Test
    void whenATrustedProxyForwardsTheHostThenTheHtuNamesItsLastElement() {
        TestRequest appended = new TestRequest()
                .remoteAddress("10.0.0.5")
                .origin("http", "10.0.0.9", 8080)
                .path("/a")
                .header(
                        "Forwarded",
                        "for=192.0.2.60;proto=http;host=evil.example.com, "
                                + "for=192.0.2.60;proto=https;host=\"api.example.com\"");
        assertThat(PROXY.effectiveRequestUri(appended)).isEqualTo("https://api.example.com/app/a");
        TestRequest x = new TestRequest()
                .remoteAddress("10.0.0.5")
                .origin("http", "10.0.0.9", 8080)
                .path("/a")
                .header("x-forwarded-proto", "https")
                .header("X-Forwarded-Host", "evil.example.com, api.example.com")
                .header("X-Forwarded-Port", "8443");
        assertThat(PROXY.effectiveRequestUri(x)).isEqualTo("https://api.example.com:8443/app/a");
        TestRequest hostWithPort = new TestRequest()
                .remoteAddress("10.0.0.5")
                .origin("http", "10.0.0.9", 8080)
                .path("/a")
                .header("X-Forwarded-Host", "api.example.com:444");
        assertThat(PROXY.effectiveRequestUri(hostWithPort)).isEqualTo("http://api.example.com:444/app/a");
    }

    @Test
    void whenTheForwardedSchemeOrPortIsMalformedThenTheOwnHostOriginIsEmpty() {
        for (String[] header : new String[][] {
            {"X-Forwarded-Proto", "gopher"}, {"X-Forwarded-Port", "99999"}, {"X-Forwarded-Port", "x"}
        }) {
            TestRequest r = new TestRequest()
                    .remoteAddress("10.0.0.5")
                    .origin("http", "api.example.com", 9080)
                    .header(header[0], header[1]);
            assertThat(PROXY.ownHostOrigin(r))
                    .as("%s: %s", header[0], header[1])
                    .isEmpty();
        }
    }

    @Test
    void whenTheHtuIsWrittenThenABareIpv6HostIsBracketedAndAPortInTheHostWins() {
        assertThat(PROXY.effectiveRequestUri(
                        new TestRequest().origin("http", "::1", 9080).path("/a")))
                .isEqualTo("http://[::1]:9080/app/a");
        assertThat(PROXY.effectiveRequestUri(new TestRequest()
                        .remoteAddress("10.0.0.5")
                        .origin("http", "10.0.0.9", 8080)
                        .path("/a")
                        .header("X-Forwarded-Host", "[::1]:444")))
                .isEqualTo("http://[::1]:444/app/a");
        assertThat(PROXY.effectiveRequestUri(new TestRequest()
                        .origin("HTTPS", "api.example.com", -1)
                        .contextPath("")
                        .path("")))
                .isEqualTo("https://api.example.com/");
        assertThat(PROXY.effectiveRequestUri(new TestRequest()
                        .origin("http", "localhost", 9080)
                        .contextPath("/orders")
                        .path("/api/orders%2F1")))
                .as("the raw path, as it came")
                .isEqualTo("http://localhost:9080/orders/api/orders%2F1");
    }
}
