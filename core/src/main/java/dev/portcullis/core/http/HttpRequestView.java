package dev.portcullis.core.http;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the request path ({@link BearerAuthenticator}) needs to know of an HTTP request. Each adapter
 * implements it over its own request type, once; the request path reads only what a decision needs
 * (the form body, for example, only when a token header is present). Implementations are used by
 * one thread, for one request.
 *
 * <p>Scheme, host and port are those the container saw (for a servlet container:
 * {@code getScheme()}, {@code getServerName()}, {@code getServerPort()}); nothing in the request path
 * trusts {@code Forwarded} or {@code X-Forwarded-*} headers unless a trusted proxy is configured.
 */
public interface HttpRequestView {
    /** The request method, e.g. {@code GET}. */
    String method();

    /** The path within the application (servlet path and path info), for rules and the log line. */
    String path();

    /**
     * Every value of the header {@code name} (case-insensitive), each header line separately, in
     * request order; an empty list if there is none. Never null.
     */
    List<String> headers(String name);

    /**
     * True if the request also carries an {@code access_token} in its query string or in a
     * form-encoded body (RFC 6750 §2.2, §2.3; see {@link AccessTokenParameter}). Asked only when a
     * token header is present.
     */
    boolean tokenElsewhere();

    /** The scheme the request came in with: {@code http} or {@code https}. */
    String scheme();

    /** The host the request was sent to, as the container saw it. */
    String host();

    /** The port the request was sent to, as the container saw it. */
    int port();

    /**
     * The path of the request URI as sent (percent-encoded, with the context path, without the query),
     * e.g. {@code /shop/api/orders/17}.
     */
    String requestPath();

    /** The application's context path, e.g. {@code /shop}, or the empty string for the root. */
    String contextPath();

    /**
     * The client certificate chain of a mutually authenticated TLS connection (the servlet attribute
     * {@code jakarta.servlet.request.X509Certificate}), the client's own first; empty if none.
     */
    List<X509Certificate> clientCertificates();

    /** The address of the immediate peer (a proxy, if there is one). */
    String remoteAddress();
}
