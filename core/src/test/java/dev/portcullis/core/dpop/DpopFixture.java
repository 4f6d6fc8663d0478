package dev.portcullis.core.dpop;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.testkit.DpopProof;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.TestKey;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A client key, a token bound to it, a verifier on a moved clock and an in-memory replay store. */
final class DpopFixture {
    static final String URI = "https://api.example.com/orders/42";
    static final String ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

    final MutableClock clock = MutableClock.at(Instant.parse("2026-12-07T10:00:00Z"));
    final MapStore store = new MapStore();
    final TestKey key = TestKey.ec("client");
    final DpopProof client =
            DpopProof.of(key).clock(clock).method("GET").uri(URI).accessToken(ACCESS_TOKEN);
    final VerifiedToken token = tokenBoundTo(client.thumbprint());
    DpopVerifier verifier;

    DpopFixture() {
        this(DpopConfig.defaults());
    }

    DpopFixture(DpopConfig config) {
        verifier = DpopVerifier.builder(config).replayStore(store).clock(clock).build();
    }

    VerifiedToken tokenBoundTo(String jkt) {
        VerifiedToken.Builder b = VerifiedToken.builder()
                .subject("alice")
                .issuer("https://idp.example.com")
                .audiences("orders-api")
                .expiresAt(clock.instant().plusSeconds(300));
        return (jkt == null ? b : b.claim("cnf", Map.of("jkt", jkt))).build();
    }

    DpopResult verify(String proof) {
        return verifier.verify("GET", URI, List.of(proof), ACCESS_TOKEN, token);
    }

    DpopResult verify(String method, String uri, String proof) {
        return verifier.verify(method, uri, List.of(proof), ACCESS_TOKEN, token);
    }

    static void assertAccepted(DpopResult result) {
        assertThat(result).isInstanceOf(DpopResult.Accepted.class);
    }

    static DpopResult.Refused assertRefused(DpopResult result, FailureReason reason) {
        assertThat(result).isInstanceOf(DpopResult.Refused.class);
        DpopResult.Refused refused = (DpopResult.Refused) result;
        assertThat(refused.failure().reason()).as(refused.failure().detail()).isEqualTo(reason);
        return refused;
    }

    /** Refused for {@code reason}, and for the cause whose operator detail contains {@code because}. */
    static DpopResult.Refused assertRefused(DpopResult result, FailureReason reason, String because) {
        DpopResult.Refused refused = assertRefused(result, reason);
        assertThat(refused.failure().detail()).contains(because);
        return refused;
    }

    /** A replay store over a map: first use wins; can be told to be unavailable. */
    static final class MapStore implements DpopReplayStore {
        final Map<String, Instant> seen = new ConcurrentHashMap<>();
        volatile Verdict forced;

        @Override
        public Verdict use(String keyThumbprint, String jti, Instant issuedAt, Instant expiresAt) {
            if (forced != null) {
                return forced;
            }
            return seen.putIfAbsent(keyThumbprint + " " + jti, expiresAt) == null
                    ? Verdict.FIRST_USE
                    : Verdict.REPLAYED;
        }
    }
}
