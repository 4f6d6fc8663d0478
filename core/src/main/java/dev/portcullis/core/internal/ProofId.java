package dev.portcullis.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One DPoP proof as the in-memory replay store remembers it: 128 bits of the SHA-256 of its key's thumbprint and
 * its {@code jti} (a fixed 40 bytes per entry, whatever the client sent), and its {@code iat}. Equal by the hash alone.
 */
final class ProofId {
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    private final long high;
    private final long low;
    final long issuedAt;

    private ProofId(long high, long low, long issuedAt) {
        this.high = high;
        this.low = low;
        this.issuedAt = issuedAt;
    }

    /** The id of the proof {@code jti} signed with the key of {@code thumbprint}, issued at {@code issuedAt} (epoch ms). */
    static ProofId of(String thumbprint, String jti, long issuedAt) {
        MessageDigest digest = SHA_256.get();
        digest.update(thumbprint.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0); // a thumbprint is base64url: no NUL, so (thumbprint, jti) splits one way only
        byte[] hash = digest.digest(jti.getBytes(StandardCharsets.UTF_8));
        return new ProofId(toLong(hash, 0), toLong(hash, 8), issuedAt);
    }

    private static long toLong(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProofId other && other.high == high && other.low == low;
    }

    @Override
    public int hashCode() {
        return (int) (high ^ (high >>> 32));
    }
}
