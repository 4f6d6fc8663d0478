package dev.portcullis.core.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A JWS compact serialization split into its three base64url parts, strictly: exactly two dots,
 * only the base64url alphabet, no padding, no whitespace, and canonical encodings (lengths that
 * decode, zero unused bits), so each byte string has exactly one encoding.
 *
 * <p>The token is copied once into {@link #bytes} (ISO-8859-1: a character beyond it becomes
 * {@code ?}, which is refused like every character outside the alphabet). Those bytes are the
 * signing input ({@code [0, secondDot)}) as they are; each part is decoded from them by the JDK's
 * URL-safe decoder (an intrinsic on CPUs that have the vector instructions for it, several times
 * faster than a scalar loop), which refuses every character outside the alphabet. The decoder
 * tolerates what this class must not, so that is checked around it: the length of each part and
 * the unused bits of its last character before, and after, that it decoded to the full length its
 * characters call for (padding ends a part early).
 *
 * @param bytes the token's characters as bytes, or null when malformed
 * @param header the decoded header (empty if not asked for), or null when malformed
 * @param payload the decoded payload, or null when malformed
 * @param signature the decoded signature, or null when malformed
 * @param secondDot the index of the dot before the signature
 * @param problem why the token is malformed, or null
 */
record TokenParts(byte[] bytes, byte[] header, byte[] payload, byte[] signature, int secondDot, String problem) {
    /** The 6-bit value of each base64url character; -1 for every other byte value. */
    private static final byte[] SEXTETS = new byte[256];

    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final byte[] NONE = new byte[0];

    static {
        Arrays.fill(SEXTETS, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            SEXTETS[alphabet.charAt(i)] = (byte) i;
        }
    }

    static TokenParts split(String token) {
        return split(token, true);
    }

    /**
     * As {@link #split(String)}; with {@code decodeHeader} false the header is checked but not
     * decoded ({@link #header()} is empty), for a header whose decoding is already known.
     */
    static TokenParts split(String token, boolean decodeHeader) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0) {
            return malformed((first < 0 ? 1 : 2) + " part(s) instead of three");
        }
        if (token.indexOf('.', second + 1) >= 0) {
            int dots = count(token);
            return malformed(
                    dots == 4
                            ? "five parts: an encrypted token (JWE) is not a signed access token"
                            : "more than three parts");
        }
        if (first == 0 || second == first + 1) {
            return malformed("empty header or payload");
        }
        byte[] bytes = token.getBytes(StandardCharsets.ISO_8859_1);
        if (!canonical(bytes, 0, first)
                || !canonical(bytes, first + 1, second)
                || !canonical(bytes, second + 1, bytes.length)) {
            return malformed("a part is not valid base64url");
        }
        byte[] header = decodeHeader ? decode(bytes, 0, first) : NONE;
        byte[] payload = header == null ? null : decode(bytes, first + 1, second);
        byte[] signature = payload == null ? null : decode(bytes, second + 1, bytes.length);
        if (signature == null) {
            return malformed("character outside the base64url alphabet");
        }
        return new TokenParts(bytes, header, payload, signature, second, null);
    }

    /**
     * Decodes {@code [from, to)} (a length that decodes), or null if a byte is outside the alphabet
     * (the padding character included).
     */
    static byte[] decode(byte[] token, int from, int to) {
        int length = to - from;
        if (length == 0) {
            return NONE;
        }
        int rest = length % 4;
        int expected = length / 4 * 3 + (rest == 0 ? 0 : rest - 1);
        ByteBuffer decoded;
        try {
            decoded = DECODER.decode(ByteBuffer.wrap(token, from, length));
        } catch (IllegalArgumentException outsideTheAlphabet) {
            return null;
        }
        // Padding stops the decoder early: fewer bytes than the characters call for.
        return decoded.remaining() == expected && decoded.arrayOffset() == 0 && decoded.array().length == expected
                ? decoded.array()
                : null;
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
        return new TokenParts(null, null, null, null, -1, why);
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
        int last = SEXTETS[token[to - 1] & 0xff];
        return last >= 0 && (last & (rest == 2 ? 0x0f : 0x03)) == 0;
    }
}
