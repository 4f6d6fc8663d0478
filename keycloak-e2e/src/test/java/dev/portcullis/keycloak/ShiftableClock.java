package dev.portcullis.keycloak;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock plus an offset the test moves forward. Keycloak stamps {@code iat} with real time,
 * so a validator's clock cannot stand still like the testkit's {@code MutableClock} during a test that
 * takes seconds; instead the test jumps over intervals (minimum refetch, refresh) it must not wait for.
 */
final class ShiftableClock extends Clock {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Moves this clock ahead of the system clock by another {@code amount}. */
    void shift(Duration amount) {
        offset.updateAndGet(current -> current.plus(amount));
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public String toString() {
        return "ShiftableClock[system + " + offset.get() + "]";
    }
}
