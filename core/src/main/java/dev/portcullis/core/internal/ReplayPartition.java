package dev.portcullis.core.internal;

import dev.portcullis.core.dpop.DpopReplayStore.Verdict;

import java.util.Comparator;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The proofs of one key (one client) in the in-memory replay store, and its horizon: every proof of this key whose
 * {@code iat} is at or before the horizon was, or may have been, evicted unexpired, so it is answered
 * {@link Verdict#TOO_OLD} instead of being accepted again. The horizon only rises, to the {@code iat} of the proof
 * evicted; as eviction takes the oldest {@code iat} first, every remembered proof is newer than the horizon.
 * Not thread-safe: the store holds its monitor around every call.
 */
final class ReplayPartition {
    /** Its key in the store's map. */
    final String key;

    private final Set<ProofId> ids = new HashSet<>();
    private final PriorityQueue<ProofId> byIssuedAt = new PriorityQueue<>(Comparator.comparingLong(p -> p.issuedAt));
    /** Epoch ms; no proof of this key with an {@code iat} at or before it may be accepted. */
    private long horizon = Long.MIN_VALUE;
    /** Set when the store dropped this partition from its map; a caller holding it looks it up again. */
    boolean removed;
    /** How many proofs this partition gained (positive) or lost since the store last read and reset it. */
    int delta;
    /** {@link #size()} as of the end of the last call, for the store's search of the largest partition. */
    volatile int lastSize;
    /** The oldest remembered {@code iat} as of the end of the last call ({@link Long#MAX_VALUE} if none). */
    volatile long lastOldest = Long.MAX_VALUE;

    ReplayPartition(String key) {
        this.key = key;
    }

    /**
     * Judges {@code id}, remembering it if it is a first use.
     *
     * @param floor a horizon that applies to every key (see {@link InMemoryReplayStore})
     * @param share the most proofs this key may have remembered
     * @return the verdict; the change of the number of remembered proofs is reported through {@link #delta}
     */
    Verdict use(ProofId id, long floor, int share) {
        if (ids.contains(id)) {
            return Verdict.REPLAYED;
        }
        if (id.issuedAt <= Math.max(horizon, floor)) {
            return Verdict.TOO_OLD;
        }
        if (ids.size() >= share) {
            if (byIssuedAt.peek().issuedAt >= id.issuedAt) {
                // Making room would raise the horizon to this proof's iat: this key sent more than its share of
                // proofs within one iat; it is told to send a fresh one.
                return Verdict.TOO_OLD;
            }
            evictOldest();
        }
        ids.add(id);
        byIssuedAt.add(id);
        delta++;
        return Verdict.FIRST_USE;
    }

    /** Forgets the proofs whose window has passed ({@code iat + window <= now}); nothing is raised. */
    void purge(long now, long windowMillis) {
        while (!byIssuedAt.isEmpty() && byIssuedAt.peek().issuedAt <= now - windowMillis) {
            ids.remove(byIssuedAt.poll());
            delta--;
        }
    }

    /** Forgets the proof with the oldest {@code iat} and raises the horizon to it. */
    void evictOldest() {
        ProofId oldest = byIssuedAt.poll();
        ids.remove(oldest);
        horizon = Math.max(horizon, oldest.issuedAt);
        delta--;
    }

    int size() {
        return ids.size();
    }

    /** Reads and resets {@link #delta}, and publishes {@link #lastSize}; call before letting go of the monitor. */
    int takeDelta() {
        int d = delta;
        delta = 0;
        lastSize = ids.size();
        lastOldest = byIssuedAt.isEmpty() ? Long.MAX_VALUE : byIssuedAt.peek().issuedAt;
        return d;
    }

    long horizon() {
        return horizon;
    }
}
