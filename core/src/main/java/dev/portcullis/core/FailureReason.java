package dev.portcullis.core;

import java.util.Optional;

/**
 * Why a request was refused. Each reason carries the RFC 6750 error it is answered with (if any),
 * its HTTP status, and a fixed description that is safe to send to the client: it never contains
 * token content or exception text, and uses only the characters RFC 6750 allows in
 * {@code error_description}.
 *
 * @since 0.1.0
 */
public enum FailureReason {
    /** No bearer token was presented: a bare challenge without an error code (RFC 6750 §3.1). */
    MISSING_TOKEN(null, 401, "No bearer token was presented"),
    /** More than one token in the request (two headers, two credentials, header and query...). */
    MULTIPLE_TOKENS(BearerError.INVALID_REQUEST, 400, "The request presents more than one access token"),
    /** The Authorization header could not be parsed as a bearer credential. */
    MALFORMED_REQUEST(BearerError.INVALID_REQUEST, 400, "The Authorization header is malformed"),
    /** The token is longer than the configured limit. */
    TOKEN_TOO_LARGE(BearerError.INVALID_TOKEN, 401, "The access token is too large"),
    /** Not a well-formed JWS compact serialization with JSON header and claims. */
    MALFORMED(BearerError.INVALID_TOKEN, 401, "The access token is malformed"),
    /** The {@code alg} is not in the allow-list (including {@code none} and HMAC). */
    UNSUPPORTED_ALGORITHM(
            BearerError.INVALID_TOKEN, 401, "The access token is signed with an algorithm that is not accepted"),
    /** The header carries a parameter that is never accepted, such as {@code crit} or {@code b64}. */
    UNSUPPORTED_HEADER(
            BearerError.INVALID_TOKEN, 401, "The access token header carries a parameter that is not accepted"),
    /** The token names a key that the issuer does not publish, even after a refetch. */
    UNKNOWN_KEY(BearerError.INVALID_TOKEN, 401, "The access token is signed with an unknown key"),
    /** The signature does not verify with the issuer's key. */
    BAD_SIGNATURE(BearerError.INVALID_TOKEN, 401, "The access token signature is invalid"),
    /** A claim that is required (such as {@code exp}) is absent. */
    MISSING_CLAIM(BearerError.INVALID_TOKEN, 401, "The access token lacks a required claim"),
    /** {@code exp} is past, beyond the clock-skew leeway. */
    EXPIRED(BearerError.INVALID_TOKEN, 401, "The access token expired"),
    /** {@code nbf} is in the future, beyond the clock-skew leeway. */
    NOT_YET_VALID(BearerError.INVALID_TOKEN, 401, "The access token is not valid yet"),
    /** {@code iat} is in the future, beyond the clock-skew leeway. */
    ISSUED_IN_FUTURE(BearerError.INVALID_TOKEN, 401, "The access token was issued in the future"),
    /** {@code iss} is not one of the configured issuers. */
    WRONG_ISSUER(BearerError.INVALID_TOKEN, 401, "The access token was issued by an untrusted issuer"),
    /** {@code aud} names none of the configured audiences. */
    WRONG_AUDIENCE(BearerError.INVALID_TOKEN, 401, "The access token is not intended for this resource"),
    /** The {@code typ} header is not that of an access token (RFC 9068), when that is enforced. */
    WRONG_TYPE(BearerError.INVALID_TOKEN, 401, "The token is not an access token"),
    /**
     * An application's own {@link ClaimRule} does not accept the token (or failed while checking it);
     * the rule's name is in the failure's detail.
     */
    CLAIM_RULE(BearerError.INVALID_TOKEN, 401, "The access token does not satisfy a claim rule of this resource"),
    /**
     * The token was revoked: the application's {@link RevocationCheck} says so, or the introspection
     * endpoint answered {@code active: false}.
     */
    REVOKED(BearerError.INVALID_TOKEN, 401, "The access token was revoked"),
    /**
     * The token is bound to a client certificate (RFC 8705 §3, {@code cnf.x5t#S256}) and the request presents none,
     * or another one.
     */
    CERTIFICATE_MISMATCH(
            BearerError.INVALID_TOKEN,
            401,
            "The access token is bound to a client certificate that this request does not present"),
    /** The token is valid but lacks a scope the request requires. */
    INSUFFICIENT_SCOPE(BearerError.INSUFFICIENT_SCOPE, 403, "The access token lacks a scope required for this request"),
    /** The token is valid but lacks a role the request requires. */
    INSUFFICIENT_ROLE(BearerError.INSUFFICIENT_SCOPE, 403, "The access token lacks a role required for this request"),
    /**
     * The token's {@code acr} (authentication context class) is none of those the request needs, or
     * the token has none (RFC 9470 step-up): 401 {@code insufficient_user_authentication}.
     */
    INSUFFICIENT_ACR(
            BearerError.INSUFFICIENT_USER_AUTHENTICATION,
            401,
            "The user authentication is not strong enough for this request"),
    /**
     * The token's {@code auth_time} is longer ago than the request's {@code max_age} (plus the
     * clock-skew leeway), or the token has none (RFC 9470 step-up): 401
     * {@code insufficient_user_authentication}.
     */
    AUTHENTICATION_TOO_OLD(
            BearerError.INSUFFICIENT_USER_AUTHENTICATION,
            401,
            "The user authentication is not recent enough for this request"),
    /**
     * The signing keys cannot be obtained right now (identity provider down, keys never loaded).
     * A server fault, not a token fault: answered with 503 and {@code Retry-After}.
     */
    KEYS_UNAVAILABLE(null, 503, "The signing keys are temporarily unavailable"),
    /**
     * The token names a key the validator has not fetched yet, and may not fetch again yet (the
     * minimum refetch interval): the token may be newer than the keys at hand (its {@code iat}, else
     * {@code nbf}, is not before their fetch minus the leeway), so its key may just have been
     * published. A server fault, not a token fault: answered with 503 and {@code Retry-After} = the
     * time until the next fetch is allowed. Counted apart from {@link #UNKNOWN_KEY}.
     */
    KEY_NOT_YET_FETCHED(null, 503, "The signing key of the access token is not available yet"),
    /**
     * The application's {@link RevocationCheck} failed, so the token can be neither accepted nor
     * refused: a server fault (503), failing closed.
     */
    REVOCATION_UNAVAILABLE(null, 503, "The revocation status is temporarily unavailable"),
    /**
     * The token had to be introspected (RFC 7662) and the introspection endpoint could not be asked or gave
     * no usable answer (down, slow, an error status, not JSON): a server fault (503), failing closed.
     */
    INTROSPECTION_UNAVAILABLE(null, 503, "The token status is temporarily unavailable"),
    /**
     * The token could not be checked because the validator failed unexpectedly (a defect, or a
     * configuration that cannot be used): a server fault (503), failing closed. The request path in
     * {@code dev.portcullis.core.http} answers this instead of throwing.
     */
    VALIDATION_UNAVAILABLE(null, 503, "The access token cannot be checked right now"),
    /**
     * The DPoP proof (RFC 9449 §4.3) is missing, repeated, malformed, signed with an algorithm or key
     * that is not accepted, or does not match the request ({@code htm}, {@code htu}, {@code iat},
     * {@code ath}...); the detail names the check. Answered in the DPoP challenge.
     */
    INVALID_DPOP_PROOF(DpopError.INVALID_DPOP_PROOF, "The DPoP proof is invalid"),
    /** The DPoP proof was accepted before (its {@code jti} was seen within its window, RFC 9449 §11.1). */
    DPOP_PROOF_REPLAYED(DpopError.INVALID_DPOP_PROOF, "The DPoP proof was already used"),
    /** The DPoP proof lacks the server's nonce or carries a stale one (RFC 9449 §8, §9): retry with the fresh nonce. */
    USE_DPOP_NONCE(DpopError.USE_DPOP_NONCE, "The DPoP proof must carry the nonce the server provided"),
    /** The access token's {@code cnf.jkt} is not the thumbprint of the proof's key (RFC 9449 §6.1). */
    DPOP_BINDING_MISMATCH(BearerError.INVALID_TOKEN, 401, "The access token is not bound to the key of the DPoP proof"),
    /** DPoP is required here and the access token was presented as a bearer token. */
    DPOP_REQUIRED(BearerError.INVALID_TOKEN, 401, "The access token must be presented with a DPoP proof"),
    /** A token bound to a key ({@code cnf.jkt}) was presented as a bearer token: no downgrade (RFC 9449 §7.2). */
    BOUND_TOKEN_AS_BEARER(BearerError.INVALID_TOKEN, 401, "The access token is bound to a key and needs a DPoP proof"),
    /**
     * The DPoP replay store cannot answer, so a proof can be neither accepted nor refused: a server
     * fault (503 with {@code Retry-After}), failing closed.
     */
    DPOP_REPLAY_UNAVAILABLE(null, 503, "The DPoP proof cannot be checked right now");

