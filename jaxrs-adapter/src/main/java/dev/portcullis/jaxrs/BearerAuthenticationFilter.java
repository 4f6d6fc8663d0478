package dev.portcullis.jaxrs;

import dev.portcullis.core.BearerPrincipal;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.core.http.AccessRequirement;
import dev.portcullis.core.http.BearerAuthenticator;
import dev.portcullis.core.http.BearerResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * Authenticates and authorizes one resource method's requests through the shared request path
 * ({@link BearerAuthenticator}). Refusals are {@code abortWith} responses, so no exception ever
 * reaches a user {@code ExceptionMapper} or turns into a 500.
 */
final class BearerAuthenticationFilter implements ContainerRequestFilter, ContainerResponseFilter {
    /** Request property (a servlet request attribute) holding the verified token. */
    static final String TOKEN_PROPERTY = VerifiedToken.class.getName();
    /** Request property holding the headers an authenticated request's response gets (see the response filter). */
    static final String RESPONSE_HEADERS_PROPERTY = BearerAuthenticator.Authenticated.class.getName() + ".headers";

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
        JaxrsRequestView view = new JaxrsRequestView(request);
        BearerAuthenticator.Decision decision;
        if (request.getProperty(TOKEN_PROPERTY) instanceof VerifiedToken verified) { // the servlet filter's
            decision = authenticator.authorize(verified, view, need);
        } else {
            decision = authenticator.authenticate(view, need);
        }
        if (decision instanceof BearerAuthenticator.Authenticated ok) {
            request.setProperty(TOKEN_PROPERTY, ok.token());
            if (!ok.responseHeaders().isEmpty()) {
                request.setProperty(RESPONSE_HEADERS_PROPERTY, ok.responseHeaders());
            }
            request.setSecurityContext(new BearerSecurityContext(ok.principal(), request.getSecurityContext()));
        } else {
            abort(request, ((BearerAuthenticator.Refused) decision).response());
        }
    }

    /** Adds the headers the request path gave an authenticated request (e.g. a {@code DPoP-Nonce}). */
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(RESPONSE_HEADERS_PROPERTY) instanceof Map<?, ?> headers) {
            for (Map.Entry<?, ?> h : headers.entrySet()) {
                for (Object value : (List<?>) h.getValue()) {
                    response.getHeaders().add((String) h.getKey(), value);
                }
            }
        }
    }

    private static void abort(ContainerRequestContext request, BearerResponse answer) {
        Response.ResponseBuilder r =
                Response.status(answer.status()).entity(answer.body()).type(BearerResponse.CONTENT_TYPE);
        for (Map.Entry<String, List<String>> h : answer.headers().entrySet()) {
            for (String value : h.getValue()) {
                r.header(h.getKey(), value);
            }
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
