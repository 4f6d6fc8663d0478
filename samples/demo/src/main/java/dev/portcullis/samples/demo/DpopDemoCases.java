package dev.portcullis.samples.demo;

import dev.portcullis.testkit.DpopProof;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;

import java.time.Duration;
import java.util.List;

/**
 * The demo's DPoP (RFC 9449) cases: a token bound to a client key, with proofs signed when the demo
 * starts. The demo's server accepts proofs up to {@link #PROOF_MAX_AGE} old (instead of 60 s), so the
 * printed commands work for that long; restart the demo for fresh ones.
 */
final class DpopDemoCases {
    /** How long the printed proofs are accepted: {@code portcullis.dpop.proof-max-age} of the demo's server. */
    static final Duration PROOF_MAX_AGE = Duration.ofMinutes(10);

    private DpopDemoCases() {}

    static List<DemoCases.Case> cases(String base, LocalIdp idp) {
        DpopProof client = DpopProof.of(TestKey.ec("demo-client"));
        String token = idp.token()
                .expiresIn(Duration.ofHours(1))
                .boundTo(client.thumbprint())
                .build();
        String orders = base + "/orders-api/api/orders";
        String me = base + "/orders-api/api/me";
        String proof = client.method("GET").uri(orders).accessToken(token).build();
        return List.of(
                new DemoCases.Case(
                        "DPoP: a token bound to the client's key, with its proof", "200", curl(orders, token, proof)),
                new DemoCases.Case(
                        "DPoP: the same command again, so the proof is replayed",
                        "401 invalid_dpop_proof",
                        curl(orders, token, proof)),
                new DemoCases.Case(
                        "DPoP: a fresh proof, but signed for another URL (/api/me)",
                        "401 invalid_dpop_proof",
                        curl(
                                orders,
                                token,
                                client.method("GET").uri(me).accessToken(token).build())),
                new DemoCases.Case(
                        "DPoP: the bound token sent as a plain bearer token (no downgrade)",
                        "401 invalid_token",
                        DemoCases.curl("GET", orders, token, null)));
    }

    private static String curl(String url, String token, String proof) {
        return "curl -i -H 'Authorization: DPoP " + token + "' -H 'DPoP: " + proof + "' " + url;
    }
}