    private final BearerError error;
    private final DpopError dpopError;
    private final int status;
    private final String description;

    FailureReason(BearerError error, int status, String description) {
        this.error = error;
        this.dpopError = null;
        this.status = status;
        this.description = description;
    }

    FailureReason(DpopError dpopError, String description) {
        this.error = null;
        this.dpopError = dpopError;
        this.status = dpopError.status();
        this.description = description;
    }

    /**
     * The RFC 6750 error code to put in the challenge; empty for {@link #MISSING_TOKEN} (a bare
     * challenge) and the server faults ({@link #KEYS_UNAVAILABLE}, {@link #KEY_NOT_YET_FETCHED},
     * {@link #REVOCATION_UNAVAILABLE}, {@link #INTROSPECTION_UNAVAILABLE}, {@link #VALIDATION_UNAVAILABLE}).
     */
    public Optional<BearerError> error() {
        return Optional.ofNullable(error);
    }

    /**
     * The RFC 9449 error code for a fault of the DPoP proof ({@code invalid_dpop_proof},
     * {@code use_dpop_nonce}), written in the {@code DPoP} challenge; empty for every other reason.
     * A reason has either this or {@link #error()}, never both.
     */
    public Optional<DpopError> dpopError() {
        return Optional.ofNullable(dpopError);
    }

    /** The value of the challenge's {@code error} attribute, from {@link #error()} or {@link #dpopError()}; empty if neither. */
    public Optional<String> errorCode() {
        return error != null
                ? Optional.of(error.code())
                : Optional.ofNullable(dpopError).map(DpopError::code);
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }

    /** A fixed, client-safe description in RFC 6750's {@code error_description} character set. */
    public String description() {
        return description;
    }

    /** True when the fault lies with the server (the keys), not with the token or request. */
    public boolean isServerFault() {
        return status >= 500;
    }
}
