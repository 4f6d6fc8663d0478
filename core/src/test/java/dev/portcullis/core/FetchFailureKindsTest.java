package dev.portcullis.core;

import com.sun.net.httpserver.HttpServer;
import dev.portcullis.testkit.LocalIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each way a key fetch can fail is told apart (for listeners and logs) and is a server fault for
 * the request; only the configured URL is ever requested.
 */
class FetchFailureKindsTest {
    private final Fixture f = new Fixture();
    private final RecordingListener events = new RecordingListener();

    @AfterEach
    void close() {
        f.close();
    }

    private TokenValidator validator(URI jwksUri) {
        return f.validator(
                b -> ValidatorConfig.builder()
                        .issuer(f.idp.issuer())
                        .audiences("orders-api")
                        .jwksUri(jwksUri)
                        .jwksFetchTimeout(Duration.ofMillis(300))
                        .jwksConnectTimeout(Duration.ofMillis(300)),
                b -> b.listener(events));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "HTTP_500, HTTP_STATUS",
        "HTTP_404, HTTP_STATUS",
        "GARBAGE, NOT_A_JWK_SET",
        "HTML, NOT_A_JWK_SET",
        "HANG, TIMEOUT",
        "DROP_CONNECTION, CONNECTION",
        "DOWN, CONNECTION",
        "SLOW, TIMEOUT",
        "OVERSIZED, OVERSIZED",
        "EMPTY_KEYS, NO_USABLE_KEYS"
    })
    void whenIdpFailsThenTheFailureIsTypedAndTheRequestIsUnavailable(
            LocalIdp.Failure failure, KeySetListener.FailureKind kind) throws InterruptedException {
        validator(f.idp.jwksUri());
        f.idp.failWith(failure);
        ValidationResult result = f.validate(f.token().build());
        assertThat(result).isInstanceOf(ValidationResult.Unavailable.class);
        assertThat(events.await("outageStarted", 1, Duration.ofSeconds(5))).isTrue(); // a timeout may answer first
        assertThat(events.eventsExceptSuppressed())
                .containsExactly(
                        new RecordingListener.Event("fetchFailed", "default", kind),
                        new RecordingListener.Event("outageStarted", "default", kind));
    }

    @Test
    void whenConnectionIsRefusedThenConnectionFailure() throws InterruptedException {
        URI closedPort;
        try (LocalIdp gone = LocalIdp.start()) {
            closedPort = gone.jwksUri();
        }
        validator(closedPort);
        assertThat(f.validate(f.token().build())).isInstanceOf(ValidationResult.Unavailable.class);
        assertThat(events.await("fetchFailed", 1, Duration.ofSeconds(5))).isTrue();
        assertThat(events.events())
                .contains(new RecordingListener.Event("fetchFailed", "default", KeySetListener.FailureKind.CONNECTION));
    }

    @Test
    void whenKeySetUrlRedirectsThenTheRedirectIsNotFollowed() throws Exception {
        HttpServer redirector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        redirector.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Location", f.idp.jwksUri().toString());
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        redirector.start();
        try {
            validator(URI.create("http://127.0.0.1:" + redirector.getAddress().getPort() + "/certs"));
            assertThat(f.validate(f.token().build())).isInstanceOf(ValidationResult.Unavailable.class);
            assertThat(events.events())
                    .contains(new RecordingListener.Event(
                            "fetchFailed", "default", KeySetListener.FailureKind.HTTP_STATUS));
            assertThat(f.idp.jwksRequests()).isZero();
        } finally {
            redirector.stop(0);
        }
    }
}
