package dev.portcullis.testkit;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The RFC 7662 introspection endpoint of a {@link LocalIdp}, at {@code <issuer>/protocol/openid-connect/token/introspect}
 * (named {@code introspection_endpoint} in the discovery document). Obtained from {@link LocalIdp#introspection()}.
 *
 * <pre>{@code
 * idp.introspection().registerClient("orders-api", "s3cret");   // client_secret_basic or client_secret_post
 * String token = idp.token().build();
 * idp.introspection().revoke(token);                           // now {"active":false}
 * String opaque = idp.introspection().opaqueToken(idp.token()); // a random string introspected as these claims
 * idp.introspection().failWith(IntrospectionEndpoint.Failure.HTTP_500);
 * }</pre>
 *
 * <p>Clients authenticate with HTTP Basic, with {@code client_id} and {@code client_secret} in the form, or with an
 * RFC 7523 {@code private_key_jwt} assertion verified with the client's registered public key ({@code iss} and
 * {@code sub} the client id, {@code aud} the issuer or the endpoint, unexpired, {@code jti} never seen). An unknown or
 * unauthenticated client gets {@code 401 invalid_client}. A token is active when it is a JWT signed with a key this
 * provider published or signs with, is not expired by the provider's clock and was not {@link #revoke revoked}, or an
 * {@link #opaqueToken opaque token} not revoked; an active answer carries the token's claims. A request that asks
 * for {@code application/token-introspection+jwt} gets an RFC 9701 answer signed with the active key. Thread-safe.
 */
public final class IntrospectionEndpoint {

    /** How the endpoint misbehaves; see {@link #failWith(Failure)}. */
    public enum Failure {
        /** Answer normally. */
        NONE,
        /** Answer 500. */
        HTTP_500,
        /** Answer normally after the delay of {@link #slowDown(Duration)} (3 s unless set). */
        SLOW,
        /** Answer 200 {@code application/json} with bytes that are not JSON. */
        GARBAGE,
        /** Answer 200 with an HTML page. */
        NOT_JSON
    }

    static final String SUFFIX = "/protocol/openid-connect/token/introspect";
    private static final String JWT_TYPE = "application/token-introspection+jwt";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuer;
    private final URI uri;
    private final Clock clock;
    private final Supplier<Set<TestKey>> keys;
    private final Supplier<TestKey> signer;
    private final IntrospectionClients clients;

    private final Object lock = new Object();
    // guarded by lock
    private final Set<String> revoked = new HashSet<>();
    private final Map<String, Map<String, Object>> opaque = new HashMap<>();
    private Failure failure = Failure.NONE;
    private Duration slowness = Duration.ofSeconds(3);
    private int calls;

    IntrospectionEndpoint(String issuer, URI uri, Clock clock, Supplier<Set<TestKey>> keys, Supplier<TestKey> signer) {
        this.issuer = issuer;
        this.uri = uri;
        this.clock = clock;
        this.keys = keys;
        this.signer = signer;
        this.clients = new IntrospectionClients(issuer, uri, clock);
    }

    /** @return the endpoint's URL */
    public URI uri() {
        return uri;
    }

    /**
     * Registers a client that authenticates with a secret ({@code client_secret_basic} or {@code client_secret_post}).
     *
     * @param clientId the client id
     * @param secret its secret
     * @return this endpoint
     */
    public IntrospectionEndpoint registerClient(String clientId, String secret) {
        clients.register(clientId, secret);
        return this;
    }

    /**
     * Registers a client that authenticates with {@code private_key_jwt}, verified with this key.
     *
     * @param clientId the client id
     * @param key its public key (RSA or EC)
     * @return this endpoint
     */
    public IntrospectionEndpoint registerClient(String clientId, PublicKey key) {
        clients.register(clientId, key);
        return this;
    }

    /**
     * Revokes a token: from now on it is introspected as {@code {"active":false}}.
     *
     * @param token the token, a JWT or an opaque token
     */
    public void revoke(String token) {
        synchronized (lock) {
            revoked.add(Objects.requireNonNull(token, "token"));
        }
    }

    /**
     * An opaque access token: a random string that this endpoint introspects as active with the claims of
     * {@code claims} (not signed, never a JWT).
     *
     * @param claims the claims, e.g. {@code idp.token().scope("read:orders")}
     * @return the token
     */
    public String opaqueToken(TokenBuilder claims) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = "opaque-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        synchronized (lock) {
            opaque.put(token, Reply.parse(claims.unsignedPayloadJson()));
        }
        return token;
    }

    /**
     * Makes the endpoint misbehave until {@code failWith(Failure.NONE)}.
     *
     * @param mode the failure mode
     */
    public void failWith(Failure mode) {
        synchronized (lock) {
            failure = Objects.requireNonNull(mode, "mode");
        }
    }

    /**
     * Answers only after {@code delay}: {@code failWith(Failure.SLOW)} with this delay.
     *
     * @param delay how long each answer waits
     */
    public void slowDown(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or more, was " + delay);
        }
        synchronized (lock) {
            slowness = delay;
            failure = Failure.SLOW;
        }
    }

    /** @return requests received, counted on arrival, since start or {@link #resetCalls()} */
    public int calls() {
        synchronized (lock) {
            return calls;
        }
    }

    /** Sets the call counter to zero. */
    public void resetCalls() {
        synchronized (lock) {
            calls = 0;
        }
    }

    void handle(HttpExchange exchange) throws IOException, InterruptedException {
        Failure mode;
        Duration delay;
        synchronized (lock) {
            calls++;
            mode = failure;
            delay = slowness;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            Reply.text(405, "Method Not Allowed").send(exchange, null);
            return;
        }
        Map<String, String> form = ClientAssertions.form(exchange.getRequestBody());
        switch (mode) {
            case HTTP_500 -> {
                Reply.text(500, "Internal Server Error").send(exchange, null);
                return;
            }
            case GARBAGE -> {
                new Reply(200, "application/json", Reply.GARBAGE, false).send(exchange, null);
                return;
            }
            case NOT_JSON -> {
                new Reply(200, "text/html; charset=utf-8", Reply.HTML, false).send(exchange, null);
                return;
            }
            case SLOW -> Thread.sleep(delay.toMillis());
            case NONE -> {}
        }
        String client = clients.authenticate(exchange, form);
        if (client == null) {
            new Reply(401, "application/json", "{\"error\":\"invalid_client\"}".getBytes(StandardCharsets.UTF_8), false)
                    .send(exchange, null);
            return;
        }
        Map<String, Object> answer = answer(form.get("token"), client);
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        if (accept != null && accept.contains(JWT_TYPE)) {
            new Reply(
                            200,
                            JWT_TYPE,
                            IntrospectionAnswers.signed(answer, client, issuer, clock, signer.get())
                                    .getBytes(StandardCharsets.US_ASCII),
                            false)
                    .send(exchange, null);
        } else {
            Reply.json(Json.write(answer)).send(exchange, null);
        }
    }

    private Map<String, Object> answer(String token, String client) {
        Map<String, Object> inactive = Map.of("active", false);
        if (token == null) {
            return inactive;
        }
        Map<String, Object> claims;
        synchronized (lock) {
            if (revoked.contains(token)) {
                return inactive;
            }
            claims = opaque.get(token);
        }
        if (claims == null) {
            claims = IntrospectionAnswers.verifiedClaims(token, keys.get(), issuer);
        }
        if (claims == null
                || !(claims.get("exp") instanceof Number exp)
                || exp.longValue() <= clock.instant().getEpochSecond()) {
            return inactive;
        }
        Map<String, Object> active = new LinkedHashMap<>(claims);
        active.put("active", true);
        active.putIfAbsent("client_id", client);
        active.put("token_type", "Bearer");
        return active;
    }
}
