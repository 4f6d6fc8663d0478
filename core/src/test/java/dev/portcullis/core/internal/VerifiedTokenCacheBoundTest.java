package dev.portcullis.core.internal;

import dev.portcullis.core.ValidationResult;
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
    void whenManyDistinctValidTokensAreValidatedThenTheValidatorRemembersAtMostItsBound() {
        DefaultTokenValidator v = s.validator(b -> b.cacheMaxEntries(20));
        String[] tokens = new String[200];
        ValidationResult[] first = new ValidationResult[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = s.idp.token().build();
            first[i] = v.validate(tokens[i]);
            assertThat(first[i].isValid()).isTrue();
        }
        // A remembered token is answered with the very result it got; each token is presented once
        // more, so only those remembered before this pass can be answered from the cache.
        int remembered = 0;
        for (int i = 0; i < tokens.length; i++) {
            if (v.validate(tokens[i]) == first[i]) {
                remembered++;
            }
        }
        assertThat(remembered).isBetween(1, 20);
        v.close();
    }
}
