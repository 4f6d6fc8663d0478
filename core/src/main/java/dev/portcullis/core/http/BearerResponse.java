package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The complete HTTP answer to a refused request, the same in every adapter: status, one
 * {@code WWW-Authenticate} value per accepted scheme, {@code Retry-After} for a server fault,
 * {@code Cache-Control: no-store}, and a tiny JSON body with the error code and the fixed
 * description; never a stack trace or token content.
 *
 * @param status the HTTP status
 * @param headers the headers to add, in order, each with its values in order (an adapter adds every
 *                value, e.g. a {@code Bearer} and a {@code DPoP} challenge as two
 *                {@code WWW-Authenticate} lines)
 * @param body the JSON body
 * @since 0.1.0
 */
public record BearerResponse(int status, Map<String, List<String>> headers, String body) {
    /** The body's content type. */
    public static final String CONTENT_TYPE = "application/json";

    /** Copies. */
    public BearerResponse {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The first value of header {@code name} (exact name, as set here), or null if there is none. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The answer to a refused request with a bare challenge (no token presented). */
    public static BearerResponse missingToken(String realm) {
        return forFailure(realm, ValidationFailure.of(FailureReason.MISSING_TOKEN));
    }

    /** The answer for a failure that is not a server fault, with the Bearer challenge of {@code realm}. */
    public static BearerResponse forFailure(String realm, ValidationFailure failure) {
        return refusal(failure, -1, List.of(BearerChallenge.forFailure(realm, failure)));
    }

    /** The answer for a result that is not valid, with the Bearer challenge of {@code realm}. */
    public static BearerResponse forResult(String realm, ValidationResult result) {
        ValidationFailure failure = failureOf(result);
        return refusal(failure, retryAfterSeconds(result), List.of(BearerChallenge.forFailure(realm, failure)));
    }

    /**
     * The answer for {@code failure} with the given challenges.
     *
     * @param failure why the request is refused
     * @param retryAfterSeconds the {@code Retry-After} of a server fault (at least 1 is sent); ignored otherwise
     * @param challenges the {@code WWW-Authenticate} values, in order (at least one)
     */
    public static BearerResponse refusal(ValidationFailure failure, long retryAfterSeconds, List<String> challenges) {
        if (challenges.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs a challenge");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("WWW-Authenticate", new ArrayList<>(challenges));
        if (failure.reason().isServerFault()) {
            headers.put("Retry-After", List.of(Long.toString(Math.max(1, retryAfterSeconds))));
        }
        headers.put("Cache-Control", List.of("no-store"));
        String body;
        if (failure.reason().errorCode().isPresent()) {
            body = "{\"error\":\"" + failure.reason().errorCode().get() + "\",\"error_description\":\""
                    + failure.description() + "\"}";
        } else if (failure.reason().isServerFault()) {
            body = "{\"error\":\"temporarily_unavailable\",\"error_description\":\"" + failure.description() + "\"}";
        } else {
            body = "{\"error_description\":\"" + failure.description() + "\"}";
        }
        return new BearerResponse(failure.status(), headers, body);
    }

    /** This answer with one more header value, e.g. a {@code DPoP-Nonce} (RFC 9449 §8). */
    public BearerResponse withHeader(String name, String value) {
        Map<String, List<String>> more = new LinkedHashMap<>(headers);
        List<String> values = new ArrayList<>(more.getOrDefault(name, List.of()));
        values.add(value);
        more.put(name, values);
        return new BearerResponse(status, more, body);
    }

    /** The failure of a result that is not valid. */
    static ValidationFailure failureOf(ValidationResult result) {
        if (result instanceof ValidationResult.Unavailable u) {
            return u.failure();
        }
        if (result instanceof ValidationResult.Invalid i) {
            return i.failure();
        }
        throw new IllegalArgumentException("a valid result needs no refusal");
    }

    /** The {@code Retry-After} of a result: that of an unavailable one, else -1. */
    static long retryAfterSeconds(ValidationResult result) {
        return result instanceof ValidationResult.Unavailable u ? u.retryAfterSeconds() : -1;
    }
}
