package dev.portcullis.core.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 3986 §6.2.2-6.2.3 normalization of an htu, and the URIs it refuses. */
class UriNormalizerTest {

    @ParameterizedTest
    @CsvSource({
        "HTTPS://Api.Example.COM/Orders, https://api.example.com/Orders",
        "https://api.example.com:443/a, https://api.example.com/a",
        "http://api.example.com:80/a, http://api.example.com/a",
        "http://api.example.com:443/a, http://api.example.com:443/a",
        "https://api.example.com:08443/a, https://api.example.com:8443/a",
        "https://api.example.com./a, https://api.example.com/a",
        "https://api.example.com, https://api.example.com/",
        "https://api.example.com?x#y, https://api.example.com/",
        "https://api.example.com/%7euser/%2f%3a, https://api.example.com/~user/%2F%3A",
        "https://api.example.com/a/./b/../c/, https://api.example.com/a/c/",
        "https://api.example.com/../../a, https://api.example.com/a",
        "https://api.example.com/a/%2E%2E/b, https://api.example.com/b",
        "https://[2001:DB8::1]:443/a, https://[2001:db8::1]/a",
        "https://[2001:db8::1]:8443/a, https://[2001:db8::1]:8443/a",
        "https://api.example.com/a;b=c/@:x, https://api.example.com/a;b=c/@:x"
    })
    void whenUriIsSpelledOtherwiseThenItsNormalFormIsTheSame(String uri, String normal) {
        assertThat(UriNormalizer.normalize(uri)).isEqualTo(normal);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "/a",
                "api.example.com/a",
                "ftp://api.example.com/a",
                "https:/api.example.com/a",
                "https://user:pw@api.example.com/a",
                "https://api.example.com:99999/a",
                "https://api.example.com:8o/a",
                "https://api.example.com/a%2",
                "https://api.example.com/a%zz",
                "https://api.example.com/a b",
                "https://api.example.com/\u00e9",
                "https:///a",
                "https://./a",
                "https://[::1/a",
                "https://api.example.com/a\\b",
                "javascript://api.example.com/%0aalert(1)"
            })
    void whenUriIsNotAnHttpUriThenItHasNoNormalForm(String uri) {
        assertThat(UriNormalizer.normalize(uri)).isNull();
    }
}
