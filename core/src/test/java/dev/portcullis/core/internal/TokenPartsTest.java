package dev.portcullis.core.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Splitting and decoding a compact JWS: exactly one encoding per byte string, everything else refused. */
class TokenPartsTest {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Test
    void whenPartsAreCanonicalBase64UrlThenEachDecodesAsTheJdkDecodesIt() {
        Random random = new Random(9);
        for (int length = 0; length <= 70; length++) {
            for (int round = 0; round < 20; round++) {
                byte[] header = bytes(random, 1 + length);
                byte[] payload = bytes(random, 1 + (length * 7) % 71);
                byte[] signature = bytes(random, length);
                String token = B64.encodeToString(header) + "." + B64.encodeToString(payload) + "."
                        + B64.encodeToString(signature);
                TokenParts parts = TokenParts.split(token);
                assertThat(parts.problem()).as(token).isNull();
                assertThat(parts.header()).isEqualTo(header);
                assertThat(parts.payload()).isEqualTo(payload);
                assertThat(parts.signature()).isEqualTo(signature);
                assertThat(parts.secondDot()).isEqualTo(token.lastIndexOf('.'));
                assertThat(new String(parts.bytes(), 0, parts.secondDot(), StandardCharsets.ISO_8859_1))
                        .isEqualTo(token.substring(0, token.lastIndexOf('.')));
            }
        }
    }

