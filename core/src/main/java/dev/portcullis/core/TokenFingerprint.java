package dev.portcullis.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A short, non-reversible name for a token, for log lines: the first 8 hex digits of its SHA-256.
 * Logs name tokens by fingerprint and never print the token itself.
 *
 * @since 0.1.0
 */
public final class TokenFingerprint {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TokenFingerprint() {}

    /** The fingerprint, or {@code "-"} for null. */
    public static String of(String token) {
        if (token == null) {
            return "-";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            char[] out = new char[8];
            for (int i = 0; i < 4; i++) {
                out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
                out[2 * i + 1] = HEX[digest[i] & 0xf];
            }
            return new String(out);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
