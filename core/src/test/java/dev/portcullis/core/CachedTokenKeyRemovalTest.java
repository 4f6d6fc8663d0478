package dev.portcullis.core;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.portcullis.core.Fixture.T0;
import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remembered token is answered only while the issuer still publishes the key that verified it:
 * when the key leaves the JWK Set, or the keys cannot be had at all, the token is judged afresh.
 */
class CachedTokenKeyRemovalTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenKeyLeavesTheJwksThenTheCachedTokenIsRefused() throws Exception {
        String token = f.token().expiresAt(T0.plusSeconds(3600)).build();
        assertThat(f.validate(token).isValid()).isTrue();
        TestKey next = f.idp.rotate();
        f.idp.retire("key-1");
        f.advance(Duration.ofSeconds(11));
        assertThat(f.validate(f.token().signedWith(next).build()).isValid()).isTrue(); // unknown kid: refetch
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.UNKNOWN_KEY);
    }

    @Test
    void whenKeysAreRefetchedAndStillHoldTheKeyThenTheCachedTokenStaysValid() {
        String token = f.token().expiresAt(T0.plusSeconds(3600)).build();
        VerifiedToken first = f.validate(token).verifiedToken().orElseThrow();
        TestKey next = f.idp.rotate(); // key-1 stays published next to the new key
        f.advance(Duration.ofSeconds(11));
        assertThat(f.validate(f.token().signedWith(next).build()).isValid()).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
        assertThat(f.validate(token).verifiedToken()).containsSame(first);
    }

    @Test
    void whenKeysCannotBeHadAnyMoreThenUnavailableNotTheCachedResult() {
        f.validator(b -> b.jwksOutageTolerance(Duration.ofMinutes(1))
                .jwksFetchTimeout(Duration.ofSeconds(1))
                .jwksConnectTimeout(Duration.ofSeconds(1)));
        String token = f.token().expiresAt(T0.plusSeconds(3600)).build();
        assertThat(f.validate(token).isValid()).isTrue();
        f.idp.failWith(LocalIdp.Failure.HTTP_500);
        f.advance(Duration.ofMinutes(10).plusSeconds(59)); // due at 10 min, tolerated for 1 min more
        assertThat(f.validate(token).isValid()).isTrue();
        f.awaitFetchSettled();
        f.advance(Duration.ofSeconds(1));
        assertThat(f.validate(token)).isInstanceOf(ValidationResult.Unavailable.class);
        f.idp.recover();
        f.advance(Duration.ofSeconds(10));
        assertThat(f.validate(token).isValid()).isTrue();
    }
}
