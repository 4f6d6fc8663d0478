package dev.portcullis.core.internal;

import java.time.Instant;

/** RFC 7519 NumericDate arithmetic that cannot overflow. */
final class NumericDate {
    /** Bounds that {@link Instant} can represent, in epoch seconds. */
    private static final long MIN = Instant.MIN.getEpochSecond();

    private static final long MAX = Instant.MAX.getEpochSecond();

    private NumericDate() {}

    /** Whole seconds of a JSON number (fractions dropped), clamped to the Instant range. */
    static long seconds(Number n) {
        if (n instanceof Long || n instanceof Integer) {
            return clamp(n.longValue());
        }
        double d = n.doubleValue();
        if (Double.isNaN(d)) {
            return MIN;
        }
        if (d >= MAX) {
            return MAX;
        }
        if (d <= MIN) {
            return MIN;
        }
        return (long) Math.floor(d);
    }

    static long plus(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }

    static Instant instant(long seconds) {
        return Instant.ofEpochSecond(clamp(seconds));
    }

    private static long clamp(long s) {
        return Math.max(MIN, Math.min(MAX, s));
    }
}