    @Test
    void whenEveryAlphabetCharacterAppearsThenItDecodes() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        TokenParts parts = TokenParts.split(alphabet + "." + alphabet + "." + alphabet);
        assertThat(parts.problem()).isNull();
        assertThat(parts.payload()).isEqualTo(Base64.getUrlDecoder().decode(alphabet));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "QQ==.QUJD.QUJD",
                "QUJD.QQ==.QUJD",
                "QUJD.QUJD.QQ==", // padding
                "QUI=.QUJD.QUJD",
                "QUJD.QUJD.QUI=",
                "QQ=.QUJD.QUJD",
                "QQ=A.QUJD.QUJD",
                "=QUJ.QUJD.QUJD",
                "QR.QUJD.QUJD",
                "QUJD.QR.QUJD",
                "QUJD.QUJD.QUK", // unused bits not zero: a second encoding
                "QUJDR.QUJD.QUJD",
                "QUJD.QUJDR.QUJD",
                "QUJD.QUJD.Q", // a length that cannot decode
                "QU+D.QUJD.QUJD",
                "QUJD.QU/D.QUJD",
                "QUJD.QUJD.QU+/", // the other alphabet
                "QU D.QUJD.QUJD",
                "QUJD.QU\nD.QUJD",
                "QUJD.QUJD.QU\tD",
                "QUJD.QUJD.QUJD ",
                " QUJD.QUJD.QUJD",
                "QUJ\u00e9.QUJD.QUJD",
                "QUJD.QU\u0141D.QUJD",
                "QUJD.QUJD.QU\u00ff\u00ff",
                "QUJD.QUJD.QUJ?",
                "QUJD.QUJD.QUJ\u0000",
                "QUJD.QUJD.QU\uD83D\uDE00",
                "QUJD.QUJD.\u0100\u0100\u0100\u0100",
                "QUJD.Q*JD.QUJD",
                "QUJD.QUJD.QUJD%",
                "QUJD..QUJD",
                ".QUJD.QUJD",
                "QUJD.QUJD",
                "QUJD.QUJD.QUJD.QUJD",
            })
    void whenAPartIsNotCanonicalUnpaddedBase64UrlThenMalformed(String token) {
        TokenParts parts = TokenParts.split(token);
        assertThat(parts.problem()).as(token).isNotNull();
        assertThat(parts.header()).isNull();
        assertThat(parts.payload()).isNull();
        assertThat(parts.signature()).isNull();
    }

    @Test
    void whenEveryByteValueStandsInAPartThenOnlyTheAlphabetIsAccepted() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (char c = 0; c < 0x180; c++) {
            if (c == '.') {
                continue;
            }
            for (int at = 0; at < 4; at++) {
                char[] group = "QUJD".toCharArray();
                group[at] = c;
                String part = new String(group);
                boolean inAlphabet = alphabet.indexOf(c) >= 0;
                for (String token : new String[] {part + ".QUJD.QUJD", "QUJD." + part + ".QUJD", "QUJD.QUJD." + part}) {
                    assertThat(TokenParts.split(token).problem() == null)
                            .as("%s (U+%04X)", token, (int) c)
                            .isEqualTo(inAlphabet);
                }
            }
        }
    }

    @Test
    void whenAByteOutsideTheAlphabetStandsAnywhereInALongPartThenItIsRefused() {
        // 44 characters: the decoder's whole steps (four characters read as one int) cover the first
        // ones, its byte-by-byte end the last ones; a byte in any position of either must be refused.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String valid = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZn";
        assertThat(valid).hasSize(44);
        for (char c = 0; c < 0x180; c++) {
            if (c == '.') {
                continue;
            }
            boolean inAlphabet = alphabet.indexOf(c) >= 0;
            for (int at = 0; at < valid.length() - 1; at++) { // the last character's unused bits aside
                char[] chars = valid.toCharArray();
                chars[at] = c;
                String part = new String(chars);
                for (String token : new String[] {part + ".QUJD.QUJD", "QUJD." + part + ".QUJD", "QUJD.QUJD." + part}) {
                    assertThat(TokenParts.split(token).problem() == null)
                            .as("%s (U+%04X at %d)", token, (int) c, at)
                            .isEqualTo(inAlphabet);
                }
            }
        }
    }

    @Test
    void whenAPayloadIsDecodedLikeAnEarlierOneThenItDecodesAsTheJdkDecodesIt() {
        // Variants of a model payload: bytes changed, inserted or removed (shifting what follows),
        // so that runs of equal steps start and end everywhere; and unrelated payloads.
        Random random = new Random(11);
        int copied = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] model = bytes(random, 1 + random.nextInt(120));
            byte[] payload = random.nextInt(10) == 0 ? bytes(random, random.nextInt(120)) : vary(random, model);
            TokenParts earlier = TokenParts.split("QUJD." + B64.encodeToString(model) + ".QUJD");
            String token = "QUJD." + B64.encodeToString(payload) + ".QUJD";
            Base64Url.Decoded like = random.nextInt(20) == 0 ? null : earlier.decodedPayload();
            TokenParts parts = TokenParts.split(token, true, like);
            if (parts.problem() != null && payload.length == 0) {
                continue; // an empty payload is malformed, like or not
            }
            assertThat(parts.problem()).as(token).isNull();
            assertThat(parts.payload()).as("%s like %s", token, earlier).isEqualTo(payload);
            if (like != null
                    && payload.length >= 12
                    && model.length >= 12
                    && java.util.Arrays.equals(payload, 0, 6, model, 0, 6)) {
                copied++;
            }
        }
        assertThat(copied).as("rounds that copied steps").isGreaterThan(5_000);
    }

    @Test
    void whenAPayloadDecodedLikeAnEarlierOneHasAByteOutsideTheAlphabetThenItIsRefused() {
        // The byte stands in a step that is otherwise the model's, or in one that differs.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String model = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZn";
        Base64Url.Decoded like = TokenParts.split("QUJD." + model + ".QUJD").decodedPayload();
        for (String valid : new String[] {
            model,
            "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZo".replace('o', 'g'),
            "xUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZn"
        }) {
            for (char c = 0; c < 0x100; c++) {
                if (c == '.') {
                    continue;
                }
                boolean inAlphabet = alphabet.indexOf(c) >= 0;
                for (int at = 0; at < valid.length() - 1; at++) {
                    char[] chars = valid.toCharArray();
                    chars[at] = c;
                    String token = "QUJD." + new String(chars) + ".QUJD";
                    assertThat(TokenParts.split(token, false, like).problem() == null)
                            .as("%s (U+%04X at %d)", token, (int) c, at)
                            .isEqualTo(inAlphabet);
                }
            }
        }
    }

    @Test
    void whenTheSignatureIsEmptyThenItSplitsWithAnEmptySignature() {
        TokenParts parts = TokenParts.split("QUJD.QUJD.");
        assertThat(parts.problem()).isNull();
        assertThat(parts.signature()).isEmpty();
    }

    /** {@code model} with a few bytes changed, inserted or removed. */
    private static byte[] vary(Random random, byte[] model) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte b : model) {
            int what = random.nextInt(40);
            if (what == 0) {
                out.write(random.nextInt(256)); // changed
            } else if (what == 1) {
                out.write(b);
                out.write(random.nextInt(256)); // inserted
            } else if (what != 2) { // 2: removed
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
