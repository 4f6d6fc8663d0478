package dev.portcullis.core.internal;

import dev.portcullis.core.dpop.DpopReplayStore.Verdict;
import dev.portcullis.testkit.MutableClock;

import java.time.Duration;
import java.time.Instant;

/** An in-memory replay store on a clock the test moves; proofs issued "now" unless said otherwise. */
final class ReplayStoreSupport {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final Duration WINDOW = Duration.ofSeconds(60);
    static final String KEY_A = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";
    static final String KEY_B = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

    final MutableClock clock = MutableClock.at(T0);
    final InMemoryReplayStore store;

    ReplayStoreSupport(int capacity, int perKey) {
        store = new InMemoryReplayStore(WINDOW, capacity, perKey, clock);
    }

    /** A proof of {@code key} issued now, acceptable for the window. */
    Verdict use(String key, String jti) {
        return use(key, jti, clock.instant());
    }

    Verdict use(String key, String jti, Instant issuedAt) {
        return store.use(key, jti, issuedAt, issuedAt.plus(WINDOW));
    }
}
