package dev.portcullis.core.internal;

import dev.portcullis.core.ValidationResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.portcullis.core.internal.CacheTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hits served from the slots of recent hits (which a hit only reads) answer exactly as Caffeine's
 * entries do: the whole token is compared, every check runs again, and a cleared cache answers nothing.
 */
class VerifiedTokenCacheRecentHitsTest {
    private static final int TOKENS = 3 * VerifiedTokenCache.RECENT; // more tokens than slots: slots are shared

    private final CacheTestSupport s = new CacheTestSupport();

    @AfterEach
    void close() {
        s.close();
    }

    @Test
    void whenARecentHitsTokenExpiresThenItIsNoLongerAnswered() {
        VerifiedTokenCache cache = s.cache(100, Set.of());
        ValidationResult.Valid remembered = CacheTestSupport.put(cache, "token-a", Set.of(), T0.plusSeconds(10));
        assertThat(cache.get("token-a")).isSameAs(remembered);
        assertThat(cache.get("token-a")).as("now from its slot").isSameAs(remembered);
        s.clock.set(T0.plusSeconds(10 + 60));
        assertThat(cache.get("token-a")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void whenARecentHitNoLongerGrantsTheRequiredScopeThenItIsDropped() {
        VerifiedTokenCache cache = s.cache(100, Set.of("orders:read"));
        CacheTestSupport.put(cache, "token-a", Set.of("orders:write"), T0.plusSeconds(3600));
        assertThat(cache.get("token-a")).isNull();
        assertThat(cache.get("token-a")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void whenTheCacheIsClearedThenARecentHitIsNoLongerAnswered() {
        VerifiedTokenCache cache = s.cache(100, Set.of());
        CacheTestSupport.put(cache, "token-a", Set.of(), T0.plusSeconds(3600));
        assertThat(cache.get("token-a")).isNotNull();
        assertThat(cache.get("token-a")).isNotNull();
        cache.clear();
        assertThat(cache.get("token-a")).isNull();
    }

    @Test
    void whenTokensShareASlotThenEachIsAnsweredWithItsOwnResult() {
        VerifiedTokenCache cache = s.cache(1000, Set.of());
        List<ValidationResult.Valid> remembered = putTokens(cache);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < TOKENS; i++) {
                assertThat(cache.get(new String(token(i).toCharArray()))).isSameAs(remembered.get(i));
            }
        }
        assertThat(cache.get(token(0) + "x"))
                .as("a longer token is another token")
                .isNull();
        assertThat(cache.get("x" + token(0).substring(1)))
                .as("the whole token is compared")
                .isNull();
    }

    @Test
    void whenThreadsPresentTokensThatShareSlotsThenEachGetsItsOwnResult() throws Exception {
        VerifiedTokenCache cache = s.cache(1000, Set.of());
        List<ValidationResult.Valid> remembered = putTokens(cache);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                wrong.add(CompletableFuture.supplyAsync(
                        () -> {
                            int mismatches = 0;
                            for (int n = 0; n < 20_000; n++) {
                                int i = (first + 7 * n) % TOKENS;
                                if (cache.get(new String(token(i).toCharArray())) != remembered.get(i)) {
                                    mismatches++;
                                }
                            }
                            return mismatches;
                        },
                        threads));
            }
            for (CompletableFuture<Integer> w : wrong) {
                assertThat(w.get()).isZero();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<ValidationResult.Valid> putTokens(VerifiedTokenCache cache) {
        List<ValidationResult.Valid> remembered = new ArrayList<>();
        for (int i = 0; i < TOKENS; i++) {
            remembered.add(CacheTestSupport.put(cache, token(i), Set.of(), T0.plusSeconds(3600)));
        }
        return remembered;
    }

    /** A token-like string: a common prefix, then what differs at its end (where the hash is taken). */
    private static String token(int i) {
        return "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.signature-" + i;
    }
}
