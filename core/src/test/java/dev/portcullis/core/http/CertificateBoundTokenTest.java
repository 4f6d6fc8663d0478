package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.http.BearerAuthenticator.Authenticated;
import dev.portcullis.core.http.BearerAuthenticator.Decision;
import dev.portcullis.core.http.BearerAuthenticator.Refused;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request path checks certificate-bound tokens (RFC 8705 §3) against the connection's client certificate, or a
 * trusted proxy's header when one is configured; refused {@code 401 invalid_token}, counted like the others.
 */
class CertificateBoundTokenTest {
    @TempDir
    static Path dir;

    private static TestCertificates clientA;
    private static TestCertificates clientB;
    private final LocalIdp idp = LocalIdp.start();
    private final TokenValidator validator = TokenValidator.builder(ValidatorConfig.builder()
                    .issuer(idp.issuer())
                    .audiences("orders-api")
                    .jwksUri(idp.jwksUri())
                    .jwksMinRefetchInterval(Duration.ZERO)
                    .build())
            .build();

    @BeforeAll
    static void certificates() {
        clientA = TestCertificates.create(dir, "client-a");
        clientB = TestCertificates.create(dir, "client-b");
    }

    @AfterEach
    void close() {
        validator.close();
        idp.close();
    }

    private String boundToA() {
        return idp.token()
                .claim("cnf", Map.of("x5t#S256", clientA.thumbprint()))
                .build();
    }

    private Decision call(BearerAuthenticator authenticator, TestRequest request) {
        return authenticator.authenticate(request, AccessRequirement.none());
    }

    private static void assertRefusedAsInvalidToken(Decision d) {
        assertThat(d).isInstanceOf(Refused.class);
        BearerResponse r = ((Refused) d).response();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().get("WWW-Authenticate").get(0))
                .contains("error=\"invalid_token\"")
                .contains(FailureReason.CERTIFICATE_MISMATCH.description());
    }

    @Test
    void whenABoundTokenComesOverTheConnectionWithItsCertificateThenTheCallerIsAuthenticated() {
        BearerAuthenticator authenticator =
                BearerAuthenticator.builder(validator).build();
        assertThat(call(authenticator, TestRequest.bearer(boundToA()).certificates(List.of(clientA.certificate()))))
                .isInstanceOf(Authenticated.class);
    }

    @Test
    void whenABoundTokenComesWithAnotherCertificateOrNoneThenItIsRefusedAndCounted() {
        BearerAuthenticator authenticator =
                BearerAuthenticator.builder(validator).build();
        String token = boundToA();
        assertRefusedAsInvalidToken(
                call(authenticator, TestRequest.bearer(token).certificates(List.of(clientB.certificate()))));
        assertRefusedAsInvalidToken(call(authenticator, TestRequest.bearer(token)));
        assertThat(validator.metrics().rejected(FailureReason.CERTIFICATE_MISMATCH))
                .isEqualTo(2);
    }

    @Test
    void whenATokenIsNotBoundThenNoCertificateIsNeeded() {
        BearerAuthenticator authenticator =
                BearerAuthenticator.builder(validator).build();
        assertThat(call(authenticator, TestRequest.bearer(idp.token().build()))).isInstanceOf(Authenticated.class);
    }

    @Test
    void whenBehindAProxyThenTheCertificateComesFromItsHeaderOnly() {
        BearerAuthenticator authenticator = BearerAuthenticator.builder(validator)
                .clientCertificateHeader("X-SSL-Client-Cert")
                .build();
        String token = boundToA();
        assertThat(call(authenticator, TestRequest.bearer(token).header("X-SSL-Client-Cert", clientA.urlEncodedPem())))
                .isInstanceOf(Authenticated.class);
        assertRefusedAsInvalidToken(
                call(authenticator, TestRequest.bearer(token).header("X-SSL-Client-Cert", clientB.urlEncodedPem())));
        assertRefusedAsInvalidToken(
                call(authenticator, TestRequest.bearer(token).certificates(List.of(clientA.certificate()))));
    }

    @Test
    void whenNoProxyIsConfiguredThenTheHeaderIsIgnored() {
        BearerAuthenticator authenticator =
                BearerAuthenticator.builder(validator).build();
        assertRefusedAsInvalidToken(call(
                authenticator, TestRequest.bearer(boundToA()).header("X-SSL-Client-Cert", clientA.urlEncodedPem())));
    }
}
