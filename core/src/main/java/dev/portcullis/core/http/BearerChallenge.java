package dev.portcullis.core.http;

import dev.portcullis.core.BearerError;
import dev.portcullis.core.ValidationFailure;

import java.util.Collection;

/**
 * Writes {@code WWW-Authenticate: Bearer} challenges per RFC 6750 §3: {@code realm},
 * {@code error}, {@code error_description} and {@code scope}, each a quoted string. Descriptions and
 * scopes are checked against the character sets RFC 6750 allows; nothing from the token ever goes
 * into a challenge.
 *
 * @since 0.1.0
 */
public final class BearerChallenge {
    private BearerChallenge() {}

    /** A challenge without an error, for a request that carried no token (RFC 6750 §3.1). */
    public static String bare(String realm) {
        return "Bearer realm=\"" + quote(realm) + "\"";
    }

    /**
     * The challenge for a failure: bare for a missing token or a server fault, otherwise with
     * {@code error}, {@code error_description} and, for insufficient scope, {@code scope}.
     */
    public static String forFailure(String realm, ValidationFailure failure) {
        if (failure.error().isEmpty()) {
            return bare(realm);
        }
        BearerError error = failure.error().get();
        StringBuilder b = new StringBuilder(160)
                .append(bare(realm))
                .append(", error=\"")
                .append(error.code())
                .append('"');
        String description = failure.description();
        if (!isValidDescription(description)) {
            throw new IllegalStateException("description outside RFC 6750's character set: " + failure.reason());
        }
        b.append(", error_description=\"").append(description).append('"');
        if (error == BearerError.INSUFFICIENT_SCOPE && !failure.requiredScopes().isEmpty()) {
            String scope = scope(failure.requiredScopes());
            if (scope != null) {
                b.append(", scope=\"").append(scope).append('"');
            }
        }
        return b.toString();
    }

    /** RFC 6750 §3: {@code error_description} uses only %x20-21 / %x23-5B / %x5D-7E. */
    public static boolean isValidDescription(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** RFC 6749 §3.3 {@code scope-token = 1*( %x21 / %x23-5B / %x5D-7E )}. */
    public static boolean isValidScopeToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static String scope(Collection<String> scopes) {
        StringBuilder b = new StringBuilder();
        for (String s : scopes) {
            if (!isValidScopeToken(s)) {
                continue;
            }
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(s);
        }
        return b.length() == 0 ? null : b.toString();
    }

    /** A realm as quoted-string content: controls dropped, quote and backslash escaped. */
    private static String quote(String realm) {
        StringBuilder b = new StringBuilder(realm.length());
        for (int i = 0; i < realm.length(); i++) {
            char c = realm.charAt(i);
            if (c < 0x20 || c == 0x7f || c > 0xff) {
                continue;
            }
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
