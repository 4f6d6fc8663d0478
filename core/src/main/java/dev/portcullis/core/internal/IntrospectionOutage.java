package dev.portcullis.core.internal;

import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;

/**
 * One issuer's introspection outage: after a failed call no call is made for the retry interval (5 s, or
 * the minimum refetch interval of the keys if shorter; requests
 * meanwhile are answered at once, as the outage policy says), one WARN when calls start failing, one INFO
 * when one succeeds again, DEBUG in between. Thread-safe.
 */
final class IntrospectionOutage {
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger("dev.portcullis.introspection");

    private final String issuerName;
    private final Ticker ticker;
    private final String consequence;
    private final long retryNanos;
    private long failingSince; // guarded by this
    private volatile boolean failing;
    private volatile long nextCallAt = Long.MIN_VALUE;
    private volatile String lastFailure;

    /** @param consequence what an outage means for requests, for the WARN line */
    IntrospectionOutage(String issuerName, Ticker ticker, String consequence, Duration minRefetchInterval) {
        this.retryNanos = Math.min(RETRY_AFTER.toNanos(), minRefetchInterval.toNanos());
        this.issuerName = issuerName;
        this.ticker = ticker;
        this.consequence = consequence;
    }

    /** Null if a call may be made now, else how long until one may. */
    Duration backingOff() {
        long wait = nextCallAt - ticker.read();
        return failing && wait > 0 ? Duration.ofNanos(wait) : null;
    }

    boolean failing() {
        return failing;
    }

    /** The last failure's detail, while failing. */
    String lastFailure() {
        return lastFailure;
    }

    void failed(IntrospectionException e, String endpoint) {
        long now = ticker.read();
        boolean started;
        synchronized (this) {
            started = !failing;
            if (started) {
                failingSince = now;
                failing = true;
            }
            nextCallAt = KeySnapshot.saturatedAdd(now, retryNanos);
            lastFailure = e.kind + ": " + e.getMessage();
        }
        if (started) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Introspection of tokens of issuer {0} at {1} failed ({2}: {3}); {4}",
                    issuerName,
                    endpoint,
                    e.kind,
                    e.getMessage(),
                    consequence);
        } else {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "Introspection of tokens of issuer {0} at {1} failed again ({2}: {3})",
                    issuerName,
                    endpoint,
                    e.kind,
                    e.getMessage());
        }
    }

    void succeeded(String endpoint) {
        if (!failing) {
            return;
        }
        long outage;
        synchronized (this) {
            if (!failing) {
                return;
            }
            failing = false;
            lastFailure = null;
            outage = Math.max(0, ticker.read() - failingSince);
        }
        LOG.log(
                System.Logger.Level.INFO,
                "Introspection of tokens of issuer {0} at {1} answers again after an outage of {2}",
                issuerName,
                endpoint,
                Durations.describe(Duration.ofNanos(outage)));
    }
}
