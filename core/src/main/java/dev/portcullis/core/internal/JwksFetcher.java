package dev.portcullis.core.internal;

import dev.portcullis.core.KeySet;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches one JWK Set over HTTP: only the configured URL (no redirects), bounded time and size,
 * content must parse as a JWK Set with at least one usable key. With discovery, the JWK Set URL is
 * read first from {@code <issuer>/.well-known/openid-configuration}, whose {@code issuer} must equal
 * the configured one.
 */
final class JwksFetcher {
    static final int MAX_BODY_BYTES = 512 * 1024;
    static final Duration MIN_MAX_AGE = Duration.ofMinutes(1);
    static final Duration MAX_MAX_AGE = Duration.ofHours(24);

    /** A fetched key set and how long its publisher says it stays fresh (if it said). */
    record Fetched(KeySet keys, Optional<Duration> maxAge) {
    }

    private final HttpClient client;
    private final Duration fetchTimeout;
    private final String issuer;
    private final URI configuredJwksUri;
    private volatile URI discoveredJwksUri;

    private JwksFetcher(HttpClient client, Duration fetchTimeout, String issuer, URI jwksUri) {
        this.client = client;
        this.fetchTimeout = fetchTimeout;
        this.issuer = issuer;
        this.configuredJwksUri = jwksUri;
    }

    static JwksFetcher forUri(HttpClient client, Duration fetchTimeout, URI jwksUri) {
        return new JwksFetcher(client, fetchTimeout, null, jwksUri);
    }

    static JwksFetcher forDiscovery(HttpClient client, Duration fetchTimeout, String issuer) {
        return new JwksFetcher(client, fetchTimeout, issuer, null);
    }

    /** Where the keys come from, for logs. */
    String describe() {
        if (configuredJwksUri != null) {
            return configuredJwksUri.toString();
        }
        URI discovered = discoveredJwksUri;
        return discovered != null ? discovered.toString() : discoveryUri().toString();
    }

    Fetched fetch() throws FetchFailure.Exception {
        URI uri = configuredJwksUri != null ? configuredJwksUri : jwksUriFromDiscovery();
        HttpResponse<String> response = get(uri);
        String body = response.body();
        KeySet keys;
        try {
            keys = KeySet.parse(body);
        } catch (IllegalArgumentException e) {
            throw new FetchFailure.Exception(FetchFailure.NOT_A_JWK_SET, e.getMessage());
        }
        if (keys.isEmpty()) {
            throw new FetchFailure.Exception(FetchFailure.NO_USABLE_KEYS,
                    keys.ignoredEntries() + " entries ignored");
        }
        return new Fetched(keys, maxAge(response));
    }

    private URI jwksUriFromDiscovery() throws FetchFailure.Exception {
        URI known = discoveredJwksUri;
        if (known != null) {
            return known;
        }
        HttpResponse<String> response = get(discoveryUri());
        Map<String, Object> doc;
        try {
            doc = JsonUtil.parseJson(response.body());
        } catch (JoseException | RuntimeException e) {
            throw new FetchFailure.Exception(FetchFailure.DISCOVERY, "not JSON");
        }
        if (doc == null || !issuer.equals(doc.get("issuer"))) {
            throw new FetchFailure.Exception(FetchFailure.DISCOVERY, "its issuer differs from the configured one");
        }
        Object jwks = doc.get("jwks_uri");
        URI uri;
        try {
            uri = jwks instanceof String s ? URI.create(s) : null;
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null
                || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))) {
            throw new FetchFailure.Exception(FetchFailure.DISCOVERY, "no usable jwks_uri");
        }
        discoveredJwksUri = uri;
        return uri;
    }

    URI discoveryUri() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + "/.well-known/openid-configuration");
    }

    private HttpResponse<String> get(URI uri) throws FetchFailure.Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(fetchTimeout)
                .header("Accept", "application/jwk-set+json, application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<String>> future =
                client.sendAsync(request, LimitedBody.handler(MAX_BODY_BYTES));
        HttpResponse<String> response;
        try {
            response = future.get(fetchTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new FetchFailure.Exception(FetchFailure.TIMEOUT, "after " + fetchTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchFailure.Exception(FetchFailure.CLOSED, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LimitedBody.TooLarge || hasCause(cause, LimitedBody.TooLarge.class)) {
                throw new FetchFailure.Exception(FetchFailure.OVERSIZED, "limit " + MAX_BODY_BYTES + " bytes");
            }
            if (cause instanceof HttpTimeoutException) {
                throw new FetchFailure.Exception(FetchFailure.TIMEOUT, null);
            }
            throw new FetchFailure.Exception(FetchFailure.CONNECTION,
                    cause instanceof IOException ? "I/O error" : "client error");
        }
        if (response.statusCode() != 200) {
            throw new FetchFailure.Exception(FetchFailure.HTTP_STATUS, "status " + response.statusCode());
        }
        return response;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** {@code Cache-Control: max-age}, clamped to [1 min, 24 h]; empty if absent or no-cache. */
    static Optional<Duration> maxAge(HttpResponse<?> response) {
        for (String value : response.headers().allValues("Cache-Control")) {
            for (String directive : value.split(",")) {
                String d = directive.strip().toLowerCase(Locale.ROOT);
                if (d.startsWith("max-age=")) {
                    try {
                        long seconds = Long.parseLong(d.substring(8).replace("\"", "").strip());
                        Duration age = Duration.ofSeconds(Math.max(0, seconds));
                        if (age.compareTo(MIN_MAX_AGE) < 0) {
                            return Optional.of(MIN_MAX_AGE);
                        }
                        return Optional.of(age.compareTo(MAX_MAX_AGE) > 0 ? MAX_MAX_AGE : age);
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }
}
