package dev.portcullis.core.internal;

import java.nio.charset.StandardCharsets;

/**
 * A JWS compact serialization split into its three base64url parts, strictly: exactly two dots,
 * only the base64url alphabet, no padding, no whitespace, and canonical encodings (lengths that
 * decode, zero unused bits), so each byte string has exactly one encoding.
 *
 * <p>The token is copied once into {@link #bytes} (ISO-8859-1: a character beyond it becomes
 * {@code ?}, which is refused like every character outside the alphabet). Those bytes are the
 * signing input ({@code [0, secondDot)}) as they are; each part is decoded from them by
 * {@link Base64Url}, which refuses every byte outside the alphabet. The length of each part and the
 * unused bits of its last character are checked here, before decoding.
 *
 * @param bytes the token's characters as bytes, or null when malformed
 * @param header the decoded header (empty if not asked for), or null when malformed
 * @param payload the decoded payload, or null when malformed
 * @param signature the decoded signature, or null when malformed
 * @param firstDot the index of the dot after the header
 * @param secondDot the index of the dot before the signature
 * @param problem why the token is malformed, or null
 */
record TokenParts(
        byte[] bytes, byte[] header, byte[] payload, byte[] signature, int firstDot, int secondDot, String problem) {
    private static final byte[] NONE = new byte[0];

    static TokenParts split(String token) {
        return split(token, true);
    }

    /**
     * As {@link #split(String)}; with {@code decodeHeader} false the header's length and last
     * character are checked but it is not decoded ({@link #header()} is empty): the caller compares
     * its bytes with headers it knows, and decodes it ({@link #decode}) only when none is the same.
     */
    static TokenParts split(String token, boolean decodeHeader) {
        return split(token, decodeHeader, null);
    }

    /**
     * As {@link #split(String, boolean)}, the payload decoded like {@code payloadLike}, a payload
     * decoded before ({@link Base64Url#decode(byte[], int, int, Base64Url.Decoded)}), or null.
     */
    static TokenParts split(String token, boolean decodeHeader, Base64Url.Decoded payloadLike) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0) {
            return malformed((first < 0 ? 1 : 2) + " part(s) instead of three");
        }
        // A dot after the second is refused by every check below (no part may hold one), so the
        // signature is not searched for one on the way to a token that splits; each refusal looks.
        if (first == 0 || second == first + 1) {
            return malformed(token, second, "empty header or payload");
        }
        byte[] bytes = token.getBytes(StandardCharsets.ISO_8859_1);
        if (!canonical(bytes, 0, first)
                || !canonical(bytes, first + 1, second)
                || !canonical(bytes, second + 1, bytes.length)) {
            return malformed(token, second, "a part is not valid base64url");
        }
        byte[] header = decodeHeader ? decode(bytes, 0, first) : NONE;
        byte[] payload = header == null ? null : Base64Url.decode(bytes, first + 1, second, payloadLike);
        byte[] signature = payload == null ? null : decode(bytes, second + 1, bytes.length);
        if (signature == null) {
            return malformed(token, second, "character outside the base64url alphabet");
        }
        return new TokenParts(bytes, header, payload, signature, first, second, null);
    }

    /** The payload as it was decoded: its characters in {@link #bytes} and its bytes. */
    Base64Url.Decoded decodedPayload() {
        return new Base64Url.Decoded(bytes, firstDot + 1, secondDot, payload);
    }

    /** Malformed: more than three parts, if a dot follows the second; else {@code why}. */
    private static TokenParts malformed(String token, int second, String why) {
        if (token.indexOf('.', second + 1) < 0) {
            return malformed(why);
        }
        return malformed(
                count(token) == 4
                        ? "five parts: an encrypted token (JWE) is not a signed access token"
                        : "more than three parts");
    }

    /**
     * Decodes {@code [from, to)} (a length that decodes), or null if a byte is outside the alphabet
     * (the padding character included).
     */
    static byte[] decode(byte[] token, int from, int to) {
        return Base64Url.decode(token, from, to);
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
        return new TokenParts(null, null, null, null, -1, -1, why);
    }

    /**
     * True if the part is canonical unpadded base64url: a length that decodes, and zero bits in the
     * unused low bits of its last character, so each byte string has exactly one encoding.
     */
    static boolean canonical(byte[] token, int from, int to) {
        int rest = (to - from) % 4;
        if (rest == 1) {
            return false;
        }
        if (rest == 0) {
            return true;
        }
        int last = Base64Url.sextet(token[to - 1]);
        return last >= 0 && (last & (rest == 2 ? 0x0f : 0x03)) == 0;
    }
}
