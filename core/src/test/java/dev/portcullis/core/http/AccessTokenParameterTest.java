package dev.portcullis.core.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** An access_token parameter is found in a query or form body the way a servlet container would find it. */
class AccessTokenParameterTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "access_token=abc",
                "a=1&access_token=abc",
                "access_token",
                "x=1&access_token&y=2",
                "access%5Ftoken=abc",
                "%61ccess_token=",
                "a=1&access_token="
            })
    void whenTheNameIsThereThenFound(String encoded) {
        assertThat(AccessTokenParameter.in(encoded)).isTrue();
        byte[] bytes = encoded.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(AccessTokenParameter.in(bytes, bytes.length)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "a=access_token",
                "access_tokens=1",
                "my_access_token=1",
                "access+token=1",
                "access_toke=1",
                "access_token%=1",
                "%"
            })
    void whenTheNameIsNotThereThenNotFound(String encoded) {
        assertThat(AccessTokenParameter.in(encoded)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/x-www-form-urlencoded",
                "Application/X-WWW-Form-Urlencoded; charset=UTF-8",
                "application/x-www-form-urlencoded;charset=ISO-8859-1"
            })
    void whenTheContentTypeIsAFormThenIsForm(String type) {
        assertThat(AccessTokenParameter.isForm(type)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/x-www-form-urlencodedx", "multipart/form-data"})
    void whenTheContentTypeIsNotAFormThenNot(String type) {
        assertThat(AccessTokenParameter.isForm(type)).isFalse();
    }
}
