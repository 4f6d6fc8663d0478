package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.http.BearerTokenExtractor.Extraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6750 §2.1 extraction, shared by every adapter. */
class BearerTokenExtractorTest {
    private final BearerTokenExtractor extractor = BearerTokenExtractor.forHeader("Authorization");

    private Extraction extract(String... values) {
        return extractor.extract(Arrays.asList(values), false);
    }

    private static FailureReason refusal(Extraction e) {
        assertThat(e).isInstanceOf(Extraction.Refused.class);
        return ((Extraction.Refused) e).failure().reason();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc.def.ghi", "bearer abc.def.ghi", "BEARER abc.def.ghi", "Bearer   abc.def.ghi",
            " Bearer abc.def.ghi ", "Bearer\tabc.def.ghi"})
    void resolveWhenBearerSchemeInAnyCaseWithSpacesThenTokenIsFound(String header) {
        Extraction e = extract(header);
        if (header.contains("\t")) {
            assertThat(e).isInstanceOf(Extraction.Absent.class); // 1*SP: a tab is not a separator
        } else {
            assertThat(e).isEqualTo(new Extraction.Found("abc.def.ghi"));
        }
    }

    @Test
    void resolveWhenNoHeaderThenAbsent() {
        assertThat(extractor.extract(List.of(), false)).isInstanceOf(Extraction.Absent.class);
        assertThat(extractor.extract(null, false)).isInstanceOf(Extraction.Absent.class);
    }

    @Test
    void resolveWhenHeaderWithWrongSchemeIsPresentThenTokenIsNotResolved() {
        assertThat(extract("Basic dXNlcjpwYXNz")).isInstanceOf(Extraction.Absent.class);
        assertThat(extract("Bearerabc.def.ghi")).isInstanceOf(Extraction.Absent.class);
        assertThat(extract("Token abc")).isInstanceOf(Extraction.Absent.class);
    }

    @Test
    void resolveWhenTwoAuthorizationHeadersThenMultipleTokens() {
        assertThat(refusal(extract("Bearer a.b.c", "Bearer d.e.f"))).isEqualTo(FailureReason.MULTIPLE_TOKENS);
    }

    @Test
    void resolveWhenTwoCredentialsInOneHeaderThenMultipleTokens() {
        assertThat(refusal(extract("Bearer a.b.c, Bearer d.e.f"))).isEqualTo(FailureReason.MULTIPLE_TOKENS);
    }

    @Test
    void resolveWhenTokenAlsoInQueryOrFormThenMultipleTokens() {
        assertThat(refusal(extractor.extract(List.of("Bearer a.b.c"), true))).isEqualTo(FailureReason.MULTIPLE_TOKENS);
    }

    @Test
    void resolveWhenTokenOnlyInQueryThenAbsentBecauseQueryTokensNeverAuthenticate() {
        assertThat(extractor.extract(List.of(), true)).isInstanceOf(Extraction.Absent.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer ", "Bearer", "Bearer    "})
    void resolveWhenTokenEmptyThenMalformedRequest(String header) {
        assertThat(refusal(extract(header))).isEqualTo(FailureReason.MALFORMED_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer a b", "Bearer a\"b", "Bearer =abc", "Bearer a=b", "Bearer ä.b.c", "Bearer a;b"})
    void resolveWhenTokenOutsideB64TokenSyntaxThenMalformedRequest(String header) {
        assertThat(refusal(extract(header))).isEqualTo(FailureReason.MALFORMED_REQUEST);
    }

    @Test
    void resolveWhenTokenHasTrailingPaddingThenItIsB64Token() {
        assertThat(extract("Bearer abc==")).isEqualTo(new Extraction.Found("abc=="));
    }

    @Test
    void isB64TokenWhenAnyCharacterStandsAnywhereThenItAgreesWithTheRfc6750Grammar() {
        java.util.regex.Pattern grammar = java.util.regex.Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
        for (char c = 0; c < 0x180; c++) {
            for (String token : new String[] {c + "ab", "a" + c + "b", "ab" + c, "ab" + c + "=", "ab=" + c, String.valueOf(c)}) {
                assertThat(BearerTokenExtractor.isB64Token(token)).as("%s (U+%04X)", token, (int) c)
                        .isEqualTo(grammar.matcher(token).matches());
            }
        }
        assertThat(BearerTokenExtractor.isB64Token("\uD83D\uDE00abc")).isFalse();
        assertThat(BearerTokenExtractor.isB64Token("=")).isFalse();
        assertThat(BearerTokenExtractor.isB64Token("")).isFalse();
    }

    @Test
    void resolveWhenCustomHeaderThenItsValueIsTheTokenWithOrWithoutScheme() {
        BearerTokenExtractor custom = BearerTokenExtractor.forHeader("X-Access-Token");
        assertThat(custom.extract(List.of("a.b.c"), false)).isEqualTo(new Extraction.Found("a.b.c"));
        assertThat(custom.extract(List.of("Bearer a.b.c"), false)).isEqualTo(new Extraction.Found("a.b.c"));
        assertThat(refusal(custom.extract(List.of(""), false))).isEqualTo(FailureReason.MALFORMED_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b.c", " a.b.c", "a.b.c\t", "Bearer a.b.c", "bearer   a.b.c ", " \tBEARER a.b.c\t "})
    void resolveWhenCustomHeaderHasWhitespaceOrSchemeThenOnlyTheTokenIsFound(String value) {
        BearerTokenExtractor custom = BearerTokenExtractor.forHeader("X-Access-Token");
        assertThat(custom.extract(List.of(value), false)).isEqualTo(new Extraction.Found("a.b.c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\t", "  \t "})
    void resolveWhenCustomHeaderIsOnlyWhitespaceThenMalformedRequest(String value) {
        BearerTokenExtractor custom = BearerTokenExtractor.forHeader("X-Access-Token");
        assertThat(refusal(custom.extract(List.of(value), false))).isEqualTo(FailureReason.MALFORMED_REQUEST);
    }

    @Test
    void resolveWhenHeaderValueIsJustTheTokenThenTheTokenIsNotCopied() {
        String value = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln";
        Extraction e = BearerTokenExtractor.forHeader("X-Access-Token").extract(List.of(value), false);
        assertThat(((Extraction.Found) e).token()).isSameAs(value);
    }

    @Test
    void foundNeverPrintsTheToken() {
        assertThat(new Extraction.Found("secret.token.value").toString()).doesNotContain("secret");
    }
}
