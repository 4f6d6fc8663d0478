package dev.portcullis.core.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a log line shows of text a client chose. */
class LogTextTest {
    @Test
    void whenTextIsPrintableAsciiThenItIsReturnedAsIs() {
        String path = "/api/orders/42";
        assertThat(LogText.escape(path)).isSameAs(path);
    }

    @Test
    void whenTextCarriesControlsQuotesOrNonAsciiThenEachIsEscaped() {
        assertThat(LogText.escape("a\r\nb\t\"c\"\\d\u0000\u007f\u0085\u2028\u00e9"))
                .isEqualTo("a\\r\\nb\\t\\\"c\\\"\\\\d\\u0000\\u007f\\u0085\\u2028\\u00e9");
    }

    @Test
    void whenTextIsLongThenItIsCutAt200CharactersWithAnEllipsis() {
        assertThat(LogText.escape("x".repeat(500))).isEqualTo("x".repeat(200) + "...");
        assertThat(LogText.escape("\n".repeat(500))).isEqualTo("\\n".repeat(200) + "...");
    }

    @Test
    void whenNullThenADash() {
        assertThat(LogText.escape(null)).isEqualTo("-");
    }
}
