package dev.portcullis.core.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.portcullis.core.KeySet;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bottom layer: fetches one JWK Set over HTTP with the JDK client. Only the configured URL is
 * requested (no redirects), within the fetch timeout in total and 512 KiB of body; the answer must
 * be a JWK Set with at least one usable key. With discovery, the JWK Set URL is read first from
 * {@code <issuer>/.well-known/openid-configuration}, whose {@code issuer} must equal the configured
 * one; a failed discovery is done again on the next fetch, and so is a successful one after the JWK
 * Set URL answered with an error status (the provider may have moved it). Reports each fetch to the
 * listeners; logs nothing (the outage layer does).
 */
final class JwksFetcher implements KeySetSource {
    static final int MAX_BODY_BYTES = 512 * 1024;
    static final Duration MIN_MAX_AGE = Duration.ofMinutes(1);
    static final Duration MAX_MAX_AGE = Duration.ofHours(24);

    private final HttpClient client;
    private final ExecutorService executor;
    private final Ticker ticker;
    private final Duration fetchTimeout;
    private final long refreshNanos;
    private final KeySetEvents events;
    private final String issuer;
    private final URI configuredJwksUri;
    private final DiscoveredEndpoints discovered;
    private volatile URI discoveredJwksUri;
    private volatile boolean closed;

    /**
     * @param jwksUri the JWK Set URL, or null to discover it from {@code issuer}
     * @param refreshInterval how long keys stay fresh when the answer has no {@code max-age}
     */
    JwksFetcher(
            HttpClient client,
            ExecutorService executor,
            Ticker ticker,
            Duration fetchTimeout,
            Duration refreshInterval,
            KeySetEvents events,
            String issuer,
            URI jwksUri,
            DiscoveredEndpoints discovered) {
        if (jwksUri == null && issuer == null) {
            throw new IllegalArgumentException("a JWK Set URL or an issuer to discover it from is required");
        }
        this.client = client;
        this.executor = executor;
        this.ticker = ticker;
        this.fetchTimeout = fetchTimeout;
        this.refreshNanos = refreshInterval.toNanos();
        this.events = events;
        this.issuer = issuer;
        this.configuredJwksUri = jwksUri;
        this.discovered = discovered;
    }

    /** Where the keys come from, for logs. */
    String describe() {
        if (configuredJwksUri != null) {
            return configuredJwksUri.toString();
        }
        URI discovered = discoveredJwksUri;
        return discovered != null ? discovered.toString() : discoveryUri().toString();
    }

