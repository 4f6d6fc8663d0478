package dev.portcullis.core.dpop;

import java.util.Locale;

/** Whether a resource accepts DPoP-bound access tokens (RFC 9449), setting {@code portcullis.dpop}. */
public enum DpopMode {
    /**
     * The {@code DPoP} scheme is not accepted and not offered. A token bound to a key
     * ({@code cnf.jkt}) is still refused as a bearer token: its issuer meant it for DPoP only.
     */
    OFF,
    /** Bearer and DPoP are both accepted (the default); a token bound to a key needs DPoP (no downgrade, RFC 9449 §7.2). */
    ALLOWED,
    /** Only DPoP is accepted: a bearer token is refused. */
    REQUIRED;

    /**
     * Reads {@code off}, {@code allowed} or {@code required}, in any case.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static DpopMode parse(String value) {
        switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
            case "off":
                return OFF;
            case "allowed":
                return ALLOWED;
            case "required":
                return REQUIRED;
            default:
                throw new IllegalArgumentException("expected off, allowed or required");
        }
    }
}
