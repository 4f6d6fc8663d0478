package dev.portcullis.core.internal;

import dev.portcullis.core.JwksSource;
import dev.portcullis.core.KeysUnavailableException;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.portcullis.core.internal.CacheTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Only tokens that validated enter the cache: never a refusal, never a server fault. */
class VerifiedTokenCacheOnlyValidTest {
    private final CacheTestSupport s = new CacheTestSupport();

    @AfterEach
    void close() {
        s.close();
    }

    @Test
    void whenTokensAreRefusedThenNothingIsRemembered() {
        DefaultTokenValidator v = s.validator(b -> b.requiredScopes("read:orders"));
        String good = s.idp.token().build();
        String[] refused = {
            good.substring(0, good.length() - 4) + "AAAA",
            s.idp.token().signedWith(TestKey.rsaUnique("key-1")).build(),
            s.idp.token().expiresAt(T0.minusSeconds(120)).build(),
            s.idp.token().audience("billing").build(),
            s.idp.token().issuer("https://elsewhere").build(),
            s.idp.token().scope("openid").build(),
            s.idp.token().signedWith(TestKey.rsa("unknown")).build(),
            "not.a.token"
        };
        ValidationResult[] first = new ValidationResult[refused.length];
        for (int i = 0; i < refused.length; i++) {
            first[i] = v.validate(refused[i]);
            assertThat(first[i].isValid()).as(refused[i]).isFalse();
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < refused.length; i++) {
                ValidationResult again = v.validate(refused[i]);
                assertThat(again.isValid()).as(refused[i]).isFalse();
                assertThat(again)
                        .as("refused anew, not remembered: " + refused[i])
                        .isNotSameAs(first[i]);
            }
        }
        v.close();
    }

    @Test
    void whenKeysAreUnavailableThenNothingIsRemembered() {
        JwksSource down = () -> {
            throw new KeysUnavailableException("down", Duration.ofSeconds(5));
        };
        ValidatorConfig config = ValidatorConfig.builder()
                .issuer(s.idp.issuer())
                .audiences("orders-api")
                .publicKey(s.idp.activeKey().publicJwk())
                .build();
        DefaultTokenValidator v = CacheTestSupport.checks(config, s.clock, Map.of("default", down));
        String token = s.idp.token().build();
        ValidationResult first = v.validate(token);
        assertThat(first).isInstanceOf(ValidationResult.Unavailable.class);
        assertThat(v.validate(token))
                .isInstanceOf(ValidationResult.Unavailable.class)
                .isNotSameAs(first);
        v.close();
    }
}
