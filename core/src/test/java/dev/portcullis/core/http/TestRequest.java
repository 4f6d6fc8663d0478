package dev.portcullis.core.http;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An {@link HttpRequestView} for tests: {@code GET http://127.0.0.1:8080/app/orders} without headers
 * until told otherwise. Not thread-safe; one per request.
 */
public final class TestRequest implements HttpRequestView {
    private String method = "GET";
    private String path = "/orders";
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private boolean tokenElsewhere;
    private String scheme = "http";
    private String host = "127.0.0.1";
    private int port = 8080;
    private String contextPath = "/app";
    private List<X509Certificate> certificates = List.of();
    private int tokenElsewhereAsked;
    private String remoteAddress = "127.0.0.1";

    /** {@code GET /orders} without headers. */
    public static TestRequest get(String path) {
        return new TestRequest().method("GET").path(path);
    }

    /** A request with one {@code Authorization: Bearer <token>} header, or none if token is null. */
    public static TestRequest bearer(String token) {
        TestRequest r = get("/orders");
        return token == null ? r : r.header("Authorization", "Bearer " + token);
    }

    /** A request with these {@code Authorization} values (null: none), method and path. */
    public static TestRequest of(List<String> authorization, boolean tokenElsewhere, String method, String path) {
        return new TestRequest()
                .method(method)
                .path(path)
                .headers("Authorization", authorization)
                .tokenElsewhere(tokenElsewhere);
    }

    public TestRequest method(String m) {
        this.method = m;
        return this;
    }

    public TestRequest path(String p) {
        this.path = p;
        return this;
    }

    /** Adds a value of header {@code name}. */
    public TestRequest header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .add(value);
        return this;
    }

    /** Sets every value of header {@code name} (null: none). */
    public TestRequest headers(String name, List<String> values) {
        if (values == null) {
            headers.remove(name.toLowerCase(Locale.ROOT));
        } else {
            headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values));
        }
        return this;
    }

    public TestRequest tokenElsewhere(boolean elsewhere) {
        this.tokenElsewhere = elsewhere;
        return this;
    }

    public TestRequest origin(String scheme, String host, int port) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        return this;
    }

    public TestRequest contextPath(String c) {
        this.contextPath = c;
        return this;
    }

    public TestRequest certificates(List<X509Certificate> chain) {
        this.certificates = List.copyOf(chain);
        return this;
    }

    /** The immediate peer's address (default 127.0.0.1). */
    public TestRequest remoteAddress(String address) {
        this.remoteAddress = address;
        return this;
    }

    /** How often the request path asked {@link #tokenElsewhere()}. */
    public int tokenElsewhereAsked() {
        return tokenElsewhereAsked;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? List.of() : List.copyOf(values);
    }

    @Override
    public boolean tokenElsewhere() {
        tokenElsewhereAsked++;
        return tokenElsewhere;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String requestPath() {
        return contextPath + path;
    }

    @Override
    public String contextPath() {
        return contextPath;
    }

    @Override
    public List<X509Certificate> clientCertificates() {
        return certificates;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }
}
