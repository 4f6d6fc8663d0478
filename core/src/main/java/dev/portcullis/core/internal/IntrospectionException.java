package dev.portcullis.core.internal;

import dev.portcullis.core.ValidationMetrics;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** An introspection call without a usable answer: its kind and a safe detail; no stack trace, no cause. */
final class IntrospectionException extends Exception {
    private static final long serialVersionUID = 1L;
    final transient ValidationMetrics.IntrospectionFailure kind;

    IntrospectionException(ValidationMetrics.IntrospectionFailure kind, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
    }

    /** This failure as a completion of a future. */
    CompletionException completion() {
        return new CompletionException(this);
    }

    /** The failure behind {@code t}; anything unforeseen counts as a connection failure. */
    static IntrospectionException unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c instanceof IntrospectionException f
                ? f
                : new IntrospectionException(
                        ValidationMetrics.IntrospectionFailure.CONNECTION, "unexpected client failure");
    }
}
