package dev.portcullis.core.dpop;

import dev.portcullis.core.FailureReason;
import dev.portcullis.testkit.DpopProof;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.portcullis.core.dpop.DpopFixture.assertAccepted;
import static dev.portcullis.core.dpop.DpopFixture.assertRefused;

/**
 * The verifier keeps the keys of proofs' {@code jwk} headers between requests; a kept key serves only a {@code jwk}
 * equal in every member, so a header differing in any member is judged afresh, and a proof is always checked with
 * the key its own header names.
 */
class DpopProofKeyReuseTest {
    private final DpopFixture f = new DpopFixture();

    @Test
    void whenTheSameKeyComesAgainThenEachProofIsStillCheckedInFull() {
        assertAccepted(f.verify(f.client.build()));
        assertAccepted(f.verify(f.client.build()));
        assertRefused(
                f.verify(f.client.uri("https://api.example.com/orders/43").build()),
                FailureReason.INVALID_DPOP_PROOF,
                "htu");
    }

    @Test
    void whenAKnownKeysJwkGainsAMemberThatMakesItUnusableThenRefused() {
        assertAccepted(f.verify(f.client.build()));
        assertRefused(
                f.verify(f.client.privateMember("use", "enc").build()),
                FailureReason.INVALID_DPOP_PROOF,
                "not a usable public signing key");
        assertRefused(
                f.verify(f.client.privateMember("alg", "RS256").build()),
                FailureReason.INVALID_DPOP_PROOF,
                "not a usable public signing key");
        assertAccepted(f.verify(f.client.privateMember("kid", "laptop").build()));
    }

    @Test
    void whenAProofNamesAnotherKnownKeyThanItsSignerThenItsSignatureFails() {
        TestKey otherKey = TestKey.ec("other");
        DpopProof other = DpopProof.of(otherKey)
                .clock(f.clock)
                .method("GET")
                .uri(DpopFixture.URI)
                .accessToken(DpopFixture.ACCESS_TOKEN);
        // The other key is known now: its proof verified, and was refused for the token's binding.
        assertRefused(f.verify(other.build()), FailureReason.DPOP_BINDING_MISMATCH);
        assertAccepted(f.verify(f.client.build()));
        assertRefused(
                f.verify(f.client
                        .header("jwk", jwk((ECPublicKey) otherKey.publicKey()))
                        .build()),
                FailureReason.INVALID_DPOP_PROOF,
                "signature does not verify");
    }

    private static Map<String, Object> jwk(ECPublicKey key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        jwk.put("x", coordinate(key.getW().getAffineX()));
        jwk.put("y", coordinate(key.getW().getAffineY()));
        return jwk;
    }

    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int from = Math.max(0, bytes.length - 32);
        System.arraycopy(bytes, from, fixed, 32 - (bytes.length - from), bytes.length - from);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(fixed, 32));
    }
}
