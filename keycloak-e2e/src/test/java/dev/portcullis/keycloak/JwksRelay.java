package dev.portcullis.keycloak;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A transparent relay on {@code 127.0.0.1} in front of a realm's JWKS endpoint, so a test can count
 * how often an application in Liberty fetches Keycloak's keys: each {@code GET} is passed to Keycloak
 * and its status, body, {@code Content-Type} and {@code Cache-Control} are passed back unchanged.
 * If Keycloak cannot be reached the relay closes the connection without an answer, as Keycloak's
 * closed port would. Thread-safe.
 */
final class JwksRelay implements AutoCloseable {
    private static final HttpClient UPSTREAM = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jwks-relay");
        t.setDaemon(true);
        return t;
    });
    private final List<Instant> fetches = new CopyOnWriteArrayList<>();

    private JwksRelay(URI upstream) throws IOException {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/certs", this::relay);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a relay to {@code upstream} (a JWKS URL) on a free loopback port. */
    static JwksRelay to(URI upstream) {
        try {
            return new JwksRelay(upstream);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the JWKS relay", e);
        }
    }

    /** The relay's JWKS URL, for {@code mp.jwt.verify.publickey.location}. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/certs");
    }

    /** How many fetches went through so far. */
    int fetches() {
        return fetches.size();
    }

    /** When each fetch arrived, oldest first. */
    List<Instant> fetchTimes() {
        return List.copyOf(fetches);
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange) {
            fetches.add(Instant.now());
            HttpResponse<byte[]> answer;
            try {
                answer = UPSTREAM.send(
                        HttpRequest.newBuilder(upstream)
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                return; // closed without an answer, like the upstream
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            answer.headers()
                    .firstValue("Content-Type")
                    .ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
            answer.headers()
                    .firstValue("Cache-Control")
                    .ifPresent(v -> exchange.getResponseHeaders().set("Cache-Control", v));
            byte[] body = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "JwksRelay[" + uri() + " -> " + upstream + "]";
    }
}
