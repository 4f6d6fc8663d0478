package dev.portcullis.benchmarks.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One client thread: sends {@code GET /orders-api/api/orders} at a steady pace until its deadline or until told
 * to stop, each with a token from the mix. Like a well-behaved client it honours a 503's {@code Retry-After}: the
 * same request is sent again that long after (at most {@link #MAX_RETRY_AFTER}), up to {@link #MAX_RETRIES} times,
 * from a shared scheduler, while the thread goes on at its pace (other users of the API do not wait for this
 * one); each retry is a request of its own in the tally.
 */
final class SoakClient implements Runnable {
    static final int MAX_RETRIES = 3;
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI target;
    private final TokenMix mix;
    private final Tally tally;
    private final long intervalNanos;
    private final long deadlineNanos;
    private final BooleanSupplier stopped;
    private final ScheduledExecutorService retries;

    SoakClient(
            HttpClient http,
            URI target,
            TokenMix mix,
            Tally tally,
            double requestsPerSecond,
            long deadlineNanos,
            BooleanSupplier stopped,
            ScheduledExecutorService retries) {
        this.retries = retries;
        this.http = http;
        this.target = target;
        this.mix = mix;
        this.tally = tally;
        this.intervalNanos = (long) (1e9 / requestsPerSecond);
        this.deadlineNanos = deadlineNanos;
        this.stopped = stopped;
    }

    @Override
    public void run() {
        long next = System.nanoTime();
        while (!finished()) {
            if (!sleepUntil(next)) {
                return;
            }
            next += intervalNanos;
            long now = System.nanoTime();
            if (next < now - intervalNanos) {
                next = now; // fell behind (a retry wait): carry on at the pace, no burst
            }
            send(mix.next(), 0);
        }
    }

    private void send(Probe probe, int attempt) {
        if (finished()) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + probe.token())
                .GET()
                .build();
        long sent = System.nanoTime();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            tally.transportError(probe, e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse(null);
        tally.record(probe, response.statusCode(), sent, retryAfter, challenge, attempt > 0);
        if (response.statusCode() == 503 && retryAfter != null && attempt < MAX_RETRIES) {
            try {
                retries.schedule(() -> send(probe, attempt + 1), retryAfterNanos(retryAfter), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // the run is over
            }
        }
    }

    private static long retryAfterNanos(String header) {
        long seconds;
        try {
            seconds = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            seconds = 1; // an HTTP date: the soak's server sends seconds, so this only guards the client
        }
        return TimeUnit.SECONDS.toNanos(Math.max(0, Math.min(seconds, MAX_RETRY_AFTER.toSeconds())));
    }

    private boolean finished() {
        return stopped.getAsBoolean() || System.nanoTime() - deadlineNanos >= 0;
    }

    /** Sleeps in short steps so a stop is seen quickly; false if the run is over. */
    private boolean sleepUntil(long nanos) {
        while (true) {
            if (finished()) {
                return false;
            }
            long left = nanos - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
