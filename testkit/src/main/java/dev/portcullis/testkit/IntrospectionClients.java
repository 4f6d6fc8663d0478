package dev.portcullis.testkit;

import com.sun.net.httpserver.HttpExchange;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The clients registered with an {@link IntrospectionEndpoint} and how a request authenticates as one of them: HTTP
 * Basic, {@code client_id} and {@code client_secret} in the form, or an RFC 7523 {@code private_key_jwt} assertion
 * (checked by {@link ClientAssertions}, each {@code jti} accepted once). Thread-safe.
 */
final class IntrospectionClients {
    private final String issuer;
    private final URI endpoint;
    private final Clock clock;

    private final Object lock = new Object();
    // guarded by lock
    private final Map<String, String> secrets = new HashMap<>();
    private final Map<String, PublicKey> publicKeys = new HashMap<>();
    private final Set<String> seenAssertions = new HashSet<>();

    IntrospectionClients(String issuer, URI endpoint, Clock clock) {
        this.issuer = issuer;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    void register(String clientId, String secret) {
        synchronized (lock) {
            secrets.put(Objects.requireNonNull(clientId, "clientId"), Objects.requireNonNull(secret, "secret"));
        }
    }

    void register(String clientId, PublicKey key) {
        synchronized (lock) {
            publicKeys.put(Objects.requireNonNull(clientId, "clientId"), Objects.requireNonNull(key, "key"));
        }
    }

    /** The authenticated client's id, or null. */
    String authenticate(HttpExchange exchange, Map<String, String> form) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            return colon < 0
                    ? null
                    : secret(
                            ClientAssertions.decode(decoded.substring(0, colon)),
                            ClientAssertions.decode(decoded.substring(colon + 1)));
        }
        if (form.containsKey("client_assertion")) {
            return ClientAssertions.verify(
                    form,
                    issuer,
                    endpoint,
                    clock,
                    id -> {
                        synchronized (lock) {
                            return publicKeys.get(id);
                        }
                    },
                    jti -> {
                        synchronized (lock) {
                            return seenAssertions.add(jti);
                        }
                    });
        }
        return secret(form.get("client_id"), form.get("client_secret"));
    }

    private String secret(String id, String secret) {
        synchronized (lock) {
            return id != null && secret != null && secret.equals(secrets.get(id)) ? id : null;
        }
    }
}
