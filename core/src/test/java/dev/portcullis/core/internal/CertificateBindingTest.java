package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.testkit.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 8705 §3: a token bound to a client certificate ({@code cnf.x5t#S256}) is accepted with that certificate only;
 * a token without the claim is not concerned. Real certificates, made by keytool.
 */
class CertificateBindingTest {
    @TempDir
    static Path dir;

    private static TestCertificates clientA;
    private static TestCertificates clientB;

    @BeforeAll
    static void certificates() {
        clientA = TestCertificates.create(dir, "client-a");
        clientB = TestCertificates.create(dir, "client-b");
    }

    private static VerifiedToken token(Object cnf) {
        VerifiedToken.Builder b = VerifiedToken.builder()
                .issuer("https://idp.example")
                .subject("alice")
                .expiresAt(Instant.parse("2030-01-01T00:00:00Z"));
        return cnf == null ? b.build() : b.claim("cnf", cnf).build();
    }

    @Test
    void whenTheThumbprintIsComputedThenItIsTheBase64UrlSha256OfTheDerEncoding() {
        assertThat(CertificateBinding.thumbprint(clientA.certificate()))
                .isEqualTo(clientA.thumbprint())
                .hasSize(43);
    }

    @Test
    void whenABoundTokenComesWithItsCertificateThenItIsAccepted() {
        VerifiedToken bound = token(Map.of("x5t#S256", clientA.thumbprint()));
        assertThat(CertificateBinding.check(bound, List.of(clientA.certificate())))
                .isNull();
        assertThat(CertificateBinding.check(bound, List.of(clientA.certificate(), clientB.certificate())))
                .isNull();
    }

    @Test
    void whenABoundTokenComesWithAnotherCertificateThenItIsRefusedAsInvalidToken() {
        ValidationFailure f = CertificateBinding.check(
                token(Map.of("x5t#S256", clientA.thumbprint())), List.of(clientB.certificate()));
        assertThat(f.reason()).isEqualTo(FailureReason.CERTIFICATE_MISMATCH);
        assertThat(f.status()).isEqualTo(401);
        assertThat(f.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo("invalid_token"));
        assertThat(f.detail()).doesNotContain(clientA.thumbprint());
    }

    @Test
    void whenABoundTokenComesWithoutACertificateThenItIsRefused() {
        VerifiedToken bound = token(Map.of("x5t#S256", clientA.thumbprint()));
        assertThat(CertificateBinding.check(bound, List.of()).reason()).isEqualTo(FailureReason.CERTIFICATE_MISMATCH);
        assertThat(CertificateBinding.check(bound, null).reason()).isEqualTo(FailureReason.CERTIFICATE_MISMATCH);
    }

    @Test
    void whenTheBindingIsNotAStringThenTheTokenIsRefused() {
        assertThat(CertificateBinding.check(
                                token(Map.of("x5t#S256", List.of(clientA.thumbprint()))),
                                List.of(clientA.certificate()))
                        .reason())
                .isEqualTo(FailureReason.CERTIFICATE_MISMATCH);
    }

    @Test
    void whenTheTokenIsNotBoundToACertificateThenAnyOrNoCertificateWill() {
        assertThat(CertificateBinding.check(token(null), List.of())).isNull();
        assertThat(CertificateBinding.check(token(Map.of("jkt", "abc")), List.of(clientB.certificate())))
                .isNull();
        assertThat(CertificateBinding.check(token("not-an-object"), List.of())).isNull();
    }

    @Test
    void whenAProxyForwardsTheCertificateAsUrlEncodedPemThenItIsRead() {
        assertThat(CertificateBinding.fromHeader(List.of(clientA.urlEncodedPem())))
                .hasValueSatisfying(c -> assertThat(c).isEqualTo(clientA.certificate()));
        String envoy = "By=spiffe://rs;Hash=abc;Cert=\"" + clientB.urlEncodedPem() + "\";Subject=\"CN=client-b\"";
        assertThat(CertificateBinding.fromHeader(List.of(envoy)))
                .hasValueSatisfying(c -> assertThat(c).isEqualTo(clientB.certificate()));
    }

    @Test
    void whenTheForwardedHeaderIsMissingRepeatedOrGarbageThenThereIsNoCertificate() {
        assertThat(CertificateBinding.fromHeader(List.of())).isEmpty();
        assertThat(CertificateBinding.fromHeader(null)).isEmpty();
        assertThat(CertificateBinding.fromHeader(List.of(clientA.urlEncodedPem(), clientB.urlEncodedPem())))
                .isEmpty();
        assertThat(CertificateBinding.fromHeader(List.of("%%%garbage"))).isEmpty();
        assertThat(CertificateBinding.fromHeader(
                        List.of("-----BEGIN%20CERTIFICATE-----%0AAAAA%0A-----END%20CERTIFICATE-----")))
                .isEmpty();
        assertThat(CertificateBinding.fromHeader(List.of("x".repeat(20_000)))).isEmpty();
    }
}
