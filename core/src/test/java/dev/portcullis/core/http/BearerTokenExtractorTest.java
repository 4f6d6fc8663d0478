package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.http.BearerTokenExtractor.Extraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

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
    @ValueSource(
            strings = {
                "Bearer abc.def.ghi",
                "bearer abc.def.ghi",
                "BEARER abc.def.ghi",
                "Bearer   abc.def.ghi",
                " Bearer abc.def.ghi ",
                "Bearer\tabc.def.ghi"
            })
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
            for (String token :
                    new String[] {c + "ab", "a" + c + "b", "ab" + c, "ab" + c + "=", "ab=" + c, String.valueOf(c)}) {
                assertThat(BearerTokenExtractor.isB64Token(token))
                        .as("%s (U+%04X)", token, (int) c)
                        .isEqualTo(grammar.matcher(token).matches());
            }
        }
        assertThat(BearerTokenExtractor.isB64Token("\uD83D\uDE00abc")).isFalse();
        assertThat(BearerTokenExtractor.isB64Token("=")).isFalse();
        assertThat(BearerTokenExtractor.isB64Token("")).isFalse();
    }

    /** The grammar as written, one character at a time: the reference for the 8-at-a-time check. */
    private static boolean b64TokenReference(String token) {
        int i = 0;
        while (i < token.length() && isB64TokenCharacter(token.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < token.length() && token.charAt(i) == '=') {
            i++;
        }
        return i == token.length();
    }

    private static boolean isB64TokenCharacter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~+/".indexOf(c) >= 0;
    }

    /** A base64url token of the given length, like a JWT: header, payload and signature. */
    private static String jwtLike(int length, long seed) {
        Random random = new Random(seed);
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        char[] token = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(bytes)
                .substring(0, length)
                .toCharArray();
        token[length / 30] = '.';
        token[length * 3 / 4] = '.';
        return new String(token);
    }

    /** What the reference tells apart in a character: a b64token character, {@code '='}, anything else. */
    private static final int B64_CHARACTER = 0;

    private static final int EQUALS_SIGN = 1;
    private static final int OTHER = 2;
    /** One representative of each class, in the order of the class numbers. */
    private static final char[] REPRESENTATIVES = {'a', '=', '?'};
    /** The class of every char 0..0xFFFF, as the reference sees it (a lone surrogate is {@link #OTHER}). */
    private static final byte[] REFERENCE_CLASS = referenceClasses();

    private static byte[] referenceClasses() {
        byte[] classes = new byte[0x10000];
        for (int c = 0; c <= 0xFFFF; c++) {
            classes[c] = (byte) (isB64TokenCharacter((char) c) ? B64_CHARACTER : c == '=' ? EQUALS_SIGN : OTHER);
        }
        return classes;
    }

    /**
     * Puts every char 0..0xFFFF at each given position of the token and compares with the reference
     * (chars up to U+00FF give a Latin-1 string, the others a UTF-16 one). The reference looks at a
     * character only through its class ({@link #REFERENCE_CLASS}), so with the rest of the token fixed
     * its answer for each class is computed once per position, on a representative of the class, and
     * every character is compared with the answer for its class: the check under test still runs on
     * all 65,536 strings, the reference on 3 (and on U+0000..U+017F, to check the classes) instead of
     * scanning every one of them again.
     */
    private static void assertEveryCharacterAt(String token, int... positions) {
        char[] chars = token.toCharArray();
        boolean[] expected = new boolean[REPRESENTATIVES.length];
        for (int position : positions) {
            char original = chars[position];
            for (int k = 0; k < REPRESENTATIVES.length; k++) {
                assertThat(REFERENCE_CLASS[REPRESENTATIVES[k]]).isEqualTo((byte) k);
                chars[position] = REPRESENTATIVES[k];
                expected[k] = b64TokenReference(new String(chars));
            }
            for (int c = 0; c <= 0xFFFF; c++) {
                chars[position] = (char) c;
                String candidate = new String(chars);
                // the classes stand in for the reference: check that they do, on the first 384 chars
                if (c < 0x180 && b64TokenReference(candidate) != expected[REFERENCE_CLASS[c]]) {
                    assertThat(b64TokenReference(candidate))
                            .as("reference, U+%04X at %d of a %d-char token", c, position, chars.length)
                            .isEqualTo(expected[REFERENCE_CLASS[c]]);
                }
                if (BearerTokenExtractor.isB64Token(candidate) != expected[REFERENCE_CLASS[c]]) {
                    assertThat(BearerTokenExtractor.isB64Token(candidate))
                            .as("U+%04X at %d of a %d-char token", c, position, chars.length)
                            .isEqualTo(expected[REFERENCE_CLASS[c]]);
                }
            }
            chars[position] = original;
        }
    }

    private static int[] range(int from, int to) {
        return IntStream.range(Math.max(from, 0), to).toArray();
    }

    @Test
    void isB64TokenWhenAnyCharacterStandsAtAnyOfTheFirst17PositionsThenItAgreesWithTheReference() {
        assertEveryCharacterAt("abcdefghijklmnopqrstuvwxyz", range(0, 17));
        assertEveryCharacterAt("abcdefghijklmnopqrstuvwxyz==", range(0, 17));
        assertEveryCharacterAt(jwtLike(1400, 1), range(0, 17));
    }

    @Test
    void isB64TokenWhenAnyCharacterStandsNearTheEndOfATokenOfAnyLengthUpTo40ThenItAgreesWithTheReference() {
        String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";
        for (int length = 1; length <= 40; length++) {
            String token = letters.substring(0, length);
            assertEveryCharacterAt(token, range(length - 10, length));
            assertEveryCharacterAt(token + "=", range(length - 9, length + 1)); // and in place of the '='
        }
    }

    @Test
    void isB64TokenWhenAnyCharacterStandsNearTheEndOfAJwtSizedTokenThenItAgreesWithTheReference() {
        // The last 9 positions: the last full 8 characters and what follows them (none, or 3).
        for (int length : new int[] {1400, 1403}) {
            String token = jwtLike(length, length);
            assertThat(BearerTokenExtractor.isB64Token(token)).isTrue();
            assertEveryCharacterAt(token, range(length - 9, length));
        }
        assertEveryCharacterAt(jwtLike(1403, 1) + "==", range(1401, 1405));
    }

    @Test
    void isB64TokenWhenASurrogatePairStandsAnywhereThenItIsRefused() {
        String[] pairs = {"\uD83D\uDE00", "\uD800\uDC00", "\uDBFF\uDFFF", "\uD835\uDC00"};
        for (String base : new String[] {"abcdefghijklmnopqrstuvwxyz", jwtLike(1400, 2)}) {
            for (int position : IntStream.concat(
                            IntStream.range(0, 17), IntStream.rangeClosed(base.length() - 17, base.length()))
                    .toArray()) {
                for (String pair : pairs) {
                    for (String token : new String[] {
                        base.substring(0, position) + pair + base.substring(position),
                        base.substring(0, position) + pair + base.substring(position) + "=="
                    }) {
                        assertThat(b64TokenReference(token)).isFalse();
                        assertThat(BearerTokenExtractor.isB64Token(token))
                                .as("%s at %d", pair, position)
                                .isFalse();
                    }
                }
            }
        }
        assertThat(BearerTokenExtractor.isB64Token("\uD83D")).isFalse();
        assertThat(BearerTokenExtractor.isB64Token("abcdefgh\uDE00")).isFalse();
        assertThat(BearerTokenExtractor.isB64Token("abcdefgh\uDE00\uD83D=")).isFalse(); // pair in the wrong order
    }

    @Test
    void isB64TokenWhenACharacterIsAboveU00FFThenItsLatin1ByteIsOneQuestionMarkWhichIsRefused() {
        // What the check relies on: String.getBytes(ISO_8859_1) replaces each character above U+00FF,
        // each lone surrogate and each surrogate pair by one '?', and keeps U+0080..U+00FF as high-bit bytes.
        for (int c = 0x100; c <= 0xFFFF; c++) {
            assertThat(String.valueOf((char) c).getBytes(StandardCharsets.ISO_8859_1))
                    .as("U+%04X", c)
                    .containsExactly('?');
        }
        assertThat("a\uD83D\uDE00b".getBytes(StandardCharsets.ISO_8859_1)).containsExactly('a', '?', 'b');
        for (int c = 0x80; c <= 0xFF; c++) {
            assertThat(String.valueOf((char) c).getBytes(StandardCharsets.ISO_8859_1))
                    .containsExactly((byte) c);
        }
        assertThat(BearerTokenExtractor.isB64Token("?")).isFalse();
        assertThat(BearerTokenExtractor.isB64Token("abcdefgh?")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "=",
                "==",
                "=========",
                "=abc",
                "==abc",
                "a=b",
                "ab==cd",
                "abcdefgh=ijklmnop",
                "abcdefghijklmnop=q",
                "abc=def==",
                "abcdefgh=\u00E9",
                "abcdefgh==\u0141",
                "a=",
                "a==",
                "abcdefgh========",
                "abcdefghijklmnopqrstuvwxyz=========",
                "a=================="
            })
    void isB64TokenWhenEqualsSignsRunInTheMiddleAtTheEndOrAloneThenOnlyATrailingRunAfterACharacterIsAccepted(
            String token) {
        assertThat(BearerTokenExtractor.isB64Token(token))
                .isEqualTo(b64TokenReference(token))
                .isEqualTo(token.matches("[A-Za-z0-9\\-._~+/]+=*"));
    }

    @Test
    void isB64TokenWhenRandomStringsThenItAgreesWithTheReference() {
        Random random = new Random(6750);
        String allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";
        String bad = ", \t\u0000?*:@[`{^\u007F\u0080\u00E9\u00FF\u0141\u012B\uFF21\uD83D\uDE00";
        Pattern grammar = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
        int accepted = 0;
        for (int n = 0; n < 100_000; n++) {
            int length = random.nextInt(4) == 0 ? random.nextInt(300) : random.nextInt(40);
            double badShare = new double[] {0, 0, 0.005, 0.02, 0.1}[random.nextInt(5)];
            StringBuilder token = new StringBuilder(length + 4);
            for (int i = 0; i < length; i++) {
                double r = random.nextDouble();
                token.append(
                        r < badShare
                                ? bad.charAt(random.nextInt(bad.length()))
                                : r < badShare + 0.005 ? '=' : allowed.charAt(random.nextInt(allowed.length())));
            }
            token.append("=".repeat(random.nextInt(4) == 0 ? random.nextInt(4) : 0));
            String candidate = token.toString();
            boolean expected = b64TokenReference(candidate);
            assertThat(expected).isEqualTo(grammar.matcher(candidate).matches());
            assertThat(BearerTokenExtractor.isB64Token(candidate))
                    .as("%s", candidate)
                    .isEqualTo(expected);
            accepted += expected ? 1 : 0;
        }
        assertThat(accepted).as("accepted of 100,000").isBetween(20_000, 80_000);
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
