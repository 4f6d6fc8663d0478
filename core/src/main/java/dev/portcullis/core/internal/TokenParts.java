package dev.portcullis.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A JWS compact serialization split into its three base64url parts, strictly: exactly two dots,
 * only the base64url alphabet, no padding, no whitespace, and lengths that decode.
 *
 * @param header the decoded header JSON text
 * @param payload the decoded payload JSON text
 * @param signatureLength the length of the encoded signature
 * @param problem why the token is malformed, or null
 */
record TokenParts(String header, String payload, int signatureLength, String problem) {

    static TokenParts split(String token) {
        int first = -1;
        int second = -1;
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
                if (dots == 1) {
                    first = i;
                } else if (dots == 2) {
                    second = i;
                } else {
                    return malformed(dots == 4 && count(token) == 4
                            ? "five parts: an encrypted token (JWE) is not a signed access token"
                            : "more than three parts");
                }
            } else if (!isBase64Url(c)) {
                return malformed("character outside the base64url alphabet");
            }
        }
        if (dots != 2) {
            return malformed(dots + 1 + " part(s) instead of three");
        }
        if (first == 0 || second == first + 1) {
            return malformed("empty header or payload");
        }
        String header = decode(token, 0, first);
        String payload = header == null ? null : decode(token, first + 1, second);
        int signatureLength = token.length() - second - 1;
        if (header == null || payload == null || !canonical(token, second + 1, token.length())) {
            return malformed("a part is not valid base64url");
        }
        return new TokenParts(header, payload, signatureLength, null);
    }

    private static int count(String token) {
        int n = 0;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                n++;
            }
        }
        return n;
    }

    private static TokenParts malformed(String why) {
        return new TokenParts(null, null, 0, why);
    }

    static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /**
     * True if the part is canonical unpadded base64url: a length that decodes, and zero bits in the
     * unused low bits of its last character, so each byte string has exactly one encoding.
     */
    static boolean canonical(String token, int from, int to) {
        int rest = (to - from) % 4;
        if (rest == 1) {
            return false;
        }
        if (rest == 0) {
            return true;
        }
        int last = sextet(token.charAt(to - 1));
        return (last & (rest == 2 ? 0x0f : 0x03)) == 0;
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }

    /** Decodes one part as UTF-8 text, or null if it is not canonical base64url. */
    private static String decode(String token, int from, int to) {
        if (!canonical(token, from, to)) {
            return null;
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token.substring(from, to));
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
