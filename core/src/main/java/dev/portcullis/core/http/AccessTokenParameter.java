package dev.portcullis.core.http;

import java.nio.charset.StandardCharsets;

/**
 * Finds an {@code access_token} parameter (RFC 6750 §2.2 form body, §2.3 query) in
 * {@code application/x-www-form-urlencoded} text, as a servlet container would: names are
 * percent-decoded, {@code +} is a space, a name without {@code =} counts. Such a token never
 * authenticates; with a header token too, the request presents more than one token (400).
 *
 * @since 0.1.0
 */
public final class AccessTokenParameter {
    /** The parameter's name. */
    public static final String NAME = "access_token";
    /** The content type of a form-encoded body. */
    public static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

    private AccessTokenParameter() {}

    /** True if the query string or form body {@code encoded} (may be null) has an {@code access_token}. */
    public static boolean in(String encoded) {
        if (encoded == null) {
            return false;
        }
        int n = encoded.length();
        int start = 0;
        while (start <= n) {
            int end = encoded.indexOf('&', start);
            if (end < 0) {
                end = n;
            }
            if (nameIs(encoded, start, end)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** True if the first {@code length} bytes of a form body have an {@code access_token}. */
    public static boolean in(byte[] body, int length) {
        return in(new String(body, 0, length, StandardCharsets.ISO_8859_1));
    }

    /** True if a {@code Content-Type} value (may be null) is that of a form-encoded body. */
    public static boolean isForm(String contentType) {
        return contentType != null
                && contentType.regionMatches(true, 0, FORM_CONTENT_TYPE, 0, FORM_CONTENT_TYPE.length())
                && (contentType.length() == FORM_CONTENT_TYPE.length()
                        || contentType.charAt(FORM_CONTENT_TYPE.length()) == ';'
                        || contentType.charAt(FORM_CONTENT_TYPE.length()) == ' ');
    }

    /** Whether the decoded name of the parameter in {@code s[from, to)} is {@link #NAME}. */
    private static boolean nameIs(String s, int from, int to) {
        int matched = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '=') {
                break;
            }
            if (c == '+') {
                c = ' ';
            } else if (c == '%' && i + 2 < to && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                c = (char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            }
            if (matched == NAME.length() || NAME.charAt(matched) != c) {
                return false;
            }
            matched++;
        }
        return matched == NAME.length();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
