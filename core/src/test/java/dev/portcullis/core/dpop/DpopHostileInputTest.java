package dev.portcullis.core.dpop;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a client sends as a proof or URI, the verifier answers with a result and never throws. */
class DpopHostileInputTest {
    private final DpopFixture f = new DpopFixture();

    @Test
    void whenProofsAreRandomlyMutatedThenEveryAnswerIsAResultAndOnlyTheOriginalIsAccepted() {
        Random random = new Random(9449);
        String proof = f.client.jti("original").build();
        int accepted = 0;
        for (int i = 0; i < 3_000; i++) {
            char[] chars = proof.toCharArray();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                chars[random.nextInt(chars.length)] =
                        (char) (random.nextBoolean() ? random.nextInt(128) : "A-_.=%eyJ".charAt(random.nextInt(9)));
            }
            DpopResult r = f.verify(new String(chars));
            assertThat(r).isNotNull();
            if (r instanceof DpopResult.Accepted) {
                accepted++;
            }
        }
        // A base64url edit may leave the decoded bytes equal (unused bits are refused, so it cannot); at most the
        // original jti once.
        assertThat(accepted).isLessThanOrEqualTo(1);
    }

    @Test
    void whenTheRequestUriOrMethodIsHostileThenTheAnswerIsARefusal() {
        for (String uri : new String[] {null, "", "\r\n", "https://a/%", "https://" + "a".repeat(10_000)}) {
            assertThat(f.verifier.verify("GET", uri, List.of(f.client.build()), DpopFixture.ACCESS_TOKEN, f.token))
                    .isInstanceOf(DpopResult.Refused.class);
        }
        assertThat(f.verifier.verify(
                        null, DpopFixture.URI, List.of(f.client.build()), DpopFixture.ACCESS_TOKEN, f.token))
                .isInstanceOf(DpopResult.Refused.class);
    }
}
