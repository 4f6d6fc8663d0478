package dev.portcullis.core.internal;

/** Why a key-set fetch failed; each kind is reported without a stack trace. */
enum FetchFailure {
    TIMEOUT("timed out"),
    CONNECTION("connection failed"),
    HTTP_STATUS("answered with a non-200 status"),
    OVERSIZED("answered with a body over the size limit"),
    NOT_A_JWK_SET("answered with something that is not a JWK Set"),
    NO_USABLE_KEYS("answered with a JWK Set without a usable signing key"),
    DISCOVERY("discovery document unusable"),
    CLOSED("source closed");

    final String text;

    FetchFailure(String text) {
        this.text = text;
    }

    /** A fetch failure as an exception carrying its kind; no stack trace. */
    static final class Exception extends java.lang.Exception {
        private static final long serialVersionUID = 1L;
        final FetchFailure kind;

        Exception(FetchFailure kind, String detail) {
            super(kind.text + (detail == null ? "" : " (" + detail + ")"), null, false, false);
            this.kind = kind;
        }
    }
}
