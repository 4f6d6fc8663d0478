package dev.portcullis.core.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

/**
 * Stateless {@code DPoP-Nonce} values (RFC 9449 §8, §9): the nonce of a time step is the HMAC-SHA256,
 * under a key drawn at start-up, of the step's number, cut to 128 bits, base64url. The nonce of the
 * current step and that of the previous one are accepted, so a nonce lives one to two steps; nothing
 * is stored per client. Each step's pair is computed once and shared. Thread-safe.
 */
final class DpopNonces {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Clock clock;
    private final long stepMillis;
    private final SecretKeySpec key;
    private volatile Step step = new Step(Long.MIN_VALUE, "", "");

    /** One step's nonce and the previous step's. */
    private record Step(long number, String current, String previous) {}

    DpopNonces(Clock clock, Duration step) {
        this(clock, step, new SecureRandom());
    }

    DpopNonces(Clock clock, Duration step, SecureRandom random) {
        this.clock = clock;
        this.stepMillis = step.toMillis();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The nonce to hand out now. */
    String current() {
        return now().current();
    }

    /** Whether {@code nonce} was issued in this step or the previous one. */
    boolean accepts(String nonce) {
        if (nonce == null) {
            return false;
        }
        Step s = now();
        byte[] presented = nonce.getBytes(StandardCharsets.US_ASCII);
        // Both compared, in constant time, so the timing tells nothing of which matched.
        boolean current = MessageDigest.isEqual(presented, s.current().getBytes(StandardCharsets.US_ASCII));
        boolean previous = MessageDigest.isEqual(presented, s.previous().getBytes(StandardCharsets.US_ASCII));
        return current | previous;
    }

    /** The current nonce if {@code presented} is not it (it is of the previous step): the next nonce is due. */
    String nextDue(String presented) {
        String current = current();
        return current.equals(presented) ? null : current;
    }

    private Step now() {
        long number = Math.floorDiv(clock.millis(), stepMillis);
        Step s = step;
        if (s.number() != number) {
            s = new Step(number, nonce(number), nonce(number - 1));
            step = s; // racy but idempotent: every thread computes the same pair
        }
        return s;
    }

    private String nonce(long number) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] tag =
                    mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(number).array());
            return BASE64URL.encodeToString(Arrays.copyOf(tag, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
