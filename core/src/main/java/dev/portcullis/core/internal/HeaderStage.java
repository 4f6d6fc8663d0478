package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationResult;

import java.util.Arrays;
import java.util.Set;

/**
 * The header checks (README "What is checked", step 2): a strict JSON object, {@code alg} in the
 * allow-list, no {@code crit} or {@code b64}, a {@code typ} that does not name another kind of JWT
 * (always) and is {@code at+jwt} (when required), {@code kid} a string. {@code jku}, {@code x5u},
 * {@code jwk} and {@code x5c} are never read.
 *
 * <p>Tokens of one issuer and key share their header, so the last few headers that passed are
 * remembered by their encoded form: a token whose first part is exactly one of them needs neither
 * decoding nor parsing of its header. Entries are immutable; slots are replaced in turn, racily
 * (a lost write only costs one more parse). A refused header is never remembered, so every token
 * with it is checked, and refused, anew.
 */
final class HeaderStage {
    /**
     * A checked header: its encoded form (the token's bytes up to the first dot), its algorithm and
     * kid; or, for a header that failed, the refusal.
     */
    record Header(byte[] encoded, String algorithm, String kid, ValidationResult refusal) {
        static Header refused(FailureReason reason, String detail) {
            return new Header(null, null, null, Refusals.invalid(reason, detail));
        }
    }

    private final Set<String> allAlgorithms;
    private final boolean requireAccessTokenType;
    private final Header[] known = new Header[4];
    private int nextSlot;

    /**
     * @param allAlgorithms every algorithm some trusted issuer may use (each issuer's own list is
     *                      checked once the token is routed to it)
     */
    HeaderStage(Set<String> allAlgorithms, boolean requireAccessTokenType) {
        this.allAlgorithms = Set.copyOf(allAlgorithms);
        this.requireAccessTokenType = requireAccessTokenType;
    }

    /**
     * The remembered header whose encoded form is exactly {@code token[0, firstDot)} (the token's
     * bytes up to its first dot), or null: then decode and {@link #check} it. The bytes are compared
     * with {@link Arrays#equals(byte[], int, int, byte[], int, int)}, which compares many bytes per step.
     */
    Header known(byte[] token, int firstDot) {
        for (Header h : known) {
            if (h != null && Arrays.equals(token, 0, firstDot, h.encoded(), 0, h.encoded().length)) {
                return h;
            }
        }
        return null;
    }

    /**
     * Checks the {@code decoded} header of a token (whose bytes up to {@code firstDot} are the header's
     * encoded form) against the policy; a header that passed is remembered.
     */
    Header check(byte[] token, int firstDot, byte[] decoded) {
        Header header = parse(Arrays.copyOf(token, firstDot), decoded);
        if (header.refusal() == null) {
            int slot = nextSlot;
            nextSlot = (slot + 1) % known.length;
            known[slot] = header;
        }
        return header;
    }

    private Header parse(byte[] encoded, byte[] decoded) {
        JsonObject header = JsonParser.parseObject(decoded);
        if (header == null) {
            return Header.refused(FailureReason.MALFORMED, "header is not a JSON object with unique member names");
        }
        Object alg = null;
        Object kid = null;
        Object typ = null;
        boolean refusedParameter = false;
        for (int i = 0; i < header.size(); i++) {
            switch (header.name(i)) {
                case "alg" -> alg = header.value(i);
                case "kid" -> kid = header.value(i);
                case "typ" -> typ = header.value(i);
                case "crit", "b64" -> refusedParameter = true;
                default -> {}
            }
        }
        if (!(alg instanceof String algorithm) || !allAlgorithms.contains(algorithm)) {
            return Header.refused(
                    FailureReason.UNSUPPORTED_ALGORITHM,
                    "alg " + Safe.describe(alg) + " is not in the allow-list " + allAlgorithms);
        }
        if (refusedParameter) {
            return Header.refused(
                    FailureReason.UNSUPPORTED_HEADER, "header carries crit or b64, which are never accepted");
        }
        if (isOtherJwtType(typ)) {
            return Header.refused(
                    FailureReason.WRONG_TYPE,
                    "typ " + Safe.describe(typ)
                            + " names another kind of JWT than an access token (RFC 8725 section 3.11)");
        }
        if (requireAccessTokenType && !isAccessTokenType(typ)) {
            return Header.refused(FailureReason.WRONG_TYPE, "typ " + Safe.describe(typ) + " is not at+jwt");
        }
        if (kid != null && !(kid instanceof String)) {
            return Header.refused(FailureReason.MALFORMED, "kid is not a string");
        }
        return new Header(encoded, algorithm, (String) kid, null);
    }

    /**
     * Whether {@code typ} is the media type of a kind of JWT other than an access token: after an
     * optional {@code application/} prefix (RFC 7515 section 4.1.9), compared without regard to case
     * and without parameters ({@code ;...}) or surrounding blanks, it ends with {@code +jwt} and is not
     * {@code at+jwt} ({@code secevent+jwt}, {@code logout+jwt}, {@code dpop+jwt}...). {@code JWT},
     * {@code application/jwt}, other values and an absent {@code typ} are not.
     */
    private static boolean isOtherJwtType(Object typ) {
        if (!(typ instanceof String t)) {
            return false;
        }
        int semicolon = t.indexOf(';');
        String type = (semicolon < 0 ? t : t.substring(0, semicolon)).strip().toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/")) {
            type = type.substring("application/".length());
        }
        return type.endsWith("+jwt") && !type.equals("at+jwt");
    }

    private static boolean isAccessTokenType(Object typ) {
        return typ instanceof String t && (t.equalsIgnoreCase("at+jwt") || t.equalsIgnoreCase("application/at+jwt"));
    }
}
