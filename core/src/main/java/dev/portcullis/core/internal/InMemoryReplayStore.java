package dev.portcullis.core.internal;

import dev.portcullis.core.dpop.DpopReplayStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The default {@link DpopReplayStore}: bounded, and its bound is neither flushable nor fillable.
 *
 * <ul>
 *   <li>Every proof is remembered until its window has passed ({@code iat + window}); after that it is
 *       {@link Verdict#TOO_OLD} anyway, so forgetting it lets nothing through.</li>
 *   <li>Proofs are kept per key thumbprint ({@link ReplayPartition}); a key has at most {@code perKey} of them. A key
 *       over its share evicts its own oldest proof (oldest {@code iat}) and raises its own horizon: its proofs at or
 *       before the horizon are {@link Verdict#TOO_OLD}, so no evicted proof can be replayed, while its fresh proofs
 *       (newer {@code iat}) are still accepted. Another key's proofs are untouched (not flushable by a neighbour).</li>
 *   <li>All keys together hold at most {@code capacity} proofs: past it, the store first forgets expired proofs, then
 *       evicts the oldest proof of the largest partition (of equally large ones, the one with the oldest proof),
 *       raising that key's horizon (not fillable: nobody is refused because the store is full, only proofs as old
 *       as an evicted one are).</li>
 *   <li>An empty partition whose horizon is still within the window is kept, so that its horizon is not lost; when
 *       there are more partitions than {@code capacity}, such partitions are dropped and their horizon is folded into
 *       one floor that applies to every key.</li>
 * </ul>
 * A key that sends more than {@code perKey} proofs with the same {@code iat} is answered {@link Verdict#TOO_OLD} for
 * the excess (making room would need a horizon at that very {@code iat}); with whole-second {@code iat}s, size
 * {@code perKey} above a client's requests per second.
 */
final class InMemoryReplayStore implements DpopReplayStore {
    /** Past a bound, the whole store is swept of expired proofs at most this often (or when partitions are too many). */
    private static final long SWEEP_INTERVAL_MILLIS = 1_000;

    private final long windowMillis;
    private final int capacity;
    private final int perKey;
    private final Clock clock;
    private final Map<String, ReplayPartition> partitions = new ConcurrentHashMap<>();
    private final AtomicInteger remembered = new AtomicInteger();
    /** A horizon for every key (epoch ms), raised only when partitions with a live horizon had to be dropped. */
    private final AtomicLong floor = new AtomicLong(Long.MIN_VALUE);

    private final ReentrantLock reclaiming = new ReentrantLock();
    /** Clock millis of the last sweep of every partition; guarded by {@link #reclaiming}. */
    private long lastSweep = Long.MIN_VALUE / 2;

    InMemoryReplayStore(Duration window, int capacity, int perKey, Clock clock) {
        this.windowMillis = window.toMillis();
        this.capacity = capacity;
        this.perKey = perKey;
        this.clock = clock;
    }

    @Override
    public Verdict use(String keyThumbprint, String jti, Instant issuedAt, Instant expiresAt) {
        if (keyThumbprint == null || jti == null || issuedAt == null || expiresAt == null) {
            return Verdict.TOO_OLD; // nothing this store could vouch for
        }
        try {
            long now = clock.millis();
            long iat = millis(issuedAt);
            if (now >= Math.min(millis(expiresAt), saturatedAdd(iat, windowMillis))) {
                return Verdict.TOO_OLD;
            }
            ProofId id = ProofId.of(keyThumbprint, jti, iat);
            String partitionKey = partitionKey(keyThumbprint);
            Verdict verdict;
            while (true) {
                ReplayPartition partition = partitions.computeIfAbsent(partitionKey, ReplayPartition::new);
                synchronized (partition) {
                    if (partition.removed) {
                        continue; // dropped by a reclaim meanwhile: use the one in the map
                    }
                    partition.purge(now, windowMillis);
                    verdict = partition.use(id, floor.get(), perKey);
                    remembered.addAndGet(partition.takeDelta());
                }
                break;
            }
            if (remembered.get() > capacity || partitions.size() > capacity) {
                reclaim(now);
            }
            return verdict;
        } catch (RuntimeException e) {
            return Verdict.UNAVAILABLE; // never throws; a defect here fails closed
        }
    }

    /** How many proofs are remembered (for tests and the benchmark's sanity check). */
    int size() {
        return remembered.get();
    }

    /** How many partitions are kept. */
    int partitions() {
        return partitions.size();
    }

    /**
     * Back under the bounds: forget expired proofs, drop dead partitions, then evict from the largest partitions.
     * It scans every partition, so it runs only past a bound and one caller at a time; past the bound, a scan per new
     * proof is the cost of more live keys than the store was sized for.
     */
    private void reclaim(long now) {
        if (!reclaiming.tryLock()) {
            return; // another caller is at it
        }
        try {
            if (now - lastSweep >= SWEEP_INTERVAL_MILLIS) {
                sweep(now, false);
            }
            while (remembered.get() > capacity) {
                ReplayPartition largest = largest();
                if (largest == null) {
                    return;
                }
                synchronized (largest) {
                    if (!largest.removed && largest.size() > 0) {
                        largest.evictOldest();
                    }
                    remembered.addAndGet(largest.takeDelta());
                    if (largest.size() == 0 && partitions.size() > capacity) {
                        drop(largest, true);
                    }
                }
            }
            if (partitions.size() > capacity) {
                sweep(now, true);
            }
        } finally {
            reclaiming.unlock();
        }
    }

    /** Forgets expired proofs everywhere and drops empty partitions whose horizon is dead (or, if too many, all). */
    private void sweep(long now, boolean tooManyPartitions) {
        lastSweep = now;
        partitions.values().forEach(partition -> {
            synchronized (partition) {
                partition.purge(now, windowMillis);
                remembered.addAndGet(partition.takeDelta());
                boolean horizonDead = partition.horizon() <= now - windowMillis;
                if (partition.size() == 0 && (horizonDead || tooManyPartitions)) {
                    drop(partition, !horizonDead);
                }
            }
        });
    }

    /** Drops an empty partition (its monitor held), its horizon folded into the floor if it is still live. */
    private void drop(ReplayPartition partition, boolean horizonLive) {
        if (horizonLive) {
            floor.accumulateAndGet(partition.horizon(), Math::max);
        }
        partition.removed = true;
        partitions.remove(partition.key, partition);
    }

    private ReplayPartition largest() {
        ReplayPartition largest = null;
        for (ReplayPartition p : partitions.values()) {
            if (largest == null
                    || p.lastSize > largest.lastSize
                    || p.lastSize == largest.lastSize && p.lastOldest < largest.lastOldest) {
                largest = p;
            }
        }
        return largest == null || largest.lastSize == 0 ? null : largest;
    }

    /** The thumbprint itself when it is as short as a SHA-256 one (base64url, 43 characters), else a hash of it. */
    private static String partitionKey(String thumbprint) {
        if (thumbprint.length() <= 64) {
            return thumbprint;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(thumbprint.getBytes(StandardCharsets.UTF_8));
            return "#" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static long millis(Instant t) {
        if (t.getEpochSecond() > Long.MAX_VALUE / 1000 - 1) {
            return Long.MAX_VALUE;
        }
        if (t.getEpochSecond() < Long.MIN_VALUE / 1000 + 1) {
            return Long.MIN_VALUE + 1;
        }
        return t.toEpochMilli();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
