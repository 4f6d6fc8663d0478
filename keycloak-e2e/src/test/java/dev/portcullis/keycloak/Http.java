package dev.portcullis.keycloak;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The few HTTP and JSON helpers the Keycloak clients share (JDK {@link HttpClient}, jose4j's JSON). */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Http() {}

    /** A status, a body, and the {@code Location} header if any. */
    record Response(int status, String body, Optional<String> location) {
        boolean ok() {
            return status / 100 == 2;
        }

        /** The last path segment of {@code Location}: the id of what a POST created. */
        String createdId() {
            String at =
                    location.orElseThrow(() -> new IllegalStateException("no Location header (status " + status + ")"));
            return at.substring(at.lastIndexOf('/') + 1);
        }
    }

    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT);
    }

    static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response =
                    CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(
                    response.statusCode(), response.body(), response.headers().firstValue("Location"));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    /** {@code GET uri}, with {@code Authorization: Bearer token} unless {@code token} is null: the whole answer. */
    static HttpResponse<String> bearerGet(URI uri, String token) {
        HttpRequest.Builder request = request(uri).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return exchange(request.build());
    }

    /** Sends {@code request}: the whole answer, headers too. */
    static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    /**
     * {@code POST uri} with a {@code text/plain} body and {@code Authorization: Bearer token}: the whole
     * answer, headers included.
     */
    static HttpResponse<String> bearerPost(URI uri, String token, String body) {
        HttpRequest request = request(uri)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: POST " + uri, e);
        }
    }

    /** Sends and fails unless the status is 2xx; the message has the method, URL, status and (short) body. */
    static Response expectOk(HttpRequest request) {
        Response response = send(request);
        if (!response.ok()) {
            String body = response.body().length() > 500 ? response.body().substring(0, 500) + "..." : response.body();
            throw new IllegalStateException(
                    request.method() + " " + request.uri() + " answered " + response.status() + ": " + body);
        }
        return response;
    }

    static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        return HttpRequest.BodyPublishers.ofString(fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&")));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A JSON object as a map (nested objects as maps, arrays as lists, numbers as Long or Double). */
    static Map<String, Object> object(String json) {
        try {
            return JsonUtil.parseJson(json);
        } catch (JoseException e) {
            throw new IllegalStateException("not a JSON object: " + abbreviate(json), e);
        }
    }

    static String json(Map<String, ?> object) {
        return JsonUtil.toJson(object);
    }

    static String json(List<? extends Map<String, ?>> objects) {
        return objects.stream().map(JsonUtil::toJson).collect(Collectors.joining(",", "[", "]"));
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
