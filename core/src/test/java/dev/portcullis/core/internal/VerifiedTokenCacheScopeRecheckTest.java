package dev.portcullis.core.internal;

import dev.portcullis.core.ValidationResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.portcullis.core.internal.CacheTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Every hit checks the required scopes again: an entry that lacks one is not answered, and is dropped. */
class VerifiedTokenCacheScopeRecheckTest {
    private final CacheTestSupport s = new CacheTestSupport();

    @AfterEach
    void close() {
        s.close();
    }

    @Test
    void whenEntryGrantsTheRequiredScopesThenItIsAnswered() {
        VerifiedTokenCache cache = s.cache(100, Set.of("read:orders"));
        CacheTestSupport.put(cache, "token", Set.of("read:orders", "openid"), T0.plusSeconds(300));
        assertThat(cache.get("token")).isNotNull();
        assertThat(cache.get("token")).isNotNull();
    }

    @Test
    void whenEntryLacksARequiredScopeThenMissAndDropped() {
        VerifiedTokenCache cache = s.cache(100, Set.of("read:orders", "write:orders"));
        CacheTestSupport.put(cache, "token", Set.of("read:orders"), T0.plusSeconds(300));
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get("token")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void whenValidatorRequiresAScopeThenATokenWithoutItIsNeverRemembered() {
        DefaultTokenValidator v = s.validator(b -> b.requiredScopes("write:orders"));
        String token = s.idp.token().scope("read:orders").build();
        ValidationResult refused = v.validate(token);
        assertThat(refused.isValid()).isFalse();
        assertThat(v.validate(token))
                .as("refused anew, not remembered")
                .isNotSameAs(refused)
                .matches(r -> !r.isValid());
        String granted = s.idp.token().scope("read:orders write:orders").build();
        ValidationResult valid = v.validate(granted);
        assertThat(valid.isValid()).isTrue();
        assertThat(v.validate(granted)).as("remembered").isSameAs(valid);
        v.close();
    }
}
