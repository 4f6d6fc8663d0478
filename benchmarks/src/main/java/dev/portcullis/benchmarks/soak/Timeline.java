package dev.portcullis.benchmarks.soak;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the identity provider did and when, in {@link System#nanoTime()} terms: when each key became the signing
 * key, and the outage. The tally asks it whether a 503 was one the rules allow.
 */
final class Timeline {
    /**
     * How long after a rotation a 503 for a token of the new key is the cooldown of issue 27: the validator's
     * minimum refetch interval (10 s by default) plus slack for Retry-After rounding and request latency.
     */
    static final Duration NEW_KEY_WINDOW = Duration.ofSeconds(25);
    /** After the provider is back, a 503 still counts as the outage's for this long. */
    static final Duration OUTAGE_TAIL = Duration.ofSeconds(15);

    private final Map<String, Long> activatedAt = new ConcurrentHashMap<>();
    private volatile long outageStart = Long.MAX_VALUE;
    private volatile long outageEnd = Long.MAX_VALUE;

    void keyActivated(String kid, long nanos) {
        activatedAt.put(kid, nanos);
    }

    void outageStarted(long nanos) {
        outageStart = nanos;
    }

    void outageEnded(long nanos) {
        outageEnd = nanos;
    }

    boolean idpDown() {
        return outageStart != Long.MAX_VALUE && outageEnd == Long.MAX_VALUE;
    }

    /** Whether a request sent at {@code sentNanos} with a token of {@code kid} fell in that key's cooldown. */
    boolean inNewKeyWindow(String kid, long sentNanos) {
        Long at = kid == null ? null : activatedAt.get(kid);
        return at != null && sentNanos - at >= 0 && sentNanos - at < NEW_KEY_WINDOW.toNanos();
    }

    /** Whether a request sent at {@code sentNanos} fell in the outage (or just after it). */
    boolean inOutage(long sentNanos) {
        long start = outageStart;
        if (start == Long.MAX_VALUE || sentNanos < start) {
            return false;
        }
        long end = outageEnd;
        return end == Long.MAX_VALUE || sentNanos < end + OUTAGE_TAIL.toNanos();
    }
}
