package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;

import java.util.List;
import java.util.Objects;

/**
 * Finds the bearer token in a request, per RFC 6750 §2.1, the same way in every adapter.
 *
 * <ul>
 *   <li>{@code Authorization: Bearer <token>}: scheme case-insensitive, one or more spaces, the
 *       token in the {@code b64token} syntax.</li>
 *   <li>No header, or another scheme (e.g. Basic): {@link Extraction.Absent}, answered with a bare
 *       challenge.</li>
 *   <li>Two headers, two credentials in one header, or a token in the header and also in the query
 *       string or form body: {@link FailureReason#MULTIPLE_TOKENS} (400).</li>
 *   <li>An empty token or one outside the {@code b64token} syntax:
 *       {@link FailureReason#MALFORMED_REQUEST} (400).</li>
 *   <li>Tokens in the query string or form body (RFC 6750 §2.2, §2.3) never authenticate.</li>
 * </ul>
 *
 * <p>With a header other than {@code Authorization} (MicroProfile's {@code mp.jwt.token.header}),
 * the header carries the token itself, with or without the {@code Bearer} prefix.
 */
public final class BearerTokenExtractor {
    private static final String AUTHORIZATION = "Authorization";
    private final String headerName;
    private final boolean authorizationHeader;

    private BearerTokenExtractor(String headerName) {
        this.headerName = headerName;
        this.authorizationHeader = headerName.equalsIgnoreCase(AUTHORIZATION);
    }

    /** An extractor reading the given header (normally {@code Authorization}). */
    public static BearerTokenExtractor forHeader(String headerName) {
        return new BearerTokenExtractor(Objects.requireNonNull(headerName, "headerName"));
    }

    /** The header this extractor reads. */
    public String headerName() {
        return headerName;
    }

    /** What was found in a request. */
    public sealed interface Extraction permits Extraction.Found, Extraction.Absent, Extraction.Refused {
        /** A single, syntactically valid bearer token. */
        record Found(String token) implements Extraction {
            @Override
            public String toString() {
                return "Found[token=(hidden)]";
            }
        }

        /** No bearer credential: answer with a bare challenge. */
        record Absent() implements Extraction {
        }

        /** The request is malformed (400 invalid_request). */
        record Refused(ValidationFailure failure) implements Extraction {
        }
    }

    /**
     * Extracts the token.
     *
     * @param headerValues every value of the token header in the request (each header line separately)
     * @param tokenElsewhere true if the request also carries an {@code access_token} query or form
     *                       parameter
     */
    public Extraction extract(List<String> headerValues, boolean tokenElsewhere) {
        if (headerValues == null || headerValues.isEmpty()) {
            return new Extraction.Absent();
        }
        if (headerValues.size() > 1) {
            return refused(FailureReason.MULTIPLE_TOKENS, headerValues.size() + " " + headerName + " headers");
        }
        String value = headerValues.get(0);
        if (value == null) {
            return new Extraction.Absent();
        }
        // The credentials are value[from, to), without optional whitespace around them; the token's
        // bounds are found first, so that it is copied out of the header value once (and not at all
        // if it is the whole value).
        int to = value.length();
        int from = skipWhitespace(value, 0, to);
        to = trimWhitespace(value, from, to);
        if (to - from == 6 && value.regionMatches(true, from, "Bearer", 0, 6)) {
            return refused(FailureReason.MALFORMED_REQUEST, "Bearer scheme without a token");
        }
        if (hasBearerScheme(value, from, to)) {
            from = skipWhitespace(value, from + 6, to);
            if (from == to) {
                return refused(FailureReason.MALFORMED_REQUEST, "Bearer scheme without a token");
            }
        } else if (authorizationHeader) {
            return new Extraction.Absent(); // another scheme, e.g. Basic: not ours to judge
        } else if (from == to) {
            return refused(FailureReason.MALFORMED_REQUEST, "empty " + headerName + " header");
        }
        String token = value.substring(from, to);
        if (token.indexOf(',') >= 0) {
            return refused(FailureReason.MULTIPLE_TOKENS, "more than one credential in one header");
        }
        if (!isB64Token(token)) {
            return refused(FailureReason.MALFORMED_REQUEST, "the token is not in the b64token syntax");
        }
        if (tokenElsewhere) {
            return refused(FailureReason.MULTIPLE_TOKENS, "token in the header and in the query or form");
        }
        return new Extraction.Found(token);
    }

    /** Whether value[from, to) starts with the scheme {@code Bearer} (any case) and a space. */
    private static boolean hasBearerScheme(String value, int from, int to) {
        return to - from > 6 && value.regionMatches(true, from, "Bearer", 0, 6) && value.charAt(from + 6) == ' ';
    }

    /** The index of the first character of s[from, to) that is not HTTP optional whitespace (SP, HTAB), or to. */
    private static int skipWhitespace(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        return from;
    }

    /** The end of s[from, to) without the optional whitespace (SP, HTAB) at its end. */
    private static int trimWhitespace(String s, int from, int to) {
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }

    /**
     * RFC 6750 {@code b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}.
     * One table lookup per character: a chain of range comparisons branches unpredictably on the
     * random mix of letters and digits of a token (measured: several microseconds for a 1.4 KB token).
     */
    static boolean isB64Token(String token) {
        int n = token.length();
        int i = 0;
        while (i < n) {
            char c = token.charAt(i);
            if (c >= B64TOKEN.length || !B64TOKEN[c]) {
                break;
            }
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < n && token.charAt(i) == '=') {
            i++;
        }
        return i == n;
    }

    /** The characters of {@code b64token} before its trailing {@code =}s. */
    private static final boolean[] B64TOKEN = new boolean[128];

    static {
        String allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";
        for (int i = 0; i < allowed.length(); i++) {
            B64TOKEN[allowed.charAt(i)] = true;
        }
    }

    private static Extraction refused(FailureReason reason, String detail) {
        return new Extraction.Refused(ValidationFailure.of(reason, detail));
    }
}
