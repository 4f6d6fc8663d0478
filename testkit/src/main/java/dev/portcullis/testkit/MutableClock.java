package dev.portcullis.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that only moves when told to, so tests can move time instead of sleeping. Pass the same instance
 * to the {@link LocalIdp} and to the code under test.
 *
 * <p>Thread-safe: reads and updates are atomic. The zone is UTC.
 *
 * @since 0.1.0
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * A clock standing at the given instant.
     *
     * @param instant the initial instant
     * @return a new clock in UTC
     */
    public static MutableClock at(Instant instant) {
        return new MutableClock(new AtomicReference<>(Objects.requireNonNull(instant, "instant")), ZoneOffset.UTC);
    }

    /** @return the current instant of this clock */
    @Override
    public Instant instant() {
        return now.get();
    }

    /**
     * Moves the clock by the given amount; negative amounts move it back.
     *
     * @param amount how far to move
     * @return the new instant
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        return now.updateAndGet(current -> current.plus(amount));
    }

    /**
     * Sets the clock to the given instant.
     *
     * @param instant the new instant
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /** @return UTC, unless this clock was obtained from {@link #withZone(ZoneId)} */
    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * A view of this clock in another zone; it shares the instant, so advancing either moves both.
     *
     * @param zone the zone
     * @return the view
     */
    @Override
    public MutableClock withZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return zone.equals(this.zone) ? this : new MutableClock(now, zone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + ", " + zone + "]";
    }
}
