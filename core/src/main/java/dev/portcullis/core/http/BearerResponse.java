package dev.portcullis.core.http;

import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The complete HTTP answer to a refused request, the same in every adapter: status,
 * {@code WWW-Authenticate}, {@code Retry-After} for a server fault, {@code Cache-Control: no-store},
 * and a tiny JSON body with the error code and the fixed description; never a stack trace or
 * token content.
 *
 * @param status the HTTP status
 * @param headers the headers to set, in order
 * @param body the JSON body
 * @since 0.1.0
 */
public record BearerResponse(int status, Map<String, String> headers, String body) {
    /** The body's content type. */
    public static final String CONTENT_TYPE = "application/json";

    /** Copies. */
    public BearerResponse {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The answer to a refused request with a bare challenge (no token presented). */
    public static BearerResponse missingToken(String realm) {
        return forFailure(realm, ValidationFailure.of(dev.portcullis.core.FailureReason.MISSING_TOKEN));
    }

    /** The answer for a failure that is not a server fault. */
    public static BearerResponse forFailure(String realm, ValidationFailure failure) {
        return build(realm, failure, -1);
    }

    /** The answer for a result that is not valid. */
    public static BearerResponse forResult(String realm, ValidationResult result) {
        if (result instanceof ValidationResult.Unavailable u) {
            return build(realm, u.failure(), u.retryAfterSeconds());
        }
        if (result instanceof ValidationResult.Invalid i) {
            return build(realm, i.failure(), -1);
        }
        throw new IllegalArgumentException("a valid result needs no refusal");
    }

    private static BearerResponse build(String realm, ValidationFailure failure, long retryAfterSeconds) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("WWW-Authenticate", BearerChallenge.forFailure(realm, failure));
        if (failure.reason().isServerFault()) {
            headers.put("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
        }
        headers.put("Cache-Control", "no-store");
        String body;
        if (failure.error().isPresent()) {
            body = "{\"error\":\"" + failure.error().get().code() + "\",\"error_description\":\""
                    + failure.description() + "\"}";
        } else if (failure.reason().isServerFault()) {
            body = "{\"error\":\"temporarily_unavailable\",\"error_description\":\"" + failure.description() + "\"}";
        } else {
            body = "{\"error_description\":\"" + failure.description() + "\"}";
        }
        return new BearerResponse(failure.status(), headers, body);
    }
}
