package dev.portcullis.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalIdpEndpointsTest {

    private LocalIdp idp = LocalIdp.start();

    @AfterEach
    void closeIdp() {
        idp.close();
    }

    @Test
    void jwksIsServedOverHttpAsApplicationJson() throws Exception {
        HttpResponse<String> response = Http.get(idp.jwksUri());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.contentType(response)).isEqualTo("application/json");
        assertThat(Jose.keys(response.body()))
                .singleElement()
                .satisfies(jwk -> assertThat(jwk)
                        .containsEntry("kid", "key-1")
                        .containsEntry("kty", "RSA")
                        .containsEntry("alg", "RS256")
                        .containsEntry("use", "sig"));
        assertThat(idp.jwksUri().getPath()).isEqualTo("/realms/test/protocol/openid-connect/certs");
    }

    @Test
    void discoveryNamesTheIssuerAndTheJwksUri() throws Exception {
        HttpResponse<String> response = Http.get(idp.discoveryUri());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.contentType(response)).isEqualTo("application/json");
        assertThat(Http.json(response.body()))
                .containsEntry("issuer", idp.issuer())
                .containsEntry("jwks_uri", idp.jwksUri().toString());
        assertThat(idp.discoveryUri()).isEqualTo(URI.create(idp.issuer() + "/.well-known/openid-configuration"));
    }

    @Test
    void listensOnlyOnIpv4LoopbackWithAnEphemeralPort() {
        assertThat(idp.boundAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(idp.port()).isPositive().isEqualTo(idp.boundAddress().getPort());
        assertThat(idp.issuer()).isEqualTo("http://127.0.0.1:" + idp.port() + "/realms/test");
        assertThat(idp.jwksUri().getHost()).isEqualTo("127.0.0.1");
        assertThat(idp.toString()).contains(idp.issuer());
    }

    @Test
    void twoIdpsGetDifferentPorts() {
        try (LocalIdp other = LocalIdp.start()) {
            assertThat(other.port()).isNotEqualTo(idp.port());
        }
    }

    @Test
    void issuerPathMovesBothEndpoints() throws Exception {
        for (String path : List.of("/tenant-a", "", "/t/")) {
            try (LocalIdp custom = LocalIdp.builder().issuerPath(path).start()) {
                String root = "http://127.0.0.1:" + custom.port() + (path.endsWith("/") ? "/t" : path);

                assertThat(custom.issuer()).isEqualTo("http://127.0.0.1:" + custom.port() + path);
                assertThat(custom.discoveryUri()).hasToString(root + "/.well-known/openid-configuration");
                assertThat(custom.jwksUri()).hasToString(root + "/protocol/openid-connect/certs");
                assertThat(Http.json(Http.get(custom.discoveryUri()).body())).containsEntry("issuer", custom.issuer());
                assertThat(Http.get(custom.jwksUri()).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void invalidIssuerPathsAreRejected() {
        for (String path : List.of("realms", "/a b", "/a?b=c", "/a#b")) {
            assertThatThrownBy(() -> LocalIdp.builder().issuerPath(path))
                    .as(path)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void unknownPathsAnswer404AndAreNotCounted() throws Exception {
        HttpResponse<String> response = Http.get(URI.create(idp.issuer() + "/nope"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(idp.jwksRequests()).isZero();
        assertThat(idp.discoveryRequests()).isZero();
    }

    @Test
    void otherMethodsThanGetAnswer405() throws Exception {
        HttpResponse<String> response = Http.CLIENT.send(
                HttpRequest.newBuilder(idp.jwksUri())
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("GET");
    }

    @Test
    void countersCountEachRequestAndCanBeReset() throws Exception {
        Http.get(idp.jwksUri());
        Http.get(idp.jwksUri());
        Http.get(idp.discoveryUri());

        assertThat(idp.jwksRequests()).isEqualTo(2);
        assertThat(idp.discoveryRequests()).isEqualTo(1);

        idp.resetCounters();

        assertThat(idp.jwksRequests()).isZero();
        assertThat(idp.discoveryRequests()).isZero();
    }

    @Test
    void countersAreExactUnderConcurrentRequests() {
        CompletableFuture<?>[] requests = new CompletableFuture<?>[40];
        for (int i = 0; i < requests.length; i++) {
            URI uri = i % 2 == 0 ? idp.jwksUri() : idp.discoveryUri();
            requests[i] = Http.CLIENT.sendAsync(
                    Http.request(uri, Duration.ofSeconds(10)), HttpResponse.BodyHandlers.discarding());
        }
        CompletableFuture.allOf(requests).join();

        assertThat(idp.jwksRequests()).isEqualTo(20);
        assertThat(idp.discoveryRequests()).isEqualTo(20);
    }

    @Test
    void awaitRequestsReturnsOnceTheCountIsReachedAndFalseOnTimeout() {
        CompletableFuture<HttpResponse<Void>> request = Http.CLIENT.sendAsync(
                Http.request(idp.jwksUri(), Duration.ofSeconds(10)), HttpResponse.BodyHandlers.discarding());

        assertThat(idp.awaitJwksRequests(1, Duration.ofSeconds(10))).isTrue();
        assertThat(idp.awaitDiscoveryRequests(1, Duration.ofMillis(50))).isFalse();
        assertThat(request.join().statusCode()).isEqualTo(200);
    }

    @Test
    void cacheControlIsSentOnJwksResponsesOnlyAndCanBeRemoved() throws Exception {
        assertThat(Http.get(idp.jwksUri()).headers().firstValue("Cache-Control"))
                .isEmpty();

        idp.cacheControl("public, max-age=300");

        assertThat(Http.get(idp.jwksUri()).headers().firstValue("Cache-Control"))
                .contains("public, max-age=300");
        assertThat(Http.get(idp.discoveryUri()).headers().firstValue("Cache-Control"))
                .isEmpty();

        idp.cacheControl(null);

        assertThat(Http.get(idp.jwksUri()).headers().firstValue("Cache-Control"))
                .isEmpty();
    }

    @Test
    void rawDiscoveryIsServedVerbatimUntilCleared() throws Exception {
        String hostile = "{\"issuer\":\"https://evil.example\",\"jwks_uri\":\"https://evil.example/jwks\"}";

        idp.publishRawDiscovery(hostile);

        assertThat(Http.get(idp.discoveryUri()).body()).isEqualTo(hostile);

        idp.publishRawDiscovery(null);

        assertThat(Http.json(Http.get(idp.discoveryUri()).body())).containsEntry("issuer", idp.issuer());
    }

    @Test
    void whenClosedThenThePortIsReleased() throws Exception {
        int port = idp.port();
        Http.get(idp.jwksUri());

        idp.close();

        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> Http.get(idp.jwksUri())).isInstanceOf(IOException.class);
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void closeIsIdempotent() {
        idp.close();
        idp.close();
    }

    @Test
    void serverThreadsAreDaemonsAndEndOnClose() throws Exception {
        Http.get(idp.jwksUri());
        List<Thread> ours = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().contains("-port-" + idp.port() + "-"))
                .toList();
        List<Thread> dispatchers = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("HTTP-Dispatcher"))
                .toList();

        assertThat(ours).isNotEmpty().allMatch(Thread::isDaemon);
        assertThat(dispatchers).isNotEmpty().allMatch(Thread::isDaemon);

        idp.close();

        for (Thread thread : ours) {
            thread.join(5_000);
        }
        assertThat(ours).noneMatch(Thread::isAlive);
    }

    @Test
    void tokenDefaultsUseTheSystemClockWhenNoneIsConfigured() {
        long before = java.time.Instant.now().getEpochSecond();

        Map<String, Object> claims = Jose.claims(idp.token().build());

        assertThat((Long) claims.get("iat"))
                .isBetween(before, java.time.Instant.now().getEpochSecond());
        assertThat(idp.clock().getZone()).isEqualTo(java.time.ZoneOffset.UTC);
    }
}
