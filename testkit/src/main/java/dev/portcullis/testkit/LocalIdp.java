package dev.portcullis.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback OpenID Provider for tests: serves a JWKS and an OpenID discovery document over real HTTP on
 * {@code 127.0.0.1} (ephemeral port), mints signed tokens, rotates keys and misbehaves on request.
 *
 * <pre>{@code
 * try (LocalIdp idp = LocalIdp.start()) {
 *     String token = idp.token().scope("write:orders").build();
 *     // point the code under test at idp.issuer() / idp.jwksUri() ...
 * }
 * }</pre>
 *
 * <p>Paths: the issuer is {@code http://127.0.0.1:<port><issuerPath>} (default issuer path {@code /realms/test}),
 * the JWKS is at {@code <issuer>/protocol/openid-connect/certs} and discovery at
 * {@code <issuer>/.well-known/openid-configuration} (a trailing slash of the issuer path is dropped for both).
 * The introspection endpoint is {@link #introspection()}. Other paths answer 404, other methods than GET 405
 * (POST for introspection).
 *
 * <p>Thread-safe: all methods may be called while requests are being served. Server threads are daemon threads;
 * {@link #close()} returns promptly, releases the port and stops all of them.
 *
 * @since 0.1.0
 */
public final class LocalIdp implements AutoCloseable {

    /** How the JWKS and discovery endpoints misbehave; see {@link #failWith(Failure)}. */
    public enum Failure {
        /** Serve normally. */
        NONE,
        /** Answer 500 with a plain-text body. */
        HTTP_500,
        /** Answer 404 with a plain-text body. */
        HTTP_404,
        /** Answer 200, {@code Content-Type: application/json}, with bytes that are not JSON. */
        GARBAGE,
        /** Answer 200 with an HTML page ({@code text/html}), like a login page or captive portal. */
        HTML,
        /** JWKS answers {@code {"keys":[]}}; discovery is served normally. */
        EMPTY_KEYS,
        /** Answer 200 with valid JSON (the normal document plus a padding member) of more than 1 MiB, chunked. */
        OVERSIZED,
        /** Read the request, then never answer until {@link #recover()}, another failure mode or {@link #close()}. */
        HANG,
        /**
         * Close the connection without sending a response. Clients that retry on a reused connection (as
         * {@code java.net.http.HttpClient} does once) show up twice in the request counters.
         */
        DROP_CONNECTION,
        /**
         * Answer normally, but only after a delay ({@link #slowDown(Duration)} sets it; 3 s unless set): an
         * overloaded provider, or one behind a slow network. Leaving this mode does not hurry answers
         * already waiting.
         */
        SLOW,
        /**
         * Stop listening: connections to the port are refused, as when the provider is down or
         * restarting. Open connections are closed. Leaving this mode listens on the same port again.
         */
        DOWN
    }

    private static final String JWKS_SUFFIX = "/protocol/openid-connect/certs";
    private static final String DISCOVERY_SUFFIX = "/.well-known/openid-configuration";
    private static final String JSON = "application/json";
    private static final int MIB = 1024 * 1024;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private static final Duration DEFAULT_SLOWNESS = Duration.ofSeconds(3);

    private final Clock clock;
    private final ExecutorService executor;
    private final int port;
    private final String issuer;
    private final String jwksPath;
    private final String discoveryPath;
    private final URI jwksUri;
    private final URI discoveryUri;
    private final String introspectionPath;
    private final IntrospectionEndpoint introspection;

    private final Object lock = new Object();
    // All mutable state below is guarded by lock.
    private List<TestKey> published;
    private TestKey active;
    private String rawJwks;
    private String rawDiscovery;
    private String cacheControl;
    private HttpServer server; // replaced when leaving DOWN
    private Failure failure = Failure.NONE;
    private Duration slowness = DEFAULT_SLOWNESS;
    private CountDownLatch hangRelease = new CountDownLatch(1);
    private boolean closed;
    private int nextKeyNumber = 2;
    private int jwksRequests;
    private int discoveryRequests;

    private LocalIdp(Builder builder) throws IOException {
        this.clock = builder.clock;
        this.active = builder.signingKey != null ? builder.signingKey : TestKey.rsa("key-1");
        this.published = List.of(active);
        this.server = HttpServer.create(new InetSocketAddress(loopback(), 0), 0);
        this.port = server.getAddress().getPort();
        String base = "http://127.0.0.1:" + port;
        String root = builder.issuerPath.endsWith("/")
                ? builder.issuerPath.substring(0, builder.issuerPath.length() - 1)
                : builder.issuerPath;
        this.issuer = base + builder.issuerPath;
        this.jwksPath = root + JWKS_SUFFIX;
        this.discoveryPath = root + DISCOVERY_SUFFIX;
        this.jwksUri = URI.create(base + jwksPath);
        this.discoveryUri = URI.create(base + discoveryPath);
        this.introspectionPath = root + IntrospectionEndpoint.SUFFIX;
        this.introspection = new IntrospectionEndpoint(
                issuer, URI.create(base + introspectionPath), clock, this::verificationKeys, this::activeKey);

        String threadPrefix = "portcullis-localidp-" + INSTANCES.incrementAndGet() + "-port-" + port + "-";
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, threadPrefix + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    /** A new server on this IdP's port; retries briefly if the port is not free yet. */
    private HttpServer listenAgain() {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                HttpServer again = HttpServer.create(new InetSocketAddress(loopback(), port), 0);
                again.createContext("/", this::handle);
                again.setExecutor(executor);
                return again;
            } catch (IOException e) {
                last = e;
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException("LocalIdp cannot listen on port " + port + " again", last);
    }

    /**
     * Starts an IdP with the defaults: system UTC clock, issuer path {@code /realms/test}, an RS256 key "key-1".
     *
     * @return the running IdP
     */
    public static LocalIdp start() {
        return builder().start();
    }

    /** @return a builder for a customised IdP */
    public static Builder builder() {
        return new Builder(Clock.systemUTC(), "/realms/test", null);
    }

    /** @return the issuer, {@code http://127.0.0.1:<port><issuerPath>} */
    public String issuer() {
        return issuer;
    }

    /** @return the JWKS endpoint */
    public URI jwksUri() {
        return jwksUri;
    }

    /** @return the OpenID discovery endpoint, {@code <issuer>/.well-known/openid-configuration} */
    public URI discoveryUri() {
        return discoveryUri;
    }

    /**
     * The RFC 7662 introspection endpoint ({@code <issuer>/protocol/openid-connect/token/introspect}, named in the
     * discovery document): register clients, revoke tokens, mint opaque tokens, make it fail.
     *
     * @return the endpoint
     */
    public IntrospectionEndpoint introspection() {
        return introspection;
    }

    /** The published keys and the active one: what a token of this provider may be signed with. */
    private java.util.Set<TestKey> verificationKeys() {
        synchronized (lock) {
            java.util.Set<TestKey> keys = new java.util.LinkedHashSet<>(published);
            keys.add(active);
            return keys;
        }
    }

    /** @return the TCP port the IdP listens on (on 127.0.0.1) */
    public int port() {
        return port;
    }

    /** @return the clock tokens take "now" from */
    public Clock clock() {
        return clock;
    }

    /** @return the key new tokens are signed with */
    public TestKey activeKey() {
        synchronized (lock) {
            return active;
        }
    }

    /** @return the keys of the managed key set, in JWKS order (ignores {@link #publishRawJwks(String)}) */
    public List<TestKey> publishedKeys() {
        synchronized (lock) {
            return published;
        }
    }

    /**
     * Creates a new RSA 2048 RS256 key with a new kid ({@code key-2}, {@code key-3}, ...), publishes it after the
     * existing keys and makes it active. Its key material differs from all keys currently published.
     *
     * @return the new key
     */
    public TestKey rotate() {
        synchronized (lock) {
            String kid;
            do {
                kid = "key-" + nextKeyNumber++;
            } while (indexOf(kid) >= 0);
            TestKey key = TestKey.rsa(kid);
            if (published.stream().anyMatch(key::sameMaterialAs) || key.sameMaterialAs(active)) {
                key = TestKey.rsaUnique(kid);
            }
            return rotateTo(key);
        }
    }

    /**
     * Publishes the given key after the existing ones (replacing a published key with the same kid) and makes it
     * active.
     *
     * @param key the new signing key
     * @return the key
     */
    public TestKey rotateTo(TestKey key) {
        Objects.requireNonNull(key, "key");
        synchronized (lock) {
            List<TestKey> keys = new ArrayList<>(published);
            keys.removeIf(existing -> existing.kid().equals(key.kid()));
            keys.add(key);
            published = List.copyOf(keys);
            active = key;
            rawJwks = null;
            return key;
        }
    }

    /**
     * Replaces the published key set with exactly these keys, in this order (duplicates allowed). The active key is
     * not changed, even if it is no longer published; see {@link #activate(TestKey)}.
     *
     * @param keys the keys to publish; none publishes an empty set
     */
    public void publish(TestKey... keys) {
        List<TestKey> copy = List.copyOf(Arrays.asList(keys));
        synchronized (lock) {
            published = copy;
            rawJwks = null;
        }
    }

    /**
     * Makes the given key the one new tokens are signed with, without publishing it.
     *
     * @param key the key
     */
    public void activate(TestKey key) {
        Objects.requireNonNull(key, "key");
        synchronized (lock) {
            active = key;
        }
    }

    /**
     * Removes all keys with this kid from the published set. The active key is not changed, so tokens from
     * {@link #token()} may then carry a kid the JWKS does not list.
     *
     * @param kid the key id
     * @return whether a key was removed
     */
    public boolean retire(String kid) {
        Objects.requireNonNull(kid, "kid");
        synchronized (lock) {
            List<TestKey> keys = new ArrayList<>(published);
            boolean removed = keys.removeIf(key -> key.kid().equals(kid));
            published = List.copyOf(keys);
            rawJwks = null;
            return removed;
        }
    }

    /**
     * Serves exactly this body (as {@code application/json}) from the JWKS endpoint, e.g. for hostile key sets with
     * junk entries, {@code oct} or weak keys, {@code use: enc} or duplicate kids. The next
     * {@link #rotate()}, {@link #rotateTo(TestKey)}, {@link #publish(TestKey...)} or {@link #retire(String)} goes
     * back to serving the managed key set.
     *
     * @param json the body, or {@code null} to serve the managed key set again
     */
    public void publishRawJwks(String json) {
        synchronized (lock) {
            rawJwks = json;
        }
    }

    /**
     * Serves exactly this body (as {@code application/json}) from the discovery endpoint, e.g. a document whose
     * {@code issuer} does not match.
     *
     * @param json the body, or {@code null} to serve the generated document again
     */
    public void publishRawDiscovery(String json) {
        synchronized (lock) {
            rawDiscovery = json;
        }
    }

    /**
     * Sets the {@code Cache-Control} header of all JWKS responses.
     *
     * @param headerValueOrNull e.g. {@code "max-age=300"}, or {@code null} for no header (the default)
     */
    public void cacheControl(String headerValueOrNull) {
        synchronized (lock) {
            cacheControl = headerValueOrNull;
        }
    }

    /**
     * Makes the JWKS and discovery endpoints misbehave until {@link #recover()}. Leaving {@link Failure#HANG}
     * releases the hung requests, which are then answered according to the new mode.
     *
     * @param mode the failure mode
     */
    public void failWith(Failure mode) {
        Objects.requireNonNull(mode, "mode");
        HttpServer stop = null;
        HttpServer start = null;
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (failure == Failure.HANG && mode != Failure.HANG) {
                hangRelease.countDown();
                hangRelease = new CountDownLatch(1);
            }
            if (mode == Failure.DOWN && failure != Failure.DOWN) {
                stop = server;
            } else if (mode != Failure.DOWN && failure == Failure.DOWN) {
                server = listenAgain();
                start = server;
            }
            failure = mode;
        }
        if (stop != null) {
            stop.stop(0);
        }
        if (start != null) {
            startServing(start);
        }
    }

    /**
     * Answers normally but only after {@code delay}, until {@link #recover()} or another failure mode:
     * {@code failWith(Failure.SLOW)} with this delay.
     *
     * @param delay how long each answer waits; zero or more
     */
    public void slowDown(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or more, was " + delay);
        }
        synchronized (lock) {
            slowness = delay;
        }
        failWith(Failure.SLOW);
    }

    /** Serves normally again, i.e. {@code failWith(Failure.NONE)}; hung requests are answered normally. */
    public void recover() {
        failWith(Failure.NONE);
    }

    /** @return the current failure mode */
    public Failure failure() {
        synchronized (lock) {
            return failure;
        }
    }

    /** @return requests received on the JWKS path since start or {@link #resetCounters()}, counted on arrival */
    public int jwksRequests() {
        synchronized (lock) {
            return jwksRequests;
        }
    }

    /** @return requests received on the discovery path since start or {@link #resetCounters()}, counted on arrival */
    public int discoveryRequests() {
        synchronized (lock) {
            return discoveryRequests;
        }
    }

    /** Sets both request counters to zero. */
    public void resetCounters() {
        synchronized (lock) {
            jwksRequests = 0;
            discoveryRequests = 0;
        }
    }

    /**
     * Waits until at least this many JWKS requests have arrived, e.g. to observe a background refresh without
     * sleeping. If interrupted, returns {@code false} with the interrupt flag set.
     *
     * @param count the number of requests to wait for
     * @param timeout the maximum time to wait
     * @return whether the count was reached in time
     */
    public boolean awaitJwksRequests(int count, Duration timeout) {
        return await(count, timeout, true);
    }

    /**
     * Waits until at least this many discovery requests have arrived. If interrupted, returns {@code false} with
     * the interrupt flag set.
     *
     * @param count the number of requests to wait for
     * @param timeout the maximum time to wait
     * @return whether the count was reached in time
     */
    public boolean awaitDiscoveryRequests(int count, Duration timeout) {
        return await(count, timeout, false);
    }

    /**
     * The settings an application under test needs to trust this provider, by their MicroProfile JWT
     * names: {@code mp.jwt.verify.issuer} and {@code mp.jwt.verify.publickey.location}; and
     * {@code portcullis.jwks.min-refetch-interval=0}, so that a validator built from them fetches the
     * keys again for every unknown {@code kid}: a test that calls {@link #rotate()} and then validates
     * a token of the new key is answered at once, instead of 503 until the production interval
     * (10 s) since the last fetch has passed. Leave that property out to test the production timing.
     *
     * @return an unmodifiable map of property names to values
     */
    public java.util.Map<String, String> configProperties() {
        return java.util.Map.of(
                "mp.jwt.verify.issuer",
                issuer(),
                "mp.jwt.verify.publickey.location",
                jwksUri().toString(),
                MIN_REFETCH_INTERVAL,
                "0");
    }

    /** The Portcullis setting {@link #configProperties()} sets to 0. */
    static final String MIN_REFETCH_INTERVAL = "portcullis.jwks.min-refetch-interval";

    /**
     * A token builder pre-filled with the defaults described in {@link TokenBuilder}, signed with the active key
     * and issued "now" according to this IdP's clock.
     *
     * @return a new builder
     */
    public TokenBuilder token() {
        return TokenBuilder.defaults(issuer, activeKey(), clock.instant());
    }

    /**
     * Stops serving: hung requests are released without an answer, open connections are closed, the port is
     * released and server threads end. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            hangRelease.countDown();
            lock.notifyAll();
        }
        HttpServer current;
        synchronized (lock) {
            current = failure == Failure.DOWN ? null : server;
        }
        if (current != null) {
            current.stop(0);
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return e.g. {@code LocalIdp[http://127.0.0.1:43817/realms/test]} */
    @Override
    public String toString() {
        return "LocalIdp[" + issuer + "]";
    }

    /** The socket address the server is bound to. */
    InetSocketAddress boundAddress() {
        return new InetSocketAddress(loopback(), port);
    }

    private void startServing() {
        startServing(server);
    }

    private void startServing(HttpServer toStart) {
        // The HTTP dispatcher thread inherits the daemon flag of the thread that starts the server.
        try {
            executor.submit(toStart::start).get();
        } catch (ExecutionException | InterruptedException e) {
            close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot start LocalIdp", e);
        }
    }

    private int indexOf(String kid) {
        for (int i = 0; i < published.size(); i++) {
            if (published.get(i).kid().equals(kid)) {
                return i;
            }
        }
        return -1;
    }

    private boolean await(int count, Duration timeout, boolean jwks) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while ((jwks ? jwksRequests : discoveryRequests) < count) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || closed) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals(introspectionPath)) {
                introspection.handle(exchange);
                return;
            }
            boolean jwks = path.equals(jwksPath);
            if (!jwks && !path.equals(discoveryPath)) {
                Reply.text(404, "Not Found").send(exchange, null);
                return;
            }
            count(jwks);
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                Reply.text(405, "Method Not Allowed").send(exchange, null);
                return;
            }
            while (true) {
                CountDownLatch hang;
                Reply reply;
                String cacheHeader;
                Duration delay;
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                    hang = failure == Failure.HANG ? hangRelease : null;
                    reply = hang == null ? reply(jwks) : null;
                    cacheHeader = jwks ? cacheControl : null;
                    delay = failure == Failure.SLOW ? slowness : Duration.ZERO;
                }
                if (hang == null) {
                    if (!delay.isZero()) {
                        Thread.sleep(delay.toMillis());
                    }
                    reply.send(exchange, cacheHeader);
                    return;
                }
                hang.await();
            }
        } catch (IOException e) {
            // The client went away; nothing to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void count(boolean jwks) {
        synchronized (lock) {
            if (jwks) {
                jwksRequests++;
            } else {
                discoveryRequests++;
            }
            lock.notifyAll();
        }
    }

    /** The answer for the current state; called with the lock held and never in HANG mode. */
    private Reply reply(boolean jwks) {
        return switch (failure) {
            case HTTP_500 -> Reply.text(500, "Internal Server Error");
            case HTTP_404 -> Reply.text(404, "Not Found");
            case GARBAGE -> new Reply(200, JSON, Reply.GARBAGE, false);
            case HTML -> new Reply(200, "text/html; charset=utf-8", Reply.HTML, false);
            case DROP_CONNECTION -> Reply.DROP;
            case EMPTY_KEYS -> Reply.json(jwks ? "{\"keys\":[]}" : discoveryBody());
            case OVERSIZED -> oversized(jwks);
            case NONE, HANG, SLOW, DOWN -> Reply.json(jwks ? jwksBody() : discoveryBody());
        };
    }

    /** The managed JWKS or the generated discovery document plus a 1 MiB padding member, sent chunked. */
    private Reply oversized(boolean jwks) {
        Map<String, Object> document = new LinkedHashMap<>();
        if (jwks) {
            document.put(
                    "keys",
                    published.stream().map(key -> Reply.parse(key.publicJwk())).toList());
        } else {
            document.putAll(discoveryDocument());
        }
        document.put("padding", "x".repeat(MIB));
        return new Reply(200, JSON, Json.write(document).getBytes(StandardCharsets.UTF_8), true);
    }

    private String jwksBody() {
        if (rawJwks != null) {
            return rawJwks;
        }
        StringBuilder body = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < published.size(); i++) {
            body.append(i == 0 ? "" : ",").append(published.get(i).publicJwk());
        }
        return body.append("]}").toString();
    }

    private String discoveryBody() {
        return rawDiscovery != null ? rawDiscovery : Json.write(discoveryDocument());
    }

    private Map<String, Object> discoveryDocument() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("jwks_uri", jwksUri.toString());
        document.put("introspection_endpoint", introspection.uri().toString());
        document.put("response_types_supported", List.of("code"));
        document.put("subject_types_supported", List.of("public"));
        document.put(
                "id_token_signing_alg_values_supported",
                List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"));
        return document;
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Configuration for a {@link LocalIdp}. Immutable: every method returns a new builder.
     */
    public static final class Builder {
        private final Clock clock;
        private final String issuerPath;
        private final TestKey signingKey;

        private Builder(Clock clock, String issuerPath, TestKey signingKey) {
            this.clock = clock;
            this.issuerPath = issuerPath;
            this.signingKey = signingKey;
        }

        /**
         * The clock tokens take "now" from, typically a {@link MutableClock}.
         *
         * @param clock the clock
         * @return a new builder
         */
        public Builder clock(Clock clock) {
            return new Builder(Objects.requireNonNull(clock, "clock"), issuerPath, signingKey);
        }

        /**
         * The path part of the issuer: empty or starting with {@code /}, no query or fragment. Default
         * {@code /realms/test}.
         *
         * @param issuerPath the path
         * @return a new builder
         */
        public Builder issuerPath(String issuerPath) {
            Objects.requireNonNull(issuerPath, "issuerPath");
            boolean valid;
            try {
                URI uri = new URI("http://127.0.0.1" + issuerPath);
                valid = (issuerPath.isEmpty() || issuerPath.startsWith("/"))
                        && issuerPath.equals(uri.getRawPath())
                        && uri.getRawQuery() == null
                        && uri.getRawFragment() == null;
            } catch (URISyntaxException e) {
                valid = false;
            }
            if (!valid) {
                throw new IllegalArgumentException("not a valid issuer path: " + issuerPath);
            }
            return new Builder(clock, issuerPath, signingKey);
        }

        /**
         * The initial (published and active) signing key. Default: an RSA 2048 RS256 key with kid {@code key-1}.
         *
         * @param key the key
         * @return a new builder
         */
        public Builder signingKey(TestKey key) {
            return new Builder(clock, issuerPath, Objects.requireNonNull(key, "key"));
        }

        /**
         * Binds an ephemeral port on 127.0.0.1 and starts serving.
         *
         * @return the running IdP; close it when done
         */
        public LocalIdp start() {
            LocalIdp idp;
            try {
                idp = new LocalIdp(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind LocalIdp to 127.0.0.1", e);
            }
            idp.startServing();
            return idp;
        }
    }
}
