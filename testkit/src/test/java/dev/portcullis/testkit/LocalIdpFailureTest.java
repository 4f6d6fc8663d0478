package dev.portcullis.testkit;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalIdpFailureTest {

    private static final int MIB = 1024 * 1024;

    private final LocalIdp idp = LocalIdp.start();

    @AfterEach
    void closeIdp() {
        idp.close();
    }

    private URI endpoint(String name) {
        return name.equals("jwks") ? idp.jwksUri() : idp.discoveryUri();
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(URI uri) {
        return Http.CLIENT.sendAsync(Http.request(uri, Duration.ofSeconds(30)), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jwks", "discovery"})
    void http500AnswersInternalServerError(String name) throws Exception {
        idp.failWith(LocalIdp.Failure.HTTP_500);

        assertThat(Http.get(endpoint(name)).statusCode()).isEqualTo(500);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jwks", "discovery"})
    void http404AnswersNotFound(String name) throws Exception {
        idp.failWith(LocalIdp.Failure.HTTP_404);

        assertThat(Http.get(endpoint(name)).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jwks", "discovery"})
    void garbageIs200WithBytesThatAreNotJson(String name) throws Exception {
        idp.failWith(LocalIdp.Failure.GARBAGE);

        HttpResponse<byte[]> response = Http.getBytes(endpoint(name));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.contentType(response)).isEqualTo("application/json");
        assertThat(response.body()).isNotEmpty();
        assertThatThrownBy(() -> JsonUtil.parseJson(new String(response.body(), StandardCharsets.UTF_8)))
                .isInstanceOf(JoseException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jwks", "discovery"})
    void htmlIs200WithATextHtmlPage(String name) throws Exception {
        idp.failWith(LocalIdp.Failure.HTML);

        HttpResponse<String> response = Http.get(endpoint(name));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.contentType(response)).startsWith("text/html");
        assertThat(response.body()).startsWith("<!DOCTYPE html>");
    }

    @Test
    void emptyKeysServesAnEmptyKeySetButNormalDiscovery() throws Exception {
        idp.failWith(LocalIdp.Failure.EMPTY_KEYS);

        HttpResponse<String> jwks = Http.get(idp.jwksUri());

        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.body()).isEqualTo("{\"keys\":[]}");
        assertThat(Http.json(Http.get(idp.discoveryUri()).body())).containsEntry("issuer", idp.issuer());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jwks", "discovery"})
    void oversizedIsValidJsonOfAtLeastOneMebibyteWithoutContentLength(String name) throws Exception {
        idp.failWith(LocalIdp.Failure.OVERSIZED);

        HttpResponse<String> response = Http.get(endpoint(name));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
        assertThat(response.body().getBytes(StandardCharsets.UTF_8).length).isGreaterThanOrEqualTo(MIB);
        if (name.equals("jwks")) {
            assertThat(Jose.kids(response.body())).containsExactly("key-1");
        } else {
            assertThat(Http.json(response.body())).containsEntry("issuer", idp.issuer());
        }
    }

    @Test
    void hangMakesAClientTimeOutAndRecoverReleasesTheHungRequest() throws Exception {
        idp.failWith(LocalIdp.Failure.HANG);

        assertThatThrownBy(() -> Http.CLIENT.send(
                        Http.request(idp.jwksUri(), Duration.ofMillis(300)), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        CompletableFuture<HttpResponse<String>> hung = sendAsync(idp.jwksUri());
        assertThat(idp.awaitJwksRequests(2, Duration.ofSeconds(10))).isTrue();
        assertThat(hung).isNotDone();

        idp.recover();

        HttpResponse<String> response = hung.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Jose.kids(response.body())).containsExactly("key-1");
        assertThat(idp.failure()).isEqualTo(LocalIdp.Failure.NONE);
    }

    @Test
    void downRefusesConnectionsOnThePortAndRecoverListensOnTheSamePortAgain() throws Exception {
        int port = idp.port();
        idp.failWith(LocalIdp.Failure.DOWN);

        assertThatThrownBy(() -> Http.get(idp.jwksUri())).isInstanceOf(java.net.ConnectException.class);
        assertThatThrownBy(() -> Http.get(idp.discoveryUri())).isInstanceOf(java.net.ConnectException.class);
        assertThat(idp.jwksRequests()).isZero();

        idp.recover();

        assertThat(idp.port()).isEqualTo(port);
        HttpResponse<String> response = Http.get(idp.jwksUri());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Jose.kids(response.body())).containsExactly("key-1");
    }

    @Test
    void downThenAnotherFailureListensAgainWithThatFailure() throws Exception {
        idp.failWith(LocalIdp.Failure.DOWN);
        idp.failWith(LocalIdp.Failure.HTTP_500);

        assertThat(Http.get(idp.jwksUri()).statusCode()).isEqualTo(500);
    }

    @Test
    void closeWhileDownReleasesThePort() throws Exception {
        int port = idp.port();
        idp.failWith(LocalIdp.Failure.DOWN);
        idp.close();

        try (java.net.ServerSocket again = new java.net.ServerSocket()) {
            again.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void slowAnswersNormallyButOnlyAfterTheDelay() throws Exception {
        idp.slowDown(Duration.ofMillis(600));

        long start = System.nanoTime();
        HttpResponse<String> response = Http.get(idp.jwksUri());
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(idp.failure()).isEqualTo(LocalIdp.Failure.SLOW);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Jose.kids(response.body())).containsExactly("key-1");
        assertThat(tookMillis).isGreaterThanOrEqualTo(600);
        assertThatThrownBy(() -> Http.CLIENT.send(
                        Http.request(idp.jwksUri(), Duration.ofMillis(200)), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        idp.recover();
        start = System.nanoTime();
        assertThat(Http.get(idp.jwksUri()).statusCode()).isEqualTo(200);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(600);
    }

    @Test
    void slowDownRefusesANegativeDelay() {
        assertThatThrownBy(() -> idp.slowDown(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zero or more");
    }

    @Test
    void hangDoesNotPinTheServer() throws Exception {
        idp.failWith(LocalIdp.Failure.HANG);
        CompletableFuture<?>[] hung = new CompletableFuture<?>[20];
        for (int i = 0; i < hung.length; i++) {
            hung[i] = sendAsync(idp.discoveryUri());
        }
        assertThat(idp.awaitDiscoveryRequests(hung.length, Duration.ofSeconds(10)))
                .isTrue();

        HttpResponse<String> unrelated = Http.get(URI.create(idp.issuer() + "/other"));

        assertThat(unrelated.statusCode()).isEqualTo(404);
        idp.recover();
        CompletableFuture.allOf(hung).get(10, TimeUnit.SECONDS);
    }

    @Test
    void leavingHangForAnotherFailureAnswersHungRequestsWithThatFailure() throws Exception {
        idp.failWith(LocalIdp.Failure.HANG);
        CompletableFuture<HttpResponse<String>> hung = sendAsync(idp.jwksUri());
        assertThat(idp.awaitJwksRequests(1, Duration.ofSeconds(10))).isTrue();

        idp.failWith(LocalIdp.Failure.HTTP_500);

        assertThat(hung.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
    }

    @Test
    void closeWhileHangingReturnsPromptlyAndFailsTheHungRequest() throws Exception {
        idp.failWith(LocalIdp.Failure.HANG);
        CompletableFuture<HttpResponse<String>> hung = sendAsync(idp.jwksUri());
        assertThat(idp.awaitJwksRequests(1, Duration.ofSeconds(10))).isTrue();

        long start = System.nanoTime();
        idp.close();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(tookMillis).isLessThan(2_000);
        assertThatThrownBy(() -> hung.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jwks", "discovery"})
    void dropConnectionGivesTheClientAnIoException(String name) {
        idp.failWith(LocalIdp.Failure.DROP_CONNECTION);
        HttpClient fresh =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        assertThatThrownBy(() -> fresh.send(
                        Http.request(endpoint(name), Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void recoverRestoresNormalService() throws Exception {
        for (LocalIdp.Failure failure : LocalIdp.Failure.values()) {
            if (failure == LocalIdp.Failure.HANG) {
                continue;
            }
            idp.failWith(failure);
            assertThat(idp.failure()).isEqualTo(failure);

            idp.recover();

            HttpResponse<String> response = Http.get(idp.jwksUri());
            assertThat(response.statusCode()).as("after %s", failure).isEqualTo(200);
            assertThat(Jose.kids(response.body())).as("after %s", failure).containsExactly("key-1");
        }
    }

    @Test
    void failuresAreCountedLikeAnyOtherRequest() throws Exception {
        idp.failWith(LocalIdp.Failure.HTTP_500);

        Http.get(idp.jwksUri());
        Http.get(idp.discoveryUri());

        assertThat(idp.jwksRequests()).isEqualTo(1);
        assertThat(idp.discoveryRequests()).isEqualTo(1);
    }

    @Test
    void cacheControlIsAlsoSentOnFailedJwksResponses() throws Exception {
        idp.cacheControl("no-store");
        idp.failWith(LocalIdp.Failure.HTTP_500);

        assertThat(Http.get(idp.jwksUri()).headers().firstValue("Cache-Control"))
                .contains("no-store");
    }
}
