package dev.portcullis.core.internal;

import dev.portcullis.core.VerificationKey;

import java.util.Map;
import java.util.Set;

/**
 * The JWS checks of a DPoP proof (RFC 9449 §4.3, steps 2 to 7): a compact JWS (strictly as
 * {@link TokenParts} splits access tokens), a strict JSON header and payload, {@code typ}
 * {@code dpop+jwt}, {@code alg} in the allow-list (never {@code none} nor HMAC, which the list cannot
 * hold), no {@code crit} or {@code b64}, a {@code jwk} that is a public asymmetric key (refused if it
 * carries any private member, or is symmetric), fit for {@code alg}, and a signature that verifies
 * with it. The claims are checked by the caller.
 *
 * @param thumbprint the RFC 7638 thumbprint of the header's {@code jwk}, or null when refused
 * @param claims the payload, or null when refused
 * @param problem why the proof is refused (operator detail), or null
 */
record DpopProofJws(String thumbprint, JsonObject claims, String problem) {
    /** Members that only a private or symmetric JWK has (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    static DpopProofJws check(String proof, Set<String> algorithms) {
        TokenParts parts = TokenParts.split(proof);
        if (parts.problem() != null) {
            return refused("not a compact JWS: " + parts.problem());
        }
        JsonObject header = JsonParser.parseObject(parts.header());
        if (header == null) {
            return refused("header is not a JSON object with unique member names");
        }
        Object typ = header.get("typ");
        if (!(typ instanceof String t) || !t.equalsIgnoreCase("dpop+jwt")) {
            return refused("typ " + Safe.describe(typ) + " is not dpop+jwt");
        }
        Object alg = header.get("alg");
        if (!(alg instanceof String algorithm) || !algorithms.contains(algorithm)) {
            return refused("alg " + Safe.describe(alg) + " is not in the DPoP allow-list " + algorithms);
        }
        if (header.containsKey("crit") || header.containsKey("b64")) {
            return refused("header carries crit or b64, which are never accepted");
        }
        if (!(header.get("jwk") instanceof Map<?, ?> raw)) {
            return refused("header has no jwk object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> jwk = (Map<String, Object>) raw;
        for (String member : jwk.keySet()) {
            if (PRIVATE_MEMBERS.contains(member)) {
                return refused("jwk carries the private or symmetric member " + Safe.describe(member));
            }
        }
        String thumbprint = JwkThumbprint.of(jwk);
        VerificationKey key = thumbprint == null ? null : KeySetParser.toKey(jwk);
        if (key == null) {
            return refused("jwk " + Safe.describe(jwk.get("kty")) + " is not a usable public signing key");
        }
        if (!Algorithms.fits(algorithm, key.publicKey())) {
            return refused("jwk does not fit alg " + algorithm);
        }
        if (!JwsVerifier.verify(algorithm, key.publicKey(), parts.bytes(), parts.secondDot(), parts.signature())) {
            return refused("signature does not verify with the header's jwk");
        }
        JsonObject claims = JsonParser.parseObject(parts.payload());
        if (claims == null) {
            return refused("payload is not a JSON object with unique member names");
        }
        return new DpopProofJws(thumbprint, claims, null);
    }

    private static DpopProofJws refused(String why) {
        return new DpopProofJws(null, null, why);
    }
}
