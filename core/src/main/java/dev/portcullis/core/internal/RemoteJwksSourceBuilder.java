package dev.portcullis.core.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.portcullis.core.JwksSource;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Builds the key source of one remote issuer: the only way to assemble the pipeline, always in
 * this order, each layer one behaviour:
 *
 * <pre>
 * CachingJwksSource             Caffeine cache, refresh-ahead, single flight, bounded waits
 *   RateLimitedKeySetSource     at most one fetch per minimum refetch interval
 *     OutageTolerantKeySetSource  last good keys through failures; outage logs and events
 *       JwksFetcher                 HTTP(S) GET (+ discovery), limits, parsing, fetch events
 * </pre>
 *
 * All intervals run on the injected clock (as a Caffeine {@link Ticker}); network timeouts run on
 * real time. There is no separate retry layer: the JDK client already retries an idempotent GET
 * once when a reused connection drops, and beyond that a failing provider is retried once per
 * minimum refetch interval, on demand.
 */
final class RemoteJwksSourceBuilder {
    private final String issuerName;
    private URI jwksUri;
    private String discoveryIssuer;
    private Clock clock = Clock.systemUTC();
    private Duration refreshInterval = Duration.ofMinutes(10);
    private Duration minRefetchInterval = Duration.ofSeconds(10);
    private Duration outageTolerance = Duration.ofHours(24);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration fetchTimeout = Duration.ofSeconds(5);
    private KeySetEvents events = KeySetEvents.NONE;
    private boolean warmUp;
    private DiscoveredEndpoints discovered = new DiscoveredEndpoints();

    private RemoteJwksSourceBuilder(String issuerName) {
        this.issuerName = issuerName;
    }

    /** A builder for the keys of the issuer named {@code issuerName} (for logs and events). */
    static RemoteJwksSourceBuilder forIssuer(String issuerName) {
        if (issuerName == null || issuerName.isBlank()) {
            throw new IllegalArgumentException("an issuer name is required");
        }
        return new RemoteJwksSourceBuilder(issuerName);
    }

    /** Fetch the JWK Set from this URL. */
    RemoteJwksSourceBuilder jwksUri(URI uri) {
        if (discoveryIssuer != null) {
            throw new IllegalStateException("discovery for " + discoveryIssuer + " was already set; give a JWK Set URL"
                    + " or discovery, not both");
        }
        this.jwksUri = Objects.requireNonNull(uri, "uri");
        return this;
    }

    /** Discover the JWK Set URL from {@code <issuer>/.well-known/openid-configuration}. */
    RemoteJwksSourceBuilder discovery(String issuer) {
        if (jwksUri != null) {
            throw new IllegalStateException(
                    "the JWK Set URL " + jwksUri + " was already set; give a JWK Set URL" + " or discovery, not both");
        }
        this.discoveryIssuer = Objects.requireNonNull(issuer, "issuer");
        return this;
    }

    RemoteJwksSourceBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    RemoteJwksSourceBuilder refreshInterval(Duration d) {
        this.refreshInterval = positive("refresh interval", d);
        return this;
    }

    RemoteJwksSourceBuilder minRefetchInterval(Duration d) {
        this.minRefetchInterval = nonNegative("minimum refetch interval", d);
        return this;
    }

    RemoteJwksSourceBuilder outageTolerance(Duration d) {
        this.outageTolerance = nonNegative("outage tolerance", d);
        return this;
    }

    RemoteJwksSourceBuilder connectTimeout(Duration d) {
        this.connectTimeout = positive("connect timeout", d);
        return this;
    }

    RemoteJwksSourceBuilder fetchTimeout(Duration d) {
        this.fetchTimeout = positive("fetch timeout", d);
        return this;
    }

    RemoteJwksSourceBuilder events(KeySetEvents events) {
        this.events = Objects.requireNonNull(events, "events");
        return this;
    }

    /** Where the discovery document's other endpoints (introspection) are kept when it is read. */
    RemoteJwksSourceBuilder discovered(DiscoveredEndpoints endpoints) {
        this.discovered = Objects.requireNonNull(endpoints, "endpoints");
        return this;
    }

    /** Start the first fetch in the background as soon as the source is built. */
    RemoteJwksSourceBuilder warmUp(boolean warmUp) {
        this.warmUp = warmUp;
        return this;
    }

    /** Assembles the pipeline; starts no fetch unless warm-up was asked for, and never waits for one. */
    JwksSource build() {
        if (jwksUri == null && discoveryIssuer == null) {
            throw new IllegalStateException("issuer '" + issuerName + "': a JWK Set URL or discovery is required");
        }
        if (connectTimeout.compareTo(fetchTimeout) > 0) {
            throw new IllegalStateException("issuer '" + issuerName + "': the connect timeout (" + connectTimeout
                    + ") must not exceed the fetch timeout (" + fetchTimeout + ")");
        }
        Ticker ticker = ticker(clock);
        KeySetEvents issuerEvents = events.forIssuer(issuerName);
        HttpClients http = HttpClients.create("portcullis-jwks-" + issuerName, connectTimeout);
        JwksFetcher fetcher = new JwksFetcher(
                http.client(),
                http.executor(),
                ticker,
                fetchTimeout,
                refreshInterval,
                issuerEvents,
                discoveryIssuer,
                jwksUri,
                discovered);
        KeySetSource tolerant =
                new OutageTolerantKeySetSource(fetcher, ticker, outageTolerance, issuerEvents, fetcher::describe);
        KeySetSource limited = new RateLimitedKeySetSource(tolerant, ticker, minRefetchInterval, issuerEvents);
        CachingJwksSource source = new CachingJwksSource(limited, ticker, fetchTimeout, issuerEvents);
        if (warmUp) {
            source.warmUp();
        }
        return source;
    }

    /**
     * The clock as a Caffeine ticker: nanoseconds since the epoch, in whole milliseconds
     * ({@link Clock#millis()}: no {@link Instant} per read; the cache reads it on every lookup, and
     * nothing it times needs finer steps).
     */
    static Ticker ticker(Clock clock) {
        return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }

    private static Duration positive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }

    private static Duration nonNegative(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + d);
        }
        return d;
    }
}
