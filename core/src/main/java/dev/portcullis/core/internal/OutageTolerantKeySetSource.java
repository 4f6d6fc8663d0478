package dev.portcullis.core.internal;

import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Outage tolerance: when a fetch fails, hands up the last keys that were fetched successfully
 * instead of the failure, for as long as they are within the outage tolerance past their refresh
 * time. Also the one place that tells operators about outages: one WARN when fetches start
 * failing, one INFO when they succeed again (and the listeners' outage events), whatever the
 * number of failed attempts in between, which are logged at DEBUG. Never logs a stack trace.
 */
final class OutageTolerantKeySetSource implements KeySetSource {
    private static final System.Logger LOG = System.getLogger("dev.portcullis.jwks");

    private final KeySetSource delegate;
    private final Ticker ticker;
    private final long toleranceNanos;
    private final KeySetEvents events;
    private final Supplier<String> location;

    private final Object lock = new Object();
    private KeySnapshot lastGood; // guarded by lock
    private boolean failing; // guarded by lock
    private long failingSince; // guarded by lock
    private boolean droppedReported; // guarded by lock

    /**
     * @param outageTolerance how long past their refresh time the last good keys stay in use
     * @param location where the keys come from, for logs
     */
    OutageTolerantKeySetSource(
            KeySetSource delegate,
            Ticker ticker,
            Duration outageTolerance,
            KeySetEvents events,
            Supplier<String> location) {
        this.delegate = delegate;
        this.ticker = ticker;
        this.toleranceNanos = outageTolerance.toNanos();
        this.events = events;
        this.location = location;
    }

    @Override
    public CompletableFuture<KeySnapshot> fetch() {
        return delegate.fetch().handle((fetched, error) -> {
            if (error == null) {
                return succeeded(fetched);
            }
            FetchFailure.Exception failure = FetchFailure.unwrap(error);
            if (failure.kind == FetchFailure.CLOSED) {
                throw failure.completion();
            }
            KeySnapshot fallback = failed(failure);
            if (fallback == null) {
                throw failure.completion();
            }
            return fallback;
        });
    }

    private KeySnapshot succeeded(KeySnapshot fetched) {
        KeySnapshot good = fetched.tolerating(toleranceNanos);
        long outageNanos = -1;
        synchronized (lock) {
            lastGood = good;
            if (failing) {
                failing = false;
                outageNanos = Math.max(0, ticker.read() - failingSince);
            }
        }
        if (outageNanos >= 0) {
            Duration outage = Duration.ofNanos(outageNanos);
            LOG.log(
                    System.Logger.Level.INFO,
                    "Keys of issuer {0} fetched again from {1} after an outage of {2}",
                    events.issuerName(),
                    location.get(),
                    Durations.describe(outage));
            events.outageEnded(outage);
        }
        return good;
    }

    /** The keys to use despite {@code failure}, or null if there are none within the tolerance. */
    private KeySnapshot failed(FetchFailure.Exception failure) {
        long now = ticker.read();
        KeySnapshot fallback;
        boolean started = false;
        boolean dropped = false;
        synchronized (lock) {
            if (!failing) {
                failing = true;
                failingSince = now;
                droppedReported = false;
                started = true;
            }
            fallback = lastGood != null && lastGood.usableAt(now) ? lastGood.despite(failure.getMessage()) : null;
            if (fallback == null && lastGood != null) {
                lastGood = null;
                dropped = !droppedReported;
                droppedReported = true;
            }
        }
        if (started) {
            String consequence = fallback != null
                    ? "the last known keys stay in use for up to "
                            + Durations.describe(Duration.ofNanos(fallback.usableUntil() - now))
                    : "no keys are known, so tokens of this issuer are answered as unavailable (503)";
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Fetching the keys of issuer {0} from {1} failed: {2}; {3}",
                    events.issuerName(),
                    location.get(),
                    failure.getMessage(),
                    consequence);
            if (failure.kind.kind != null) {
                events.outageStarted(failure.kind.kind);
            }
        } else if (dropped) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "The last known keys of issuer {0} are older than the outage"
                            + " tolerance and are no longer used; tokens of this issuer are answered as unavailable (503)"
                            + " until the keys can be fetched from {1} ({2})",
                    events.issuerName(),
                    location.get(),
                    failure.getMessage());
        } else {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "Fetching the keys of issuer {0} from {1} failed again: {2}",
                    events.issuerName(),
                    location.get(),
                    failure.getMessage());
        }
        return fallback;
    }

    @Override
    public long nextFetchAt() {
        return delegate.nextFetchAt();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
