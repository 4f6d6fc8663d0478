package dev.portcullis.jaxrs;

import dev.portcullis.core.BearerPrincipal;
import dev.portcullis.core.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/**
 * With CDI, {@code @Inject VerifiedToken} and {@code @Inject BearerPrincipal} give the current
 * request's token (null when the request is not authenticated).
 *
 * @since 0.1.0
 */
@ApplicationScoped
public class TokenProducer {
    @Inject
    HttpServletRequest request;

    /** For CDI. */
    public TokenProducer() {}

    /** The current request's verified token, or null. */
    @Produces
    @Dependent
    public VerifiedToken verifiedToken() {
        return request.getAttribute(BearerAuthenticationFilter.TOKEN_PROPERTY) instanceof VerifiedToken t ? t : null;
    }

    /** The current request's principal, or null. */
    @Produces
    @Dependent
    public BearerPrincipal principal() {
        VerifiedToken token = verifiedToken();
        return token == null ? null : new BearerPrincipal(token);
    }
}
