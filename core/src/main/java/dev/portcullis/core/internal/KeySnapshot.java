package dev.portcullis.core.internal;

import dev.portcullis.core.KeySet;

/**
 * What the remote-key pipeline knows about one issuer's keys at one moment. Immutable. Times are
 * readings of the pipeline's ticker: nanoseconds of the injected clock.
 *
 * @param keys the keys to verify with, or null when there are none (never fetched, or dropped)
 * @param fetchedAt when the keys were fetched
 * @param refreshAt when they are due for a refresh: fetch time plus the publisher's
 *                  {@code Cache-Control: max-age} (clamped) or else the configured refresh interval
 * @param usableUntil when they are dropped if no newer keys could be had meanwhile
 * @param problem why the latest attempt to get keys failed (operator-facing, no token content),
 *                or null when it succeeded
 */
record KeySnapshot(KeySet keys, long fetchedAt, long refreshAt, long usableUntil, String problem) {

    /** Keys just fetched, fresh for {@code freshForNanos}, usable until then. */
    static KeySnapshot fetched(KeySet keys, long now, long freshForNanos) {
        long refreshAt = saturatedAdd(now, freshForNanos);
        return new KeySnapshot(keys, now, refreshAt, refreshAt, null);
    }

    /** No keys, because of {@code problem}. */
    static KeySnapshot none(String problem) {
        return new KeySnapshot(null, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, problem);
    }

    /** These keys, kept in use for {@code toleranceNanos} past their refresh time. */
    KeySnapshot tolerating(long toleranceNanos) {
        return new KeySnapshot(keys, fetchedAt, refreshAt, saturatedAdd(refreshAt, toleranceNanos), problem);
    }

    /** These keys, served although the latest fetch failed with {@code why}. */
    KeySnapshot despite(String why) {
        return new KeySnapshot(keys, fetchedAt, refreshAt, usableUntil, why);
    }

    boolean hasKeys() {
        return keys != null;
    }

    /** Keys from a fetch that succeeded, the latest attempt. */
    boolean healthy() {
        return keys != null && problem == null;
    }

    boolean usableAt(long now) {
        return keys != null && now < usableUntil;
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }
}
