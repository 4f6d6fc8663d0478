package dev.portcullis.core.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.portcullis.core.internal.CacheTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** However many distinct tokens arrive, the cache holds at most its maximum number of entries. */
class VerifiedTokenCacheBoundTest {
    private final CacheTestSupport s = new CacheTestSupport();

    @AfterEach
    void close() {
        s.close();
    }

    @Test
    void whenAFloodOfDistinctEntriesArrivesThenTheSizeStaysAtTheBound() {
        VerifiedTokenCache cache = s.cache(100, Set.of());
        for (int i = 0; i < 20_000; i++) {
            CacheTestSupport.put(cache, "token-" + i, Set.of(), T0.plusSeconds(3600));
            if (i % 1000 == 0) {
                assertThat(cache.size()).isLessThanOrEqualTo(100);
            }
        }
        assertThat(cache.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void whenManyDistinctValidTokensAreValidatedThenTheValidatorsCacheStaysAtTheBound() {
        DefaultTokenValidator v = s.validator(b -> b.cacheMaxEntries(20));
        for (int i = 0; i < 200; i++) {
            assertThat(v.validate(s.idp.token().build()).isValid()).isTrue();
        }
        assertThat(v.cache().size()).isLessThanOrEqualTo(20);
        v.close();
    }
}
