package dev.portcullis.core.internal;

import java.util.concurrent.CompletableFuture;

/**
 * One layer of the remote-key pipeline that {@link RemoteJwksSourceBuilder} assembles behind the
 * public {@link dev.portcullis.core.JwksSource} SPI. Each layer adds one behaviour (fetch, outage
 * tolerance, rate limit) to the layer below it; the cache on top turns the pipeline into a
 * {@code JwksSource}. Implementations are thread-safe.
 */
interface KeySetSource extends AutoCloseable {

    /**
     * Starts getting the keys and returns at once: the caller's thread never waits for the
     * network. The future completes with the keys, or exceptionally with a
     * {@link FetchFailure.Exception} (possibly wrapped in a {@code CompletionException}).
     */
    CompletableFuture<KeySnapshot> fetch();

    /**
     * The earliest ticker reading at which {@link #fetch()} will start a new fetch;
     * {@link Long#MIN_VALUE} when it may start one at any time.
     */
    default long nextFetchAt() {
        return Long.MIN_VALUE;
    }

    /** Releases threads and connections. Idempotent. */
    @Override
    void close();
}
