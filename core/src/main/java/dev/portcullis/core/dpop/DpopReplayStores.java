package dev.portcullis.core.dpop;

import dev.portcullis.core.internal.CoreInternals;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link DpopReplayStore}s core provides. A store shared by a cluster comes from {@code portcullis-jcache}.
 *
 * <pre>{@code
 * DpopReplayStore store = DpopReplayStores.inMemory(Duration.ofSeconds(120), 100_000, Clock.systemUTC());
 * }</pre>
 */
public final class DpopReplayStores {
    /** The longest window accepted: a replay store is not a log. */
    private static final Duration MAX_WINDOW = Duration.ofHours(1);

    private DpopReplayStores() {}

    /**
     * A store in this JVM, bounded to {@code capacity} proofs, each key to a tenth of it (at least one).
     * See {@link #inMemory(Duration, int, int, Clock)}.
     */
    public static DpopReplayStore inMemory(Duration window, int capacity, Clock clock) {
        return inMemory(window, capacity, Math.max(1, capacity / 10), clock);
    }

    /**
     * A store in this JVM. Each proof is remembered until {@code window} after its {@code iat}, and is answered
     * {@link DpopReplayStore.Verdict#TOO_OLD} after that (or after its {@code expiresAt}, if earlier): pass the
     * proof window plus the clock-skew leeway. Memory is bounded: at most {@code capacity} proofs (about 120 bytes
     * each), at most {@code perKeyCapacity} of them per key thumbprint. When a key needs more room, its own
     * oldest proofs are forgotten and that key's proofs as old as those are answered {@code TOO_OLD} from then on, so
     * a forgotten proof is never accepted twice, another key's proofs are never forgotten to make room, and fresh
     * proofs are still accepted. Size {@code capacity} by the window and the request rate (window in seconds times
     * requests per second), {@code perKeyCapacity} above one client's requests per second.
     *
     * @throws IllegalArgumentException if the window is not positive or over an hour, or a capacity is below one or
     *                                  the per-key one is above the total
     */
    public static DpopReplayStore inMemory(Duration window, int capacity, int perKeyCapacity, Clock clock) {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(clock, "clock");
        if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException(
                    "DPoP replay window: more than 0 and at most 1 h expected, was " + window);
        }
        if (capacity < 1 || perKeyCapacity < 1 || perKeyCapacity > capacity) {
            throw new IllegalArgumentException("DPoP replay store: capacity >= 1 and 1 <= per-key capacity <= capacity"
                    + " expected, were " + capacity + " and " + perKeyCapacity);
        }
        return CoreInternals.inMemoryReplayStore(window, capacity, perKeyCapacity, clock);
    }
}
