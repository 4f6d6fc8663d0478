package dev.portcullis.core;

import com.sun.net.httpserver.HttpServer;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JWK Sets and discovery documents are read by the tokens' strict JSON parser: duplicate member
 * names, nesting beyond 32 levels, numbers out of range, bytes that are not UTF-8 and lone surrogates
 * refuse the whole document (a fetched one as NOT_A_JWK_SET or DISCOVERY), while an entry that is
 * JSON but no usable key is still only ignored.
 */
class StrictKeySetJsonTest {
    private final Fixture f = new Fixture();
    private final RecordingListener events = new RecordingListener();

    @AfterEach
    void close() {
        f.close();
    }

    private String jwk() {
        return f.idp.activeKey().publicJwk();
    }

    private void assertRefused(String document) {
        assertThatThrownBy(() -> KeySet.parse(document))
                .as(document)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strict JSON");
    }

    @Test
    void whenTheJwkSetIsStrictJsonThenItsKeysAreRead() {
        KeySet keys = KeySet.parse("{\"keys\":[" + jwk() + "]}");
        assertThat(keys.keyIds()).containsExactly(f.idp.activeKey().kid());
    }

    @Test
    void whenOneEntryIsNoUsableKeyThenTheOthersAreStillRead() {
        KeySet keys = KeySet.parse("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}," + jwk() + ",42]}");
        assertThat(keys.keyIds()).containsExactly(f.idp.activeKey().kid());
        assertThat(keys.ignoredEntries()).isEqualTo(2);
    }

    @Test
    void whenMemberNamesRepeatAnywhereThenTheWholeSetIsRefused() {
        assertRefused("{\"keys\":[" + jwk() + "],\"keys\":[]}");
        assertRefused("{\"keys\":[" + jwk().replaceFirst("\\{", "{\"kid\":\"other\",") + "]}"); // kid twice in one key
        assertRefused("{\"keys\":[" + jwk() + "],\"x\":{\"a\":1,\"a\":2}}");
    }

    @Test
    void whenNestingIsDeeperThan32LevelsThenTheSetIsRefused() {
        String deep = "[".repeat(40) + "]".repeat(40);
        assertRefused("{\"keys\":[" + jwk() + "],\"x\":" + deep + "}");
        assertThat(KeySet.parse("{\"keys\":[" + jwk() + "],\"x\":" + "[".repeat(30) + "]".repeat(30) + "}")
                        .isEmpty())
                .isFalse();
    }

    @Test
    void whenANumberIsOutOfRangeOrNotJsonThenTheSetIsRefused() {
        assertRefused("{\"keys\":[" + jwk() + "],\"n\":1e400}");
        assertRefused("{\"keys\":[" + jwk() + "],\"n\":01}");
        assertRefused("{\"keys\":[" + jwk() + "],\"n\":NaN}");
    }

    @Test
    void whenAStringHoldsALoneSurrogateThenTheSetIsRefused() {
        assertRefused("{\"keys\":[" + jwk() + "],\"x\":\"\\ud800\"}");
        assertRefused("{\"keys\":[" + jwk() + "],\"x\":\"\ud800\"}");
        assertRefused("{\"keys\":[" + jwk() + "],\"x\":\"\udc00\\ud800\"}");
    }

    @Test
    void whenTheFetchedSetRepeatsAMemberNameThenTheFetchFailsAsNotAJwkSet() throws InterruptedException {
        f.validator(b -> b, b -> b.listener(events));
        f.idp.publishRawJwks("{\"keys\":[" + jwk() + "],\"keys\":[" + jwk() + "]}");
        assertThat(f.validate(f.token().build())).isInstanceOf(ValidationResult.Unavailable.class);
        assertThat(events.await("fetchFailed", 1, Duration.ofSeconds(5))).isTrue();
        assertThat(events.events())
                .contains(new RecordingListener.Event(
                        "fetchFailed", "default", KeySetListener.FailureKind.NOT_A_JWK_SET));
    }

    @Test
    void whenTheFetchedSetIsNotUtf8ThenTheFetchFailsAsNotAJwkSet() throws Exception {
        String set = "{\"keys\":[" + jwk() + "],\"note\":\"caf\u00e9\"}";
        byte[] latin1 = set.getBytes(StandardCharsets.ISO_8859_1); // é as one byte: not UTF-8
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/certs", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, latin1.length);
            exchange.getResponseBody().write(latin1);
            exchange.close();
        });
        server.start();
        try {
            f.validator(
                    b -> ValidatorConfig.builder()
                            .issuer(f.idp.issuer())
                            .audiences("orders-api")
                            .jwksUri(URI.create(
                                    "http://127.0.0.1:" + server.getAddress().getPort() + "/certs")),
                    b -> b.listener(events));
            assertThat(f.validate(f.token().build())).isInstanceOf(ValidationResult.Unavailable.class);
            assertThat(events.await("fetchFailed", 1, Duration.ofSeconds(5))).isTrue();
            assertThat(events.events())
                    .contains(new RecordingListener.Event(
                            "fetchFailed", "default", KeySetListener.FailureKind.NOT_A_JWK_SET));
            assertThat(KeySet.parse(set).keyIds())
                    .as("the same set in UTF-8 is fine")
                    .containsExactly(f.idp.activeKey().kid());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void whenTheDiscoveryDocumentRepeatsAMemberNameThenDiscoveryFails() throws InterruptedException {
        f.validator(
                b -> ValidatorConfig.builder().issuer(f.idp.issuer()).audiences("orders-api"), b -> b.listener(events));
        f.idp.publishRawDiscovery("{\"issuer\":\"" + f.idp.issuer() + "\",\"jwks_uri\":\"https://evil.example/certs\","
                + "\"jwks_uri\":\"" + f.idp.jwksUri() + "\"}");
        ValidationResult result = f.validate(f.token().build());
        assertThat(result).isInstanceOf(ValidationResult.Unavailable.class);
        assertThat(result.rejection().orElseThrow().detail()).contains("not JSON");
        assertThat(f.idp.jwksRequests()).isZero();
        assertThat(events.events())
                .contains(new RecordingListener.Event("fetchFailed", "default", KeySetListener.FailureKind.DISCOVERY));
    }

    @Test
    void whenAnInlineKeyIsNotStrictJsonThenBuildingTheValidatorFails() {
        TestKey key = TestKey.rsa("inline");
        String doubled = key.publicJwk().replaceFirst("\\{", "{\"kty\":\"RSA\",");
        assertThatThrownBy(() -> TokenValidator.builder(ValidatorConfig.builder()
                                .issuer("https://idp")
                                .audiences("orders-api")
                                .publicKey(doubled)
                                .build())
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
