package dev.portcullis.testkit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The JUnit 5 extension: one provider per class, injected, published as system properties. */
@WithLocalIdp(audience = "orders-api", issuerPath = "/realms/shop")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WithLocalIdpTest {
    static LocalIdp fromBeforeAll;

    @BeforeAll
    static void remember(LocalIdp idp) {
        fromBeforeAll = idp;
    }

    @Test
    @Order(1)
    void whenAnnotatedThenTheProviderIsInjectedAndItsSettingsArePublished(LocalIdp idp) throws Exception {
        assertThat(idp).isSameAs(fromBeforeAll);
        assertThat(idp.issuer()).startsWith("http://127.0.0.1:").endsWith("/realms/shop");
        assertThat(System.getProperty("mp.jwt.verify.issuer")).isEqualTo(idp.issuer());
        assertThat(System.getProperty("mp.jwt.verify.publickey.location"))
                .isEqualTo(idp.jwksUri().toString());
        assertThat(System.getProperty("mp.jwt.verify.audiences")).isEqualTo("orders-api");
        assertThat(System.getProperty("portcullis.jwks.min-refetch-interval")).isEqualTo("0");
        assertThat(idp.configProperties()).containsEntry("portcullis.jwks.min-refetch-interval", "0");
        HttpResponse<String> jwks = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(idp.jwksUri()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(jwks.body()).contains(idp.activeKey().kid());
        idp.failWith(LocalIdp.Failure.HTTP_500);
    }

    @Test
    @Order(2)
    void whenANewTestStartsThenTheFailureModeIsReset(LocalIdp idp) throws Exception {
        assertThat(idp.failure()).isEqualTo(LocalIdp.Failure.NONE);
        HttpResponse<String> jwks = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(System.getProperty("mp.jwt.verify.publickey.location")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(jwks.statusCode()).isEqualTo(200);
    }
}
