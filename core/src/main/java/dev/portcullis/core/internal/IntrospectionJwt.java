package dev.portcullis.core.internal;

import dev.portcullis.core.KeySet;
import dev.portcullis.core.KeysUnavailableException;
import dev.portcullis.core.VerificationKey;

import java.util.Locale;
import java.util.Set;

import static dev.portcullis.core.ValidationMetrics.IntrospectionFailure.BAD_SIGNATURE;
import static dev.portcullis.core.ValidationMetrics.IntrospectionFailure.CONNECTION;

/**
 * An RFC 9701 answer ({@code application/token-introspection+jwt}): a JWS with {@code typ}
 * {@code token-introspection+jwt}, signed with one of the issuer's keys under one of its algorithms,
 * {@code iss} the issuer, {@code aud} naming this client; the answer is its {@code token_introspection}
 * member. Anything else fails with {@code BAD_SIGNATURE}.
 */
final class IntrospectionJwt {
    private final Tenant tenant;
    private final String clientId;

    IntrospectionJwt(Tenant tenant, String clientId) {
        this.tenant = tenant;
        this.clientId = clientId;
    }

    /** The {@code token_introspection} member of a verified answer; throws a completion of an {@link IntrospectionException}. */
    JsonObject verify(String body) {
        TokenParts parts = TokenParts.split(body.strip());
        if (parts.problem() != null) {
            throw refused("not a compact JWS: " + parts.problem());
        }
        JsonObject header = JsonParser.parseObject(parts.header());
        JsonObject claims = JsonParser.parseObject(parts.payload());
        if (header == null || claims == null) {
            throw refused("header or claims are not JSON objects");
        }
        Object typ = header.get("typ");
        if (!(typ instanceof String t)
                || !t.toLowerCase(Locale.ROOT).replace("application/", "").equals("token-introspection+jwt")) {
            throw refused("typ is not token-introspection+jwt");
        }
        if (!(header.get("alg") instanceof String alg) || !tenant.allows(alg) || header.get("crit") != null) {
            throw refused("alg not allowed for issuer " + tenant.policy().name());
        }
        String kid = header.get("kid") instanceof String k ? k : null;
        KeySet keys;
        try {
            keys = tenant.keys().keys();
        } catch (KeysUnavailableException e) {
            throw new IntrospectionException(CONNECTION, "the issuer's keys are unavailable to verify the answer")
                    .completion();
        }
        boolean verified = false;
        for (VerificationKey key : keys.candidates(kid)) {
            if ((key.algorithm() == null || key.algorithm().equals(alg))
                    && Algorithms.fits(alg, key.publicKey())
                    && JwsVerifier.verify(alg, key.publicKey(), parts.bytes(), parts.secondDot(), parts.signature())) {
                verified = true;
                break;
            }
        }
        if (!verified) {
            throw refused("signature does not verify with the issuer's keys");
        }
        if (!tenant.policy().issuer().equals(claims.get("iss"))) {
            throw refused("iss is not the issuer");
        }
        Set<String> aud = Claims.stringSet(claims.get("aud"));
        if (aud == null || !aud.contains(clientId)) {
            throw refused("aud does not name client " + clientId);
        }
        if (!(claims.get("token_introspection") instanceof JsonObject answer)) {
            throw refused("no token_introspection object");
        }
        return answer;
    }

    private static RuntimeException refused(String why) {
        return new IntrospectionException(BAD_SIGNATURE, why).completion();
    }
}
