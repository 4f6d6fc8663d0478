package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.VerifiedToken;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Certificate-bound access tokens (RFC 8705 §3): a token whose {@code cnf} claim has {@code x5t#S256} is accepted
 * only with the client certificate whose DER encoding hashes (SHA-256, base64url) to it, as the TLS connection (or a
 * trusted TLS-terminating proxy) presented it. A token without the claim is not concerned.
 */
final class CertificateBinding {
    /** The most characters of a proxy's certificate header read; a PEM certificate chain is far below. */
    private static final int MAX_HEADER = 16 * 1024;

    private CertificateBinding() {}

    /**
     * Null if {@code token} may be used with the certificates {@code presented} (the client's first), else why not.
     */
    static ValidationFailure check(VerifiedToken token, List<X509Certificate> presented) {
        Object cnf = token.claims().get("cnf");
        if (!(cnf instanceof Map<?, ?> confirmation) || !confirmation.containsKey("x5t#S256")) {
            return null;
        }
        if (!(confirmation.get("x5t#S256") instanceof String bound)) {
            return ValidationFailure.of(FailureReason.CERTIFICATE_MISMATCH, "cnf.x5t#S256 is not a string");
        }
        if (presented == null || presented.isEmpty()) {
            return ValidationFailure.of(
                    FailureReason.CERTIFICATE_MISMATCH, "bound to a client certificate, none presented");
        }
        String actual = thumbprint(presented.get(0));
        if (actual == null
                || !MessageDigest.isEqual(
                        actual.getBytes(StandardCharsets.US_ASCII), bound.getBytes(StandardCharsets.UTF_8))) {
            return ValidationFailure.of(
                    FailureReason.CERTIFICATE_MISMATCH,
                    "bound to another client certificate"
                            + " than the one presented (x5t#S256 "
                            + (actual == null ? "unreadable" : actual.substring(0, 8))
                            + "...)");
        }
        return null;
    }

    /** The RFC 8705 thumbprint: base64url (no padding) of the SHA-256 of the DER encoding; null if unencodable. */
    static String thumbprint(X509Certificate certificate) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (CertificateEncodingException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The client certificate a TLS-terminating proxy forwarded in a header: URL-encoded PEM, as nginx's
     * {@code $ssl_client_escaped_cert} and Envoy's {@code x-forwarded-client-cert} ({@code Cert="..."}) carry it.
     * Empty when there is no such header, more than one, or it cannot be read: then a bound token is refused.
     */
    static Optional<X509Certificate> fromHeader(List<String> values) {
        if (values == null
                || values.size() != 1
                || values.get(0) == null
                || values.get(0).length() > MAX_HEADER) {
            return Optional.empty();
        }
        String value = values.get(0).trim();
        int cert = value.indexOf("Cert=");
        if (cert >= 0) { // Envoy: By=...;Hash=...;Cert="...";Subject=...
            String rest = value.substring(cert + 5);
            if (rest.startsWith("\"")) {
                int end = rest.indexOf('"', 1);
                value = end < 0 ? "" : rest.substring(1, end);
            } else {
                int end = rest.indexOf(';');
                value = end < 0 ? rest : rest.substring(0, end);
            }
        }
        try {
            String pem = URLDecoder.decode(value, StandardCharsets.UTF_8);
            if (!pem.startsWith("-----BEGIN CERTIFICATE-----")) {
                return Optional.empty();
            }
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return Optional.of((X509Certificate)
                    factory.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        } catch (CertificateException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }
}
