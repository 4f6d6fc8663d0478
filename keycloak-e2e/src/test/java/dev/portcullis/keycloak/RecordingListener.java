package dev.portcullis.keycloak;

import dev.portcullis.core.KeySetListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a validator's key fetches and remembers its key-set events. We cannot count the requests
 * Keycloak receives, so the validator's own account of its fetches stands in for that.
 */
final class RecordingListener implements KeySetListener {
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicInteger failedFetches = new AtomicInteger();
    private final List<String> events = new ArrayList<>();
    private final Set<String> removed = new HashSet<>();

    /** Successful key fetches so far. */
    int fetches() {
        return fetches.get();
    }

    /** Failed key fetches so far. */
    int failedFetches() {
        return failedFetches.get();
    }

    /** Outages, rotations and suppressed refetches, in order, e.g. {@code changed +[k2] -[]}. */
    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** Waits until a fetch shows {@code kid} gone from the key set. */
    synchronized boolean awaitRemoved(String kid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!removed.contains(kid)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    @Override
    public void fetchSucceeded(String issuerName, int keyCount, Duration duration) {
        fetches.incrementAndGet();
    }

    @Override
    public void fetchFailed(String issuerName, FailureKind kind) {
        failedFetches.incrementAndGet();
    }

    @Override
    public synchronized void outageStarted(String issuerName, FailureKind kind) {
        events.add("outage started " + kind);
    }

    @Override
    public synchronized void outageEnded(String issuerName, Duration outage) {
        events.add("outage ended");
    }

    @Override
    public synchronized void refetchSuppressed(String issuerName, Duration retryAfter) {
        events.add("refetch suppressed");
    }

    @Override
    public synchronized void keySetChanged(String issuerName, Set<String> addedKeyIds, Set<String> removedKeyIds) {
        events.add("changed +" + addedKeyIds + " -" + removedKeyIds);
        removed.addAll(removedKeyIds);
        notifyAll();
    }
}
