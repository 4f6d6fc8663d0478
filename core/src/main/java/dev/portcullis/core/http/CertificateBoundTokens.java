package dev.portcullis.core.http;

import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.core.internal.CoreInternals;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * The request path's check of certificate-bound tokens (RFC 8705 §3): a token with {@code cnf.x5t#S256} needs the
 * client certificate it names, as the container's TLS connection presented it, or, behind a TLS-terminating proxy
 * and only when configured ({@code portcullis.mtls.certificate-header}), as that proxy forwards it in a header (the
 * proxy must set or remove that header on every request: a client could otherwise send it). On by default whenever
 * the claim is present. Immutable.
 */
final class CertificateBoundTokens {

    /** The trusted header carrying the client certificate (URL-encoded PEM), or null: the container's TLS. */
    private final String header;

    CertificateBoundTokens(String header) {
        this.header = header;
    }

    /** Null if {@code token} may be used in {@code request}, else the {@code CERTIFICATE_MISMATCH} failure. */
    ValidationFailure check(VerifiedToken token, HttpRequestView request) {
        if (!(token.claims().get("cnf") instanceof Map<?, ?> cnf) || !cnf.containsKey("x5t#S256")) {
            return null; // not bound to a certificate: no need to look at the connection
        }
        List<X509Certificate> presented = header == null
                ? request.clientCertificates()
                : CoreInternals.certificateFromHeader(request.headers(header))
                        .map(List::of)
                        .orElse(List.of());
        return CoreInternals.certificateBindingFailure(token, presented);
    }
}
