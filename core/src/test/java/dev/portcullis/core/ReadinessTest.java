package dev.portcullis.core;

import dev.portcullis.testkit.LocalIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness: DOWN while keys could never be loaded, UP with a warning during an outage. */
class ReadinessTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private TokenValidator metered() {
        return f.validator();
    }

    @Test
    void whenKeysWereNeverLoadedAndTheProviderIsDownThenDown() {
        f.idp.failWith(LocalIdp.Failure.HTTP_500);
        ValidatorReadiness r = metered().readiness();
        assertThat(r.up()).isFalse();
        assertThat(r.details().get("default")).startsWith("DOWN");
    }

    @Test
    void whenKeysWereNeverLoadedThenTheCheckLoadsThemAndIsUp() {
        ValidatorReadiness r = metered().readiness();
        assertThat(r.up()).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
    }

    @Test
    void whenTheProviderGoesDownAfterLoadingThenUpWithAWarning() {
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        f.idp.failWith(LocalIdp.Failure.HTTP_500);
        f.advance(Duration.ofMinutes(11));
        f.validate(f.token().build()); // the due refresh fails in the background
        f.idp.awaitJwksRequests(2, Duration.ofSeconds(5));
        f.awaitFetchSettled();
        ValidatorReadiness r = metered().readiness();
        assertThat(r.up()).isTrue();
        assertThat(r.details().get("default")).startsWith("WARNING").contains("key-1");
    }

    @Test
    void whenBuiltThenRegisteredAndWhenClosedThenGone() {
        TokenValidator v = metered();
        assertThat(TokenValidator.live()).contains(v);
        v.close();
        assertThat(TokenValidator.live()).doesNotContain(v);
    }
}
