package dev.portcullis.jaxrs;

import dev.portcullis.core.http.AccessTokenParameter;
import dev.portcullis.core.http.HttpRequestView;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

/** A JAX-RS request as the request path sees it. One per request. */
final class JaxrsRequestView implements HttpRequestView {
    /**
     * How much of a form-encoded body is searched for an {@code access_token} (RFC 6750 §2.2):
     * beyond it, the rest is not searched (a token there would not authenticate anyway) and the
     * whole body still reaches the resource.
     */
    static final int FORM_SEARCH_LIMIT = 64 * 1024;
    /** The servlet attribute (a request property in JAX-RS on a servlet container) of the client certificates. */
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final ContainerRequestContext request;
    private final URI uri;
    private final String path;

    JaxrsRequestView(ContainerRequestContext request) {
        this.request = request;
        this.uri = request.getUriInfo().getRequestUri();
        this.path = Validators.pathWithinApplication(uri);
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = request.getHeaders().get(name);
        return values == null ? List.of() : values;
    }

    @Override
    public boolean tokenElsewhere() {
        return AccessTokenParameter.in(uri.getRawQuery()) || tokenInForm();
    }

    /**
     * True if a form-encoded body has an {@code access_token} in its first {@value #FORM_SEARCH_LIMIT}
     * bytes. The bytes read are put back in front of the rest, so the resource gets the whole body.
     */
    private boolean tokenInForm() {
        if (!AccessTokenParameter.isForm(request.getHeaderString(HttpHeaders.CONTENT_TYPE)) || !request.hasEntity()) {
            return false;
        }
        InputStream in = request.getEntityStream();
        byte[] head;
        try {
            head = in.readNBytes(FORM_SEARCH_LIMIT);
        } catch (IOException e) {
            return false; // the resource will meet the same broken body
        }
        boolean complete = head.length < FORM_SEARCH_LIMIT;
        request.setEntityStream(
                complete
                        ? new ByteArrayInputStream(head)
                        : new SequenceInputStream(new ByteArrayInputStream(head), in));
        int searched = head.length;
        if (!complete) { // only whole parameters: a name cut at the limit could read as another
            while (searched > 0 && head[searched - 1] != '&') {
                searched--;
            }
        }
        return AccessTokenParameter.in(head, searched);
    }

    @Override
    public String scheme() {
        return uri.getScheme();
    }

    @Override
    public String host() {
        return uri.getHost();
    }

    @Override
    public int port() {
        int port = uri.getPort();
        if (port >= 0) {
            return port;
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    @Override
    public String requestPath() {
        String raw = uri.getRawPath();
        return raw == null || raw.isEmpty() ? "/" : raw;
    }

    @Override
    public String contextPath() {
        String c = Validators.contextPath();
        return c == null ? "" : c;
    }

    @Override
    public List<X509Certificate> clientCertificates() {
        return request.getProperty(CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0
                ? List.of(chain)
                : List.of();
    }

    /**
     * Not known to JAX-RS itself: the servlet request's, as {@link PortcullisLifecycle} noted it in an
     * attribute (a request property); else empty, which no proxy setting trusts.
     */
    @Override
    public String remoteAddress() {
        return request.getProperty(PortcullisLifecycle.REMOTE_ADDRESS) instanceof String a ? a : "";
    }
}
