package dev.portcullis.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate and its key in a PKCS#12 key store, made by the JDK's own {@code keytool} (the JDK has no
 * public API to build certificates), for tests of certificate-bound tokens (RFC 8705) and TLS with client
 * certificates.
 *
 * <pre>{@code
 * TestCertificates client = TestCertificates.create(dir, "client-a");
 * String cnf = client.thumbprint();   // the token's cnf.x5t#S256
 * }</pre>
 */
public final class TestCertificates {
    /** The password of the key store and the key. */
    public static final String PASSWORD = "changeit";

    private final Path keyStore;
    private final String alias;
    private final X509Certificate certificate;

    private TestCertificates(Path keyStore, String alias, X509Certificate certificate) {
        this.keyStore = keyStore;
        this.alias = alias;
        this.certificate = certificate;
    }

    /**
     * Makes an EC P-256 key pair and a self-signed certificate for {@code CN=<name>} (valid two days, with
     * {@code SAN=IP:127.0.0.1,DNS:localhost} so it can serve TLS on loopback too) in {@code <dir>/<name>.p12},
     * replacing that file if it exists.
     */
    public static TestCertificates create(Path dir, String name) {
        Path file = dir.resolve(name + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + name,
                "-validity",
                "2",
                "-ext",
                "SAN=IP:127.0.0.1,DNS:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(file); // a fresh key each time: keytool refuses an alias that exists
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, PASSWORD.toCharArray());
            }
            return new TestCertificates(file, name, (X509Certificate) store.getCertificate(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool ran", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keytool's key store cannot be read", e);
        }
    }

    /** The PKCS#12 key store holding the key and the certificate (password {@link #PASSWORD}). */
    public Path keyStore() {
        return keyStore;
    }

    /** The alias of the key in {@link #keyStore()}. */
    public String alias() {
        return alias;
    }

    /** The certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Its RFC 8705 thumbprint, the value of a bound token's {@code cnf.x5t#S256}. */
    public String thumbprint() {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate as PEM, then URL-encoded, as nginx ({@code $ssl_client_escaped_cert}) forwards it. */
    public String urlEncodedPem() {
        try {
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            return java.net.URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
