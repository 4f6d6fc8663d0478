package dev.portcullis.testkit;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A tiny HTTP/JSON client for the tests. */
final class Http {

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Http() {}

    static HttpRequest request(URI uri, Duration timeout) {
        return HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return CLIENT.send(request(uri, Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> getBytes(URI uri) throws IOException, InterruptedException {
        return CLIENT.send(request(uri, Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse(null);
    }

    static Map<String, Object> json(String text) {
        try {
            return JsonUtil.parseJson(text);
        } catch (JoseException e) {
            throw new AssertionError("not a JSON object: " + text, e);
        }
    }
}
