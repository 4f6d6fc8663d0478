package dev.portcullis.core.internal;

import dev.portcullis.core.KeySetListener;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Why getting a key set failed; each kind is reported without a stack trace. */
enum FetchFailure {
    TIMEOUT("timed out", KeySetListener.FailureKind.TIMEOUT),
    CONNECTION("connection failed", KeySetListener.FailureKind.CONNECTION),
    HTTP_STATUS("answered with a non-200 status", KeySetListener.FailureKind.HTTP_STATUS),
    OVERSIZED("answered with a body over the size limit", KeySetListener.FailureKind.OVERSIZED),
    NOT_A_JWK_SET("answered with something that is not a JWK Set", KeySetListener.FailureKind.NOT_A_JWK_SET),
    NO_USABLE_KEYS("answered with a JWK Set without a usable signing key", KeySetListener.FailureKind.NO_USABLE_KEYS),
    DISCOVERY("discovery document unusable", KeySetListener.FailureKind.DISCOVERY),
    /** Not a fetch failure: the rate limit refused to start a fetch. */
    RATE_LIMITED("not fetched: the minimum refetch interval has not passed", null),
    /** Not a fetch failure: the source is closed. */
    CLOSED("source closed", null);

    final String text;
    /** The kind reported to listeners; null for the two that are not failures of a fetch. */
    final KeySetListener.FailureKind kind;

    FetchFailure(String text, KeySetListener.FailureKind kind) {
        this.text = text;
        this.kind = kind;
    }

    /**
     * The failure behind {@code t}, unwrapping {@link CompletionException} and
     * {@link ExecutionException}; anything unforeseen counts as a connection failure.
     */
    static Exception unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c instanceof Exception e ? e : new Exception(CONNECTION, "unexpected client failure");
    }

    /** A failure as an exception carrying its kind; no stack trace, no cause, a safe message. */
    @SuppressWarnings("JavaLangClash") // only ever named FetchFailure.Exception
    static final class Exception extends java.lang.Exception {
        private static final long serialVersionUID = 1L;
        final FetchFailure kind;

        Exception(FetchFailure kind, String detail) {
            super(kind.text + (detail == null ? "" : " (" + detail + ")"), null, false, false);
            this.kind = kind;
        }

        /** This failure as a completion of a future, for {@code handle}/{@code thenApply} stages. */
        CompletionException completion() {
            return new CompletionException(this);
        }
    }
}
