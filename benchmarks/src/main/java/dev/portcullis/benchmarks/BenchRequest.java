package dev.portcullis.benchmarks;

import dev.portcullis.core.http.HttpRequestView;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A DPoP request as an adapter would present it to the request path: {@code GET http://127.0.0.1:8080/app/orders}
 * with {@code Authorization: DPoP <token>} and one {@code DPoP} header, whose proof the benchmark replaces before
 * each call. Header names are matched case-insensitively; every other header is absent. One thread.
 */
final class BenchRequest implements HttpRequestView {
    static final String URL = "http://127.0.0.1:8080/app/orders";

    private final List<String> authorization;
    private List<String> proof = List.of();

    BenchRequest(String accessToken) {
        this.authorization = List.of("DPoP " + accessToken);
    }

    /** Sets the one {@code DPoP} header of the next call. */
    BenchRequest proof(String proof) {
        this.proof = List.of(proof);
        return this;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String path() {
        return "/orders";
    }

    @Override
    public List<String> headers(String name) {
        if (name.equalsIgnoreCase("Authorization")) {
            return authorization;
        }
        return name.equalsIgnoreCase("DPoP") ? proof : List.of();
    }

    @Override
    public boolean tokenElsewhere() {
        return false;
    }

    @Override
    public String scheme() {
        return "http";
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return 8080;
    }

    @Override
    public String requestPath() {
        return "/app/orders";
    }

    @Override
    public String contextPath() {
        return "/app";
    }

    @Override
    public List<X509Certificate> clientCertificates() {
        return List.of();
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1";
    }
}
