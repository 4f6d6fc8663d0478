package dev.portcullis.jaxrs;

import dev.portcullis.core.BearerPrincipal;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.core.http.AccessRequirement;
import dev.portcullis.core.http.AccessTokenParameter;
import dev.portcullis.core.http.BearerAuthenticator;
import dev.portcullis.core.http.BearerResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * Authenticates and authorizes one resource method's requests through the shared request path
 * ({@link BearerAuthenticator}). Refusals are {@code abortWith} responses, so no exception ever
 * reaches a user {@code ExceptionMapper} or turns into a 500.
 */
final class BearerAuthenticationFilter implements ContainerRequestFilter {
    /** Request property (a servlet request attribute) holding the verified token. */
    static final String TOKEN_PROPERTY = VerifiedToken.class.getName();
    /**
     * How much of a form-encoded body is searched for an {@code access_token} (RFC 6750 §2.2):
     * beyond it, the rest is not searched (a token there would not authenticate anyway) and the
     * whole body still reaches the resource.
     */
    static final int FORM_SEARCH_LIMIT = 64 * 1024;
    private static final System.Logger LOG = System.getLogger("dev.portcullis.jaxrs");

    private final AccessRequirement need;

    BearerAuthenticationFilter(AccessRequirement need) {
        this.need = need;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        BearerAuthenticator authenticator;
        try {
            authenticator = Validators.authenticator();
        } catch (RuntimeException e) {
            // A configuration that cannot be used surfaces here on first use; never as a 500 with a stack trace.
            LOG.log(System.Logger.Level.ERROR, "Portcullis cannot validate requests: {0}", e.getMessage());
            abort(request, Validators.unavailable());
            return;
        }
        String path = Validators.pathWithinApplication(request.getUriInfo().getRequestUri());
        BearerAuthenticator.Decision decision;
        if (request.getProperty(TOKEN_PROPERTY) instanceof VerifiedToken verified) { // the servlet filter's
            decision = authenticator.authorize(verified, request.getMethod(), path, need);
        } else {
            List<String> headers = request.getHeaders().get(authenticator.headerName());
            boolean elsewhere = headers != null && !headers.isEmpty()
                    && (AccessTokenParameter.in(request.getUriInfo().getRequestUri().getRawQuery()) || tokenInForm(request));
            decision = authenticator.authenticate(headers, elsewhere, request.getMethod(), path, need);
        }
        if (decision instanceof BearerAuthenticator.Authenticated ok) {
            request.setProperty(TOKEN_PROPERTY, ok.token());
            request.setSecurityContext(new BearerSecurityContext(ok.principal(), request.getSecurityContext()));
        } else {
            abort(request, ((BearerAuthenticator.Refused) decision).response());
        }
    }

    /**
     * True if a form-encoded body has an {@code access_token} in its first {@value #FORM_SEARCH_LIMIT}
     * bytes. The bytes read are put back in front of the rest, so the resource gets the whole body.
     */
    private static boolean tokenInForm(ContainerRequestContext request) {
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
        request.setEntityStream(complete ? new ByteArrayInputStream(head)
                : new SequenceInputStream(new ByteArrayInputStream(head), in));
        int searched = head.length;
        if (!complete) { // only whole parameters: a name cut at the limit could read as another
            while (searched > 0 && head[searched - 1] != '&') {
                searched--;
            }
        }
        return AccessTokenParameter.in(head, searched);
    }

    private static void abort(ContainerRequestContext request, BearerResponse answer) {
        Response.ResponseBuilder r = Response.status(answer.status()).entity(answer.body())
                .type(BearerResponse.CONTENT_TYPE);
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
            r.header(h.getKey(), h.getValue());
        }
        request.abortWith(r.build());
    }

    /** The security context of an authenticated request. */
    private static final class BearerSecurityContext implements SecurityContext {
        private final BearerPrincipal principal;
        private final boolean secure;

        BearerSecurityContext(BearerPrincipal principal, SecurityContext original) {
            this.principal = principal;
            this.secure = original != null && original.isSecure();
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public boolean isUserInRole(String role) {
            return role != null && principal.roles().contains(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "BEARER";
        }
    }
}
