package dev.portcullis.core;

/**
 * The error codes of RFC 6750 section 3.1 (and RFC 9470 section 3), each with the HTTP status the
 * RFC pairs it with.
 *
 * @since 0.1.0
 */
public enum BearerError {
    /**
     * "The request is missing a required parameter, includes an unsupported parameter or parameter
     * value, repeats the same parameter, uses more than one method for including an access token,
     * or is otherwise malformed." Answered with 400 (Bad Request).
     */
    INVALID_REQUEST("invalid_request", 400),
    /**
     * "The access token provided is expired, revoked, malformed, or invalid for other reasons."
     * Answered with 401 (Unauthorized).
     */
    INVALID_TOKEN("invalid_token", 401),
    /**
     * "The request requires higher privileges than provided by the access token." Answered with
     * 403 (Forbidden).
     */
    INSUFFICIENT_SCOPE("insufficient_scope", 403),
    /**
     * RFC 9470 §3: "The authentication event associated with the access token presented with the
     * request does not meet the authentication requirements of the protected resource." Answered
     * with 401 (Unauthorized), with {@code acr_values} and/or {@code max_age} in the challenge.
     */
    INSUFFICIENT_USER_AUTHENTICATION("insufficient_user_authentication", 401);

    private final String code;
    private final int status;

    BearerError(String code, int status) {
        this.code = code;
        this.status = status;
    }

    /** The value of the {@code error} attribute, e.g. {@code invalid_token}. */
    public String code() {
        return code;
    }

    /** The HTTP status RFC 6750 answers this error with. */
    public int status() {
        return status;
    }
}
