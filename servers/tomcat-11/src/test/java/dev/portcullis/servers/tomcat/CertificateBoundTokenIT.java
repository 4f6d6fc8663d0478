package dev.portcullis.servers.tomcat;

import dev.portcullis.servers.ExplodedWars;
import dev.portcullis.servlet.it.EchoServlet;
import dev.portcullis.servlet.it.Wars;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestCertificates;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Certificate-bound tokens (RFC 8705 §3) over a real TLS connection with client certificates: embedded Tomcat 11
 * with an HTTPS connector that asks for a client certificate ({@code certificateVerification="optional"}), a WAR
 * protected by the servlet filter, and a token bound to client A's certificate. With A's certificate: 200; with B's
 * or none: 401 {@code invalid_token}.
 */
class CertificateBoundTokenIT {
    private static final Path WORK = Path.of(System.getProperty("portcullis.server.work", "target/server"))
            .resolve("certificate-bound");
    private static final LocalIdp IDP = LocalIdp.start();
    private static TestCertificates server;
    private static TestCertificates clientA;
    private static TestCertificates clientB;
    private static Tomcat tomcat;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        Path certs = WORK.resolve("certificates");
        server = TestCertificates.create(certs, "server");
        clientA = TestCertificates.create(certs, "client-a");
        clientB = TestCertificates.create(certs, "client-b");
        Path trustedClients = trustStore(certs.resolve("trusted-clients.p12"), clientA, clientB);

        tomcat = new Tomcat();
        tomcat.setBaseDir(WORK.resolve("tomcat").toAbsolutePath().toString());
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Connector https = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        https.setPort(0);
        https.setProperty("address", "127.0.0.1");
        https.setSecure(true);
        https.setScheme("https");
        https.setProperty("SSLEnabled", "true");
        SSLHostConfig tls = new SSLHostConfig();
        tls.setCertificateVerification("optional");
        tls.setTruststoreFile(trustedClients.toAbsolutePath().toString());
        tls.setTruststorePassword(TestCertificates.PASSWORD);
        tls.setTruststoreType("PKCS12");
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(tls, SSLHostConfigCertificate.Type.EC);
        certificate.setCertificateKeystoreFile(
                server.keyStore().toAbsolutePath().toString());
        certificate.setCertificateKeystorePassword(TestCertificates.PASSWORD);
        certificate.setCertificateKeystoreType("PKCS12");
        certificate.setCertificateKeyAlias(server.alias());
        tls.addCertificate(certificate);
        https.addSslHostConfig(tls);
        tomcat.setConnector(https);
        tomcat.start();

        Path war = ExplodedWars.explode(
                Wars.protectedWar(
                        "bound",
                        Map.of(
                                "mp.jwt.verify.issuer", IDP.issuer(),
                                "mp.jwt.verify.audiences", "orders-api",
                                "mp.jwt.verify.publickey.location",
                                        IDP.jwksUri().toString()),
                        EchoServlet.class),
                WORK.resolve("wars"));
        deploy("bound", war);
        base = URI.create("https://127.0.0.1:" + https.getLocalPort() + "/bound/");
    }

    private static void deploy(String name, Path explodedWar) {
        StandardContext ctx = new StandardContext();
        ctx.setName("/" + name);
        ctx.setPath("/" + name);
        ctx.setDocBase(explodedWar.toAbsolutePath().toString());
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(Constants.NoDefaultWebXml);
        ctx.addLifecycleListener(config);
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        ctx.setJarScanner(scanner);
        tomcat.getHost().addChild(ctx);
        assertThat(ctx.getState().isAvailable()).as("/%s started", name).isTrue();
    }

    @AfterAll
    static void stop() throws LifecycleException {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        IDP.close();
    }

    private static Path trustStore(Path file, TestCertificates... trusted) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (TestCertificates t : trusted) {
            store.setCertificateEntry(t.alias(), t.certificate());
        }
        try (var out = Files.newOutputStream(file)) {
            store.store(out, TestCertificates.PASSWORD.toCharArray());
        }
        return file;
    }

    /** A client trusting the server's certificate, presenting {@code client}'s certificate (null: none). */
    private static HttpClient client(TestCertificates client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", server.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (client != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(client.keyStore())) {
                keys.load(in, TestCertificates.PASSWORD.toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, TestCertificates.PASSWORD.toCharArray());
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static HttpResponse<String> get(TestCertificates client, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("orders"))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(20))
                .build();
        return client(client).send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String tokenBoundToA() {
        return IDP.token()
                .claim("cnf", Map.of("x5t#S256", clientA.thumbprint()))
                .build();
    }

    @Test
    void whenTheBoundTokenComesWithItsCertificateThenTheRequestIsServed() throws Exception {
        HttpResponse<String> r = get(clientA, tokenBoundToA());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("bearer=true");
    }

    @Test
    void whenTheBoundTokenComesWithAnotherCertificateThenItIsRefusedAsInvalidToken() throws Exception {
        HttpResponse<String> r = get(clientB, tokenBoundToA());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(c ->
                        assertThat(c).contains("error=\"invalid_token\"").contains("bound to a client certificate"));
    }

    @Test
    void whenTheBoundTokenComesWithoutACertificateThenItIsRefusedAsInvalidToken() throws Exception {
        HttpResponse<String> r = get(null, tokenBoundToA());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(c -> assertThat(c).contains("error=\"invalid_token\""));
    }

    @Test
    void whenAnUnboundTokenComesWithoutACertificateThenTheRequestIsServed() throws Exception {
        assertThat(get(null, IDP.token().build()).statusCode()).isEqualTo(200);
    }
}
