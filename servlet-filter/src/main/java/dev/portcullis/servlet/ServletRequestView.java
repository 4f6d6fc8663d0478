package dev.portcullis.servlet;

import dev.portcullis.core.http.AccessTokenParameter;
import dev.portcullis.core.http.HttpRequestView;
import jakarta.servlet.http.HttpServletRequest;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/** A servlet request as the request path sees it. One per request. */
final class ServletRequestView implements HttpRequestView {
    /** The servlet attribute of the client certificate chain (Servlet 6, §3.10). */
    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final HttpServletRequest request;
    private final String path;

    ServletRequestView(HttpServletRequest request, String path) {
        this.request = request;
        this.path = path;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        return path;
    }

    /** Every value, without an ArrayList for the usual single value. */
    @Override
    public List<String> headers(String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first == null ? List.of() : List.of(first);
        }
        List<String> all = new ArrayList<>(2);
        all.add(first);
        while (values.hasMoreElements()) {
            all.add(values.nextElement());
        }
        return all;
    }

    /**
     * The query string, or a form-encoded body read with {@code getParameter} so that the
     * application still finds its parameters.
     */
    @Override
    public boolean tokenElsewhere() {
        return AccessTokenParameter.in(request.getQueryString())
                || AccessTokenParameter.isForm(request.getContentType())
                        && request.getParameter(AccessTokenParameter.NAME) != null;
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
        return request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0
                ? List.of(chain)
                : List.of();
    }

    @Override
    public String remoteAddress() {
        return request.getRemoteAddr();
    }
}
