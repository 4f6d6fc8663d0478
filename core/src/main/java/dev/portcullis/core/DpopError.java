package dev.portcullis.core;

/**
 * The error codes RFC 9449 §7.1 and §8 add for the {@code DPoP} authentication scheme, each with
 * the HTTP status it is answered with. They are written only in a {@code DPoP} challenge, never in
 * a {@code Bearer} one (RFC 6750 knows only {@link BearerError}'s codes).
 */
public enum DpopError {
    /** "The DPoP proof is invalid" (RFC 9449 §7.1): missing, malformed, or not matching the request. Answered with 401. */
    INVALID_DPOP_PROOF("invalid_dpop_proof", 401),
    /** The proof must carry the nonce the server provides in {@code DPoP-Nonce} (RFC 9449 §9). Answered with 401. */
    USE_DPOP_NONCE("use_dpop_nonce", 401);

    private final String code;
    private final int status;

    DpopError(String code, int status) {
        this.code = code;
        this.status = status;
    }

    /** The value of the {@code error} attribute, e.g. {@code invalid_dpop_proof}. */
    public String code() {
        return code;
    }

    /** The HTTP status this error is answered with. */
    public int status() {
        return status;
    }
}
