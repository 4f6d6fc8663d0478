package dev.portcullis.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The signing keys cannot be obtained right now. A server fault: the validator turns it into
 * {@link ValidationResult.Unavailable}, never into an invalid token.
 *
 * @since 0.1.0
 */
public final class KeysUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;

    /**
     * @param message an operator-facing message (no token content)
     * @param retryAfter how long until the source will try to obtain the keys again
     */
    public KeysUnavailableException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** How long until the source will try to obtain the keys again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
