package dev.portcullis.core.internal;

import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.KeysUnavailableException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.portcullis.core.ValidationMetrics.IntrospectionFailure.CLIENT_REJECTED;
import static dev.portcullis.core.ValidationMetrics.IntrospectionFailure.CONNECTION;
import static dev.portcullis.core.ValidationMetrics.IntrospectionFailure.HTTP_STATUS;
import static dev.portcullis.core.ValidationMetrics.IntrospectionFailure.NOT_JSON;
import static dev.portcullis.core.ValidationMetrics.IntrospectionFailure.NO_ENDPOINT;
import static dev.portcullis.core.ValidationMetrics.IntrospectionFailure.OVERSIZED;
import static dev.portcullis.core.ValidationMetrics.IntrospectionFailure.TIMEOUT;

/**
 * One issuer's RFC 7662 call: {@code POST} to its introspection endpoint (configured, or the
 * {@code introspection_endpoint} of its discovery document) with {@code token} and
 * {@code token_type_hint=access_token}, authenticated as configured. The key fetches' limits apply: no
 * redirects, the fetch timeout in total, 64 KiB of body, JSON only (or, when configured, an RFC 9701
 * signed answer, verified by {@link IntrospectionJwt}). Answers the members of the answer, with a boolean
 * {@code active}; every other outcome fails the future with an {@link IntrospectionException}. Never logs;
 * credentials never enter a message.
 */
final class IntrospectionClient {
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String JWT_TYPE = "application/token-introspection+jwt";

    private final HttpClient client;
    private final Duration timeout;
    private final IntrospectionConfig.Client settings;
    private final Tenant tenant;
    private final DiscoveredEndpoints discovered;
    private final ClientAssertion assertion;
    private final IntrospectionJwt jwt;

    /** @param jwt the verifier of signed answers, or null to ask for JSON */
    IntrospectionClient(
            HttpClient client,
            Duration timeout,
            IntrospectionConfig.Client settings,
            Tenant tenant,
            DiscoveredEndpoints discovered,
            ClientAssertion assertion,
            IntrospectionJwt jwt) {
        this.client = client;
        this.timeout = timeout;
        this.settings = settings;
        this.tenant = tenant;
        this.discovered = discovered;
        this.assertion = assertion;
        this.jwt = jwt;
    }

    /** The endpoint, for logs and readiness; "(discovery)" until known. */
    String describe() {
        URI uri = settings.endpoint() != null ? settings.endpoint() : discovered.introspection();
        return uri != null ? uri.toString() : "(introspection_endpoint by discovery)";
    }

    /** Introspects {@code token}; the answer's members, or a failed future. */
    CompletableFuture<JsonObject> introspect(String token) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI endpoint;
        try {
            endpoint = endpoint();
        } catch (IntrospectionException f) {
            return CompletableFuture.failedFuture(f);
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return CompletableFuture.failedFuture(
                    new IntrospectionException(TIMEOUT, "after " + timeout.toMillis() + " ms"));
        }
        StringBuilder form = new StringBuilder("token=").append(encode(token)).append("&token_type_hint=access_token");
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofNanos(remaining))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", jwt != null ? JWT_TYPE : "application/json");
        switch (settings.auth()) {
            case BASIC ->
                request.header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                (encode(settings.clientId()) + ":" + encode(settings.clientSecret()))
                                                        .getBytes(StandardCharsets.UTF_8)));
            case POST ->
                form.append("&client_id=")
                        .append(encode(settings.clientId()))
                        .append("&client_secret=")
                        .append(encode(settings.clientSecret()));
            case PRIVATE_KEY_JWT ->
                form.append("&client_id=")
                        .append(encode(settings.clientId()))
                        .append("&client_assertion_type=")
                        .append(encode(ClientAssertion.TYPE))
                        .append("&client_assertion=")
                        .append(assertion.create());
        }
        HttpRequest built = request.POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(built, LimitedBody.handler(MAX_BODY_BYTES));
        return exchange.copy()
                .orTimeout(remaining, TimeUnit.NANOSECONDS) // also bounds a body that trickles in
                .handle((response, error) -> {
                    if (error != null) {
                        exchange.cancel(true);
                        throw failure(error).completion();
                    }
                    return answer(response);
                });
    }

    private JsonObject answer(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new IntrospectionException(CLIENT_REJECTED, "status " + status + " for client " + settings.clientId())
                    .completion();
        }
        if (status != 200) {
            throw new IntrospectionException(HTTP_STATUS, "status " + status).completion();
        }
        String type = response.headers()
                .firstValue("Content-Type")
                .orElse("")
                .split(";", 2)[0]
                .strip()
                .toLowerCase(Locale.ROOT);
        JsonObject members;
        if (jwt != null && type.equals(JWT_TYPE)) {
            members = jwt.verify(response.body());
        } else if (type.equals("application/json")) {
            members = JsonParser.parseObject(response.body());
        } else {
            throw new IntrospectionException(NOT_JSON, "content type '" + Safe.describe(type) + "'").completion();
        }
        if (members == null || !(members.get("active") instanceof Boolean)) {
            throw new IntrospectionException(
                            NOT_JSON, members == null ? "body is not a JSON object" : "no boolean active member")
                    .completion();
        }
        return members;
    }

    /** The configured endpoint, else the discovered one (loading the issuer's keys, which reads discovery). */
    private URI endpoint() throws IntrospectionException {
        if (settings.endpoint() != null) {
            return settings.endpoint();
        }
        if (!discovered.read()) {
            try {
                tenant.keys().keys(); // discovery is read with the keys; bounded by the fetch timeout
            } catch (KeysUnavailableException e) {
                throw new IntrospectionException(NO_ENDPOINT, "the discovery document could not be read");
            }
        }
        URI uri = discovered.introspection();
        if (uri == null) {
            throw new IntrospectionException(
                    NO_ENDPOINT,
                    discovered.read()
                            ? "the discovery document names no introspection_endpoint"
                            : "the discovery document was not read");
        }
        return uri;
    }

    private IntrospectionException failure(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof IntrospectionException f) {
            return f;
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof LimitedBody.TooLarge) {
                return new IntrospectionException(OVERSIZED, "limit " + MAX_BODY_BYTES + " bytes");
            }
        }
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return new IntrospectionException(TIMEOUT, "after " + timeout.toMillis() + " ms");
        }
        if (cause instanceof ConnectException) {
            return new IntrospectionException(CONNECTION, "refused");
        }
        return new IntrospectionException(CONNECTION, cause instanceof IOException ? "I/O error" : "client error");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