    @Override
    public CompletableFuture<KeySnapshot> fetch() {
        if (closed) {
            return CompletableFuture.failedFuture(new FetchFailure.Exception(FetchFailure.CLOSED, null));
        }
        long started = System.nanoTime(); // a measurement of the fetch, not a policy interval
        long deadline = started + fetchTimeout.toNanos();
        Instant fetchStart = Instant.ofEpochSecond(0, ticker.read()); // the policy clock: stamped on the keys
        CompletableFuture<KeySnapshot> fetch;
        try {
            // Leave the caller's thread first: a request that triggers a refresh never waits for it.
            fetch = CompletableFuture.completedFuture(deadline)
                    .thenComposeAsync(this::jwksUri, executor)
                    .thenCompose(uri -> jwks(uri, deadline, fetchStart));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new FetchFailure.Exception(FetchFailure.CLOSED, null));
        }
        return fetch.whenComplete((snapshot, error) -> {
            if (error == null) {
                events.fetchSucceeded(snapshot.keys().keys().size(), Duration.ofNanos(System.nanoTime() - started));
            } else {
                FetchFailure.Exception failure = FetchFailure.unwrap(error);
                if (failure.kind.kind != null) {
                    events.fetchFailed(failure.kind.kind);
                }
            }
        });
    }

    private CompletableFuture<KeySnapshot> jwks(URI uri, long deadline, Instant fetchStart) {
        return send(uri, deadline, false).thenApply(response -> {
            KeySet keys;
            try {
                keys = KeySet.parse(response.body());
            } catch (IllegalArgumentException e) {
                throw new FetchFailure.Exception(FetchFailure.NOT_A_JWK_SET, e.getMessage()).completion();
            }
            if (keys.isEmpty()) {
                throw new FetchFailure.Exception(
                                FetchFailure.NO_USABLE_KEYS, keys.ignoredEntries() + " entries ignored")
                        .completion();
            }
            long freshFor = maxAge(response).map(Duration::toNanos).orElse(refreshNanos);
            return KeySnapshot.fetched(keys.withFetchStart(fetchStart), ticker.read(), freshFor);
        });
    }

    private CompletableFuture<URI> jwksUri(long deadline) {
        if (configuredJwksUri != null) {
            return CompletableFuture.completedFuture(configuredJwksUri);
        }
        URI known = discoveredJwksUri;
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return send(discoveryUri(), deadline, true).thenApply(response -> {
            Map<String, Object> doc = JsonParser.parseObject(response.body()); // strict, as tokens are read
            if (doc == null) {
                throw discoveryFailure("not JSON");
            }
            if (!issuer.equals(doc.get("issuer"))) {
                throw discoveryFailure("its issuer differs from the configured one");
            }
            Object jwks = doc.get("jwks_uri");
            URI uri;
            try {
                uri = jwks instanceof String s ? URI.create(s) : null;
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null
                    || uri.getScheme() == null
                    || !(uri.getScheme().equalsIgnoreCase("https")
                            || uri.getScheme().equalsIgnoreCase("http"))) {
                throw discoveryFailure("no usable jwks_uri");
            }
            discoveredJwksUri = uri;
            discovered.discovered(doc.get("introspection_endpoint"));
            return uri;
        });
    }

    private static CompletionException discoveryFailure(String why) {
        return new FetchFailure.Exception(FetchFailure.DISCOVERY, why).completion();
    }

    URI discoveryUri() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + "/.well-known/openid-configuration");
    }

    /** One GET within what is left of the fetch's time; a status other than 200 fails it. */
    private CompletableFuture<HttpResponse<String>> send(URI uri, long deadline, boolean discovery) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return CompletableFuture.failedFuture(
                    new FetchFailure.Exception(FetchFailure.TIMEOUT, "after " + fetchTimeout.toMillis() + " ms"));
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(remaining))
                .header("Accept", discovery ? "application/json" : "application/jwk-set+json, application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<String>> exchange =
                client.sendAsync(request, LimitedBody.handler(MAX_BODY_BYTES));
        return exchange.copy()
                .orTimeout(remaining, TimeUnit.NANOSECONDS) // also bounds a body that trickles in
                .handle((response, error) -> {
                    if (error != null) {
                        exchange.cancel(true);
                        throw failure(error).completion();
                    }
                    if (response.statusCode() != 200) {
                        if (discovery) {
                            throw discoveryFailure("openid-configuration answered status " + response.statusCode());
                        }
                        if (configuredJwksUri == null) {
                            discoveredJwksUri = null; // look the JWK Set URL up again next time
                        }
                        throw new FetchFailure.Exception(FetchFailure.HTTP_STATUS, "status " + response.statusCode())
                                .completion();
                    }
                    return response;
                });
    }

    private FetchFailure.Exception failure(Throwable error) {
        if (closed) {
            return new FetchFailure.Exception(FetchFailure.CLOSED, null); // aborted by close(): not an outage
        }
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof LimitedBody.TooLarge) {
                return new FetchFailure.Exception(FetchFailure.OVERSIZED, "limit " + MAX_BODY_BYTES + " bytes");
            }
        }
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return new FetchFailure.Exception(FetchFailure.TIMEOUT, "after " + fetchTimeout.toMillis() + " ms");
        }
        if (cause instanceof ConnectException) {
            return new FetchFailure.Exception(FetchFailure.CONNECTION, "refused");
        }
        return new FetchFailure.Exception(
                FetchFailure.CONNECTION, cause instanceof IOException ? "I/O error" : "client error");
    }

    /** {@code Cache-Control: max-age}, clamped to [1 min, 24 h]; empty if absent or unreadable. */
    static Optional<Duration> maxAge(HttpResponse<?> response) {
        for (String value : response.headers().allValues("Cache-Control")) {
            for (String directive : value.split(",")) {
                String d = directive.strip().toLowerCase(Locale.ROOT);
                if (d.startsWith("max-age=")) {
                    try {
                        long seconds =
                                Long.parseLong(d.substring(8).replace("\"", "").strip());
                        Duration age = Duration.ofSeconds(Math.max(0, seconds));
                        if (age.compareTo(MIN_MAX_AGE) < 0) {
                            return Optional.of(MIN_MAX_AGE);
                        }
                        return Optional.of(age.compareTo(MAX_MAX_AGE) > 0 ? MAX_MAX_AGE : age);
                    } catch (NumberFormatException e) {
                        // a max-age beyond a long is "forever": clamp like any other huge value
                        return d.substring(8).strip().chars().allMatch(Character::isDigit) && d.length() > 8
                                ? Optional.of(MAX_MAX_AGE)
                                : Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
