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
 * signing input ({@code [0, secondDot)}) as they are; the three parts are decoded from them in
 * place by the JDK's base64url decoder (vectorized on current JDKs), which also refuses every
 * character outside the alphabet. A malformed token costs that decoder one exception; a well-formed
 * one none.
 *
 * @param bytes the token's characters as bytes, or null when malformed
 * @param header the decoded header, or null when malformed
 * @param payload the decoded payload, or null when malformed
 * @param signature the decoded signature, or null when malformed
 * @param secondDot the index of the dot before the signature
 * @param problem why the token is malformed, or null
 */
record TokenParts(byte[] bytes, byte[] header, byte[] payload, byte[] signature, int secondDot, String problem) {
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final byte[] NOTHING = new byte[0];
    /** The 6-bit value of each base64url character; -1 for every other byte value. */
    private static final byte[] SEXTETS = new byte[256];

    static {
        Arrays.fill(SEXTETS, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            SEXTETS[alphabet.charAt(i)] = (byte) i;
        }
    }

    static TokenParts split(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0) {
            return malformed((first < 0 ? 1 : 2) + " part(s) instead of three");
        }
        if (token.indexOf('.', second + 1) >= 0) {
            int dots = count(token);
            return malformed(dots == 4 ? "five parts: an encrypted token (JWE) is not a signed access token"
                    : "more than three parts");
        }
        if (first == 0 || second == first + 1) {
            return malformed("empty header or payload");
        }
        if (token.indexOf('=') >= 0) {
            return malformed("padding: base64url parts must be unpadded");
        }
        byte[] bytes = token.getBytes(StandardCharsets.ISO_8859_1);
        if (!canonical(bytes, 0, first) || !canonical(bytes, first + 1, second)
                || !canonical(bytes, second + 1, bytes.length)) {
            return malformed("a part is not valid base64url");
        }
        try {
            return new TokenParts(bytes, decode(bytes, 0, first), decode(bytes, first + 1, second),
                    decode(bytes, second + 1, bytes.length), second, null);
        } catch (IllegalArgumentException e) {
            return malformed("character outside the base64url alphabet");
        }
    }

    /** Decodes {@code [from, to)}, whose length decodes and which holds no padding. */
    private static byte[] decode(byte[] bytes, int from, int to) {
        if (from == to) {
            return NOTHING;
        }
        ByteBuffer decoded = DECODER.decode(ByteBuffer.wrap(bytes, from, to - from));
        byte[] out = decoded.array();
        return decoded.arrayOffset() == 0 && decoded.remaining() == out.length ? out
                : Arrays.copyOfRange(out, decoded.arrayOffset() + decoded.position(),
                        decoded.arrayOffset() + decoded.limit());
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
