package dev.portcullis.benchmarks.soak;

import java.util.Set;

/**
 * One token the clients send, what kind it is and which key signed it ({@code null} for garbage).
 *
 * @param kind  what the token is
 * @param token the compact JWT (or garbage)
 * @param kid   the signing key's id, or {@code null}
 */
record Probe(Kind kind, String token, String kid) {

    /** The kinds of token in the mix, each with the answers it may get (besides an allowed 503). */
    enum Kind {
        /** Not expired, audience orders-api, scope read:orders, signed with a published key: must get 200. */
        VALID(Set.of(200)),
        /** Expired five minutes ago (beyond the 60 s leeway). */
        EXPIRED(Set.of(401)),
        /** Audience {@code account} instead of {@code orders-api}. */
        WRONG_AUDIENCE(Set.of(401)),
        /** Not a token: random parts, truncated or tampered tokens, bad characters. */
        GARBAGE(Set.of(400, 401));

        private final Set<Integer> expected;

        Kind(Set<Integer> expected) {
            this.expected = expected;
        }

        boolean expects(int status) {
            return expected.contains(status);
        }
    }
}
