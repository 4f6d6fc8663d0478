package dev.portcullis.core.dpop;

import dev.portcullis.core.FailureReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.portcullis.core.dpop.DpopFixture.assertAccepted;
import static dev.portcullis.core.dpop.DpopFixture.assertRefused;

/** RFC 9449 §4.3 steps 8-9: htm is the request's method, htu its URI after RFC 3986 §6 normalization. */
class DpopRequestMatchTest {
    private final DpopFixture f = new DpopFixture();

    @Test
    void whenProofIsForAnotherMethodThenRefused() {
        assertRefused(f.verify("POST", DpopFixture.URI, f.client.build()), FailureReason.INVALID_DPOP_PROOF, "htm");
        assertRefused(
                f.verify("GET", DpopFixture.URI, f.client.method("get").build()),
                FailureReason.INVALID_DPOP_PROOF,
                "htm");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://api.example.com/orders/43",
                "https://api.example.com/orders",
                "https://evil.example.com/orders/42",
                "http://api.example.com/orders/42",
                "https://api.example.com:8443/orders/42",
                "https://api.example.com/Orders/42",
                "https://api.example.com/orders/42/",
                "https://api.example.com/orders/%34%32x",
                "/orders/42",
                "api.example.com/orders/42",
                "https://user@api.example.com/orders/42",
                "https://api.example.com/orders/4%2"
            })
    void whenProofIsForAnotherUriThenRefused(String htu) {
        assertRefused(f.verify(f.client.uri(htu).build()), FailureReason.INVALID_DPOP_PROOF, "htu");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "HTTPS://API.Example.COM/orders/42",
                "https://api.example.com:443/orders/42",
                "https://api.example.com./orders/42",
                "https://api.example.com/%6Frders/42",
                "https://api.example.com/orders/%34%32",
                "https://api.example.com/a/../orders/./42",
                "https://api.example.com/orders/42?page=2",
                "https://api.example.com/orders/42#top",
                "https://api.example.com:/orders/42"
            })
    void whenHtuIsAnotherSpellingOfTheRequestUriThenAccepted(String htu) {
        assertAccepted(f.verify(f.client.uri(htu).build()));
    }

    @ParameterizedTest
    @CsvSource({
        "http://api.example.com:80/a%2fb, http://API.example.com/a%2Fb",
        "https://[::1]:443/x, https://[::1]/x",
        "https://api.example.com:8443/x?q=1, https://api.example.com:8443/x"
    })
    void whenRequestUriIsSpelledOtherwiseThanTheProofsThenBothAreNormalized(String request, String htu) {
        assertAccepted(f.verify("GET", request, f.client.uri(htu).build()));
    }

    @Test
    void whenHtuIsAbsentOrNotAStringThenRefused() {
        assertRefused(f.verify(f.client.uri(null).build()), FailureReason.INVALID_DPOP_PROOF, "htu");
        assertRefused(f.verify(f.client.claim("htu", 42).build()), FailureReason.INVALID_DPOP_PROOF, "htu");
    }
}
