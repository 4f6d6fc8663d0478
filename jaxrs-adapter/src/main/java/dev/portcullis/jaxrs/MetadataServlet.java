package dev.portcullis.jaxrs;

import dev.portcullis.core.http.BearerResponse;
import dev.portcullis.core.http.HttpRequestView;
import dev.portcullis.core.http.ResourceMetadata;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves the protected-resource metadata (RFC 9728) of an application protected by the JAX-RS adapter
 * alone, at {@code /.well-known/oauth-protected-resource[/<resource path>]}: outside any
 * {@code @ApplicationPath}, so a servlet (mapped by this jar's {@code web-fragment.xml}), not a
 * resource. Where the servlet filter is deployed too, the filter answers first. Public: never behind
 * the token check.
 *
 * @since 0.1.0
 */
public final class MetadataServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Created by the container. */
    public MetadataServlet() {}

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = (request.getServletPath() == null ? "" : request.getServletPath())
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Optional<ResourceMetadata> metadata;
        try {
            metadata = Validators.metadata();
        } catch (RuntimeException e) {
            metadata = Optional.empty(); // a configuration that cannot be used: logged where the request path is built
        }
        if (metadata.isEmpty() || !ResourceMetadata.isMetadataPath(path)) {
            response.sendError(404);
            return;
        }
        BearerResponse answer = metadata.get().answer(new View(request, path));
        response.setStatus(answer.status());
        for (Map.Entry<String, List<String>> h : answer.headers().entrySet()) {
            for (String value : h.getValue()) {
                response.addHeader(h.getKey(), value);
            }
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setContentType(BearerResponse.CONTENT_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    /** What the metadata needs of the request. */
    private record View(HttpServletRequest request, String path) implements HttpRequestView {
        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public List<String> headers(String name) {
            return Collections.list(request.getHeaders(name));
        }

        @Override
        public boolean tokenElsewhere() {
            return false;
        }

        @Override
        public String scheme() {
            return request.getScheme();
        }

        @Override
        public String host() {
            return request.getServerName();
        }

        @Override
        public int port() {
            return request.getServerPort();
        }

        @Override
        public String requestPath() {
            return request.getRequestURI();
        }

        @Override
        public String contextPath() {
            return request.getContextPath();
        }

        @Override
        public List<X509Certificate> clientCertificates() {
            return List.of();
        }

        @Override
        public String remoteAddress() {
            return request.getRemoteAddr();
        }
    }
}
