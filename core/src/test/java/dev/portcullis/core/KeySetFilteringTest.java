package dev.portcullis.core;

import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entries of a fetched JWK Set that cannot serve are ignored one by one, never fatal to the rest;
 * keys sharing a kid are all tried.
 */
class KeySetFilteringTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenTwoKeysShareAKidThenBothAreCandidatesAndEachVerifiesItsTokens() {
        TestKey first = f.idp.activeKey();
        TestKey twin = TestKey.rsaUnique(first.kid()); // same kid, other key material
        f.idp.publish(first, twin);
        assertThat(f.validate(f.token().signedWith(first).build()).isValid()).isTrue();
        assertThat(f.validate(f.token().signedWith(twin).build()).isValid()).isTrue();
        assertThat(reasonOf(f.validate(
                        f.token().signedWith(TestKey.rsaUnique(first.kid())).build())))
                .isEqualTo(FailureReason.BAD_SIGNATURE);
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
    }

    @Test
    void whenTheSetHoldsUnusableEntriesThenTheyAreIgnoredAndTheGoodKeyStillWorks() {
        RecordingListener events = new RecordingListener();
        f.validator(UnaryOperator.identity(), b -> b.listener(events));
        TestKey good = f.idp.activeKey();
        TestKey weak = TestKey.rsa("weak", 1024, "RS256");
        TestKey encryption = TestKey.rsaUnique("enc");
        f.idp.publishRawJwks("{\"keys\":["
                + "\"not an object\","
                + "{},"
                + "{\"kty\":\"oct\",\"kid\":\"secret\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0\"},"
                + "{\"kty\":\"XYZ\",\"kid\":\"alien\"},"
                + "{\"kty\":\"RSA\",\"kid\":\"broken\",\"e\":\"AQAB\"},"
                + weak.publicJwk() + ","
                + encryption.publicJwk().replace("\"use\":\"sig\"", "\"use\":\"enc\"") + ","
                + good.publicJwk()
                + "]}");
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(events.events()).contains(new RecordingListener.Event("keySetChanged", "default", "+[key-1] -[]"));
        for (TestKey ignored : new TestKey[] {weak, encryption}) {
            assertThat(reasonOf(f.validate(f.token().signedWith(ignored).build())))
                    .isEqualTo(FailureReason.UNKNOWN_KEY);
        }
    }

    @Test
    void whenEveryEntryIsUnusableThenTheFetchFailsAndTheLastGoodKeysStay() {
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.idp.publishRawJwks("{\"keys\":[{\"kty\":\"oct\",\"kid\":\"key-1\",\"k\":\"c2VjcmV0\"}]}");
        f.advance(java.time.Duration.ofSeconds(10));
        assertThat(f.validate(f.tokenWithKid("next"))).isInstanceOf(ValidationResult.Unavailable.class);
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
    }
}
