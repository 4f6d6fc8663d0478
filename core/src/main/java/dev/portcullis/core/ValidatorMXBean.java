package dev.portcullis.core;

import java.util.Map;

/**
 * What every validator publishes over JMX, with no extra dependency, as
 * {@code dev.portcullis:type=TokenValidator,name="<validator name>"}: the counters of
 * {@link TokenValidator#metrics()}, the state of the keys and the effective configuration. Read-only.
 *
 * @since 0.1.0
 */
public interface ValidatorMXBean {
    /** Tokens accepted. */
    long getAccepted();

    /** Refusals, all reasons. */
    long getRejected();

    /** Refusals per reason (only reasons seen). */
    Map<String, Long> getRejectedByReason();

    /** Per issuer: accepted tokens. */
    Map<String, Long> getAcceptedByIssuer();

    /** Per issuer and reason ({@code <issuer>:<REASON>}): refused tokens of that issuer (reasons seen). */
    Map<String, Long> getRejectedByIssuer();

    /** Per issuer: keys in use, last fetch, failures, outage. */
    Map<String, String> getKeyStatus();

    /** The effective configuration, in one line; nothing secret. */
    String getConfiguration();
}
