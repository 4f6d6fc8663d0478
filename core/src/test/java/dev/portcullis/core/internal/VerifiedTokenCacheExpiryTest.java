package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.portcullis.core.internal.CacheTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** An entry lives until its token's exp plus the leeway, on the injected clock (Caffeine's ticker): then it is gone. */
class VerifiedTokenCacheExpiryTest {
    private final CacheTestSupport s = new CacheTestSupport();

    @AfterEach
    void close() {
        s.close();
    }

    @Test
    void whenExpPlusLeewayIsReachedThenTheEntryIsEvicted() {
        VerifiedTokenCache cache = s.cache(100, Set.of());
        CacheTestSupport.put(cache, "token-a", Set.of(), T0.plusSeconds(10));
        CacheTestSupport.put(cache, "token-b", Set.of(), T0.plusSeconds(3600));
        s.clock.set(T0.plusSeconds(10 + 60 - 1));
        assertThat(cache.get("token-a")).isNotNull();
        assertThat(cache.size()).isEqualTo(2);
        s.clock.set(T0.plusSeconds(10 + 60));
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get("token-a")).isNull();
        assertThat(cache.get("token-b")).isNotNull();
    }

    @Test
    void whenTheClockPassesExpWithoutAnEvictionYetThenAHitIsStillRefused() {
        VerifiedTokenCache cache = s.cache(100, Set.of());
        CacheTestSupport.put(cache, "token-a", Set.of(), T0.plusSeconds(10));
        s.clock.set(T0.plusSeconds(10 + 60));
        assertThat(cache.get("token-a")).isNull();
    }

    @Test
    void whenARememberedTokenReachesExpPlusLeewayThenTheValidatorRefusesItAsExpired() {
        DefaultTokenValidator v = s.validator(b -> b);
        String token = s.idp.token().expiresAt(T0.plusSeconds(100)).build();
        ValidationResult first = v.validate(token);
        assertThat(first.isValid()).isTrue();
        s.clock.set(T0.plusSeconds(159));
        assertThat(v.validate(token)).as("remembered until exp plus the leeway").isSameAs(first);
        s.clock.set(T0.plusSeconds(160));
        assertThat(v.validate(token).rejection().orElseThrow().reason()).isEqualTo(FailureReason.EXPIRED);
        v.close();
    }
}
