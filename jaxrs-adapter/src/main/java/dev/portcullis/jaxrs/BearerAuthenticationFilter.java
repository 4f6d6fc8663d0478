package dev.portcullis.jaxrs;

import dev.portcullis.core.BearerPrincipal;
import dev.portcullis.core.FailureReason;
import dev.portcullis.core.TokenFingerprint;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.core.http.BearerResponse;
import dev.portcullis.core.http.BearerTokenExtractor;
import dev.portcullis.core.http.BearerTokenExtractor.Extraction;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * Authenticates and authorizes one resource method's requests by its {@link Policy}. Refusals are
 * {@code abortWith} responses built by the shared writer, so no exception ever reaches a user
 * {@code ExceptionMapper} or turns into a 500.
 */
final class BearerAuthenticationFilter implements ContainerRequestFilter {
    /** Request property (a servlet request attribute) holding the verified token. */
    static final String TOKEN_PROPERTY = VerifiedToken.class.getName();
    private static final System.Logger LOG = System.getLogger("dev.portcullis.jaxrs");

    private final Policy policy;
    private final String realm;

    BearerAuthenticationFilter(Policy policy, String realm) {
        this.policy = policy;
        this.realm = realm;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            check(request);
        } catch (RuntimeException e) {
            // Configuration problems surface here on first use; never as a 500 with a stack trace.
            LOG.log(System.Logger.Level.ERROR, "Portcullis cannot validate requests: {0}", e.getMessage());
            abort(request, BearerResponse.forResult(realm, new ValidationResult.Unavailable(
                    ValidationFailure.of(FailureReason.KEYS_UNAVAILABLE, "adapter failure"), java.time.Duration.ofSeconds(30))));
        }
    }

    private void check(ContainerRequestContext request) {
        if (policy.access() == Policy.Access.PUBLIC) {
            return;
        }
        if (policy.access() == Policy.Access.DENIED) {
            abort(request, BearerResponse.forFailure(realm, ValidationFailure.of(FailureReason.INSUFFICIENT_ROLE, "@DenyAll")));
            return;
        }
        VerifiedToken token = request.getProperty(TOKEN_PROPERTY) instanceof VerifiedToken t ? t : null;
        if (token == null) {
            var validator = Validators.get();
            BearerTokenExtractor extractor = BearerTokenExtractor.forHeader(validator.config().tokenHeader());
            List<String> headers = request.getHeaders().get(extractor.headerName());
            boolean elsewhere = request.getUriInfo().getQueryParameters().containsKey("access_token");
            Extraction extraction = extractor.extract(headers, elsewhere);
            if (extraction instanceof Extraction.Absent) {
                // Judged by the validator too, so a proxy that drops the header shows in its counters.
                abort(request, BearerResponse.forResult(realm, validator.validate(null)));
                return;
            }
            if (extraction instanceof Extraction.Refused refused) {
                validator.recordRefusal(refused.failure());
                abort(request, BearerResponse.forFailure(realm, refused.failure()));
                return;
            }
            String raw = ((Extraction.Found) extraction).token();
            ValidationResult result = validator.validate(raw);
            if (!(result instanceof ValidationResult.Valid valid)) {
                ValidationFailure f = result.rejection().orElseThrow();
                LOG.log(f.reason().isServerFault() ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                        "Refused {0} {1}: token {2} {3} ({4})", request.getMethod(), request.getUriInfo().getPath(),
                        TokenFingerprint.of(raw), f.reason(), f.detail());
                abort(request, BearerResponse.forResult(realm, result));
                return;
            }
            token = valid.token();
            request.setProperty(TOKEN_PROPERTY, token);
        }
        ValidationFailure refusal = null;
        if (!policy.scopesSatisfiedBy(token.scopes())) {
            refusal = new ValidationFailure(FailureReason.INSUFFICIENT_SCOPE,
                    "needs " + policy.match() + " of " + policy.scopes(), List.copyOf(policy.scopes()));
        } else if (!policy.rolesSatisfiedBy(token.roles())) {
            refusal = ValidationFailure.of(FailureReason.INSUFFICIENT_ROLE, "needs one of " + policy.roles());
        }
        if (refusal != null) {
            Validators.get().recordRefusal(refusal);
            abort(request, BearerResponse.forFailure(realm, refusal));
            return;
        }
        request.setSecurityContext(new BearerSecurityContext(new BearerPrincipal(token), request.getSecurityContext()));
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
