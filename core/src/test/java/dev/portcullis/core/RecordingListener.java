package dev.portcullis.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** Records key-set events, in order, and lets a test wait for one without sleeping. */
final class RecordingListener implements KeySetListener {

    /** One event: its method name, the issuer name, and its arguments in a comparable form. */
    record Event(String type, String issuer, Object detail) {}

    private final List<Event> events = new ArrayList<>();

    @Override
    public void fetchSucceeded(String issuerName, int keyCount, Duration duration) {
        add(new Event("fetchSucceeded", issuerName, keyCount));
    }

    @Override
    public void fetchFailed(String issuerName, FailureKind kind) {
        add(new Event("fetchFailed", issuerName, kind));
    }

    @Override
    public void outageStarted(String issuerName, FailureKind kind) {
        add(new Event("outageStarted", issuerName, kind));
    }

    @Override
    public void outageEnded(String issuerName, Duration outage) {
        add(new Event("outageEnded", issuerName, outage));
    }

    @Override
    public void refetchSuppressed(String issuerName, Duration retryAfter) {
        add(new Event("refetchSuppressed", issuerName, retryAfter));
    }

    @Override
    public void keySetChanged(String issuerName, Set<String> addedKeyIds, Set<String> removedKeyIds) {
        add(new Event(
                "keySetChanged", issuerName, "+" + new TreeSet<>(addedKeyIds) + " -" + new TreeSet<>(removedKeyIds)));
    }

    private synchronized void add(Event event) {
        events.add(event);
        notifyAll();
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The events other than refetchSuppressed (which floods produce by the thousand). */
    synchronized List<Event> eventsExceptSuppressed() {
        return events.stream()
                .filter(e -> !e.type().equals("refetchSuppressed"))
                .toList();
    }

    synchronized long count(String type) {
        return events.stream().filter(e -> e.type().equals(type)).count();
    }

    synchronized void clear() {
        events.clear();
    }

    /** Waits until at least {@code n} events of {@code type} were seen; false on timeout. */
    synchronized boolean await(String type, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(type) < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
