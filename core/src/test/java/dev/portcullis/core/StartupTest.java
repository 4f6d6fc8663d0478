package dev.portcullis.core;

import dev.portcullis.testkit.LocalIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Building a validator never fails nor waits because the identity provider is down: remote keys
 * load on first use, or, with warm-up, in the background from the start.
 */
class StartupTest {
    private final Fixture f = new Fixture();
    private final RecordingListener events = new RecordingListener();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenIdpIsDownThenBuildingSucceedsAndKeysLoadOnFirstUseOnceItIsUp() {
        f.idp.failWith(LocalIdp.Failure.HTTP_500);
        f.validator(UnaryOperator.identity());
        assertThat(f.idp.awaitJwksRequests(1, Duration.ofMillis(200))).isFalse(); // nothing fetched at build
        assertThat(f.validate(f.token().build())).isInstanceOf(ValidationResult.Unavailable.class);
        f.idp.recover();
        f.advance(Duration.ofSeconds(10));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
    }

    @Test
    void whenDiscoveryIsDownThenBuildingSucceeds() {
        f.idp.failWith(LocalIdp.Failure.HANG);
        long start = System.nanoTime();
        f.validator(b -> ValidatorConfig.builder()
                .issuer(f.idp.issuer())
                .audiences("orders-api")
                .jwksWarmUp(true));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
        assertThat(f.idp.awaitDiscoveryRequests(1, Duration.ofSeconds(5))).isTrue(); // warm-up under way
        f.idp.recover();
    }

    @Test
    void whenWarmUpIsOnThenKeysAreFetchedInTheBackgroundAtBuild() throws Exception {
        f.validator(b -> b.jwksWarmUp(true), b -> b.listener(events));
        assertThat(events.await("fetchSucceeded", 1, Duration.ofSeconds(5))).isTrue();
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
    }

    @Test
    void whenWarmUpIsOnAndTheIdpHangsThenBuildReturnsAtOnceAndRequestsWaitNoLongerThanTheTimeout() {
        f.idp.failWith(LocalIdp.Failure.HANG);
        long start = System.nanoTime();
        f.validator(b ->
                b.jwksWarmUp(true).jwksFetchTimeout(Duration.ofMillis(300)).jwksConnectTimeout(Duration.ofMillis(300)));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
        start = System.nanoTime();
        assertThat(f.validate(f.token().build())).isInstanceOf(ValidationResult.Unavailable.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_500);
        assertThat(f.idp.jwksRequests()).isEqualTo(1); // the request joined the warm-up fetch
    }
}
