package dev.portcullis.keycloak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that keep coming: {@code threads} clients each send {@code GET target} with
 * {@code Authorization: Bearer <token>}, one after the other, a token from {@code tokens} each time,
 * until {@link #stop()}. Every answer is counted by status and, for 200, by the {@code kid} of the
 * token; the first unexpected answers (anything but 200) are kept with their challenge, so a failure
 * says what went wrong. Thread-safe.
 */
final class HttpLoad implements AutoCloseable {
    private static final int KEPT_FAILURES = 20;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI target;
    private final Supplier<String> tokens;
    private final ExecutorService threads;
    private final List<Future<?>> senders = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final LongAdder sent = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> acceptedByKid = new ConcurrentHashMap<>();
    private final AtomicInteger transportErrors = new AtomicInteger();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();

    /** A sender's pause after each answer; zero: none. */
    private final Duration pause;

    private HttpLoad(URI target, int threads, Supplier<String> tokens, Duration pause) {
        this.target = target;
        this.tokens = tokens;
        this.pause = pause;
        this.threads = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "http-load");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < threads; i++) {
            senders.add(this.threads.submit(this::send));
        }
    }

    /** Starts {@code threads} senders. */
    static HttpLoad start(URI target, int threads, Supplier<String> tokens) {
        return new HttpLoad(target, threads, tokens, Duration.ZERO);
    }

    /**
     * Starts {@code threads} senders that each pause {@code pause} after every answer: steady traffic
     * that leaves the two cores to the servers (e.g. a Keycloak restarting meanwhile).
     */
    static HttpLoad paced(URI target, int threads, Supplier<String> tokens, Duration pause) {
        return new HttpLoad(target, threads, tokens, pause);
    }

    private Void send() throws InterruptedException {
        while (!stop.get()) {
            String token = tokens.get();
            HttpRequest request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
                if (status == 200) {
                    acceptedByKid
                            .computeIfAbsent(Jwts.kid(token), k -> new LongAdder())
                            .increment();
                } else if (failures.size() < KEPT_FAILURES) {
                    failures.add(status + " for kid " + Jwts.kid(token) + ": WWW-Authenticate "
                            + response.headers().firstValue("WWW-Authenticate").orElse("-") + ", Retry-After "
                            + response.headers().firstValue("Retry-After").orElse("-"));
                }
            } catch (IOException e) {
                transportErrors.incrementAndGet();
                if (failures.size() < KEPT_FAILURES) {
                    failures.add("no answer for kid " + Jwts.kid(token) + ": " + e);
                }
            }
            sent.increment();
            if (!pause.isZero()) {
                Thread.sleep(pause.toMillis());
            }
        }
        return null;
    }

    /** Requests answered (or failed) so far. */
    long sent() {
        return sent.sum();
    }

    /** Waits until {@code more} requests beyond those sent so far have been answered. */
    void awaitMore(long more, Duration timeout) throws InterruptedException {
        long until = sent() + more;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sent() < until) {
            assertThat(System.nanoTime())
                    .as("%d more requests to %s within %s; %s", more, target, timeout, tally())
                    .isLessThan(deadline);
            assertThat(senders).as("senders alive").noneMatch(Future::isDone);
            Thread.sleep(20);
        }
    }

    /** What was counted so far. */
    Tally tally() {
        Map<Integer, Long> statuses = new TreeMap<>();
        byStatus.forEach((s, n) -> statuses.put(s, n.sum()));
        Map<String, Long> kids = new TreeMap<>();
        acceptedByKid.forEach((k, n) -> kids.put(k, n.sum()));
        return new Tally(sent.sum(), statuses, kids, transportErrors.get(), List.copyOf(failures));
    }

    /** Stops the senders (each finishes its request in flight) and returns the final counts. */
    Tally stop() throws Exception {
        stop.set(true);
        for (Future<?> sender : senders) {
            sender.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();
        return tally();
    }

    @Override
    public void close() {
        stop.set(true);
        threads.shutdownNow();
    }

    /**
     * @param sent requests sent and answered (or failed without an answer)
     * @param byStatus answers by HTTP status
     * @param acceptedByKid 200 answers by the {@code kid} of the token sent
     * @param transportErrors requests without an answer
     * @param failures the first unexpected answers, described
     */
    record Tally(
            long sent,
            Map<Integer, Long> byStatus,
            Map<String, Long> acceptedByKid,
            int transportErrors,
            List<String> failures) {
        long accepted() {
            return byStatus.getOrDefault(200, 0L);
        }

        long status(int status) {
            return byStatus.getOrDefault(status, 0L);
        }

        /** Requests sent since {@code earlier}. */
        long sentSince(Tally earlier) {
            return sent - earlier.sent;
        }
    }
}
