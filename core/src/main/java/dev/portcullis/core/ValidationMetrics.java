package dev.portcullis.core;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A snapshot of a validator's counters since it was built: tokens accepted, refusals per reason,
 * and per trusted issuer its accepted and refused tokens and the state of its keys. Immutable.
 *
 * @param accepted tokens accepted
 * @param rejected refusals per reason (reasons never seen are absent); includes server faults, and
 *                 the refusals the request path decides itself ({@link dev.portcullis.core.http.BearerAuthenticator}):
 *                 400 for a malformed request, 403 for a missing scope or role
 * @param issuers per issuer name
 * @since 0.1.0
 */
public record ValidationMetrics(long accepted, Map<FailureReason, Long> rejected, Map<String, IssuerStatus> issuers) {

    /** Copies. */
    public ValidationMetrics {
        rejected = copyOf(rejected);
        issuers = Map.copyOf(issuers);
    }

    /** Refusals for one reason. */
    public long rejected(FailureReason reason) {
        return rejected.getOrDefault(reason, 0L);
    }

    /** All refusals. */
    public long rejectedTotal() {
        return total(rejected);
    }

    private static Map<FailureReason, Long> copyOf(Map<FailureReason, Long> counts) {
        EnumMap<FailureReason, Long> copy = new EnumMap<>(FailureReason.class);
        copy.putAll(counts);
        return Collections.unmodifiableMap(copy);
    }

    private static long total(Map<FailureReason, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * One trusted issuer.
     *
     * @param name the issuer's name ({@code default} for the single-issuer configuration)
     * @param issuer its {@code iss}
     * @param accepted its tokens accepted
     * @param rejected refusals of tokens whose {@code iss} is this issuer, per reason (reasons never seen
     *                 are absent): what {@link ValidationMetrics#rejected()} counts, less the refusals of
     *                 untrusted, unparseable or missing tokens and those the adapters decide themselves
     * @param lastKeyFetch when its keys were last fetched successfully; null if never (or static keys)
     * @param keyFetchFailures failed key fetches
     * @param outage true while its keys cannot be fetched and the last good ones are served
     * @param keyIds the key ids currently in use (remote keys; empty until first fetched)
     */
    public record IssuerStatus(String name, String issuer, long accepted, Map<FailureReason, Long> rejected,
                               Instant lastKeyFetch, long keyFetchFailures, boolean outage, Set<String> keyIds) {
        /** Copies. */
        public IssuerStatus {
            Objects.requireNonNull(name, "name");
            rejected = copyOf(rejected);
            keyIds = Set.copyOf(keyIds);
        }

        /** This issuer's refusals for {@code reason}. */
        public long rejected(FailureReason reason) {
            return rejected.getOrDefault(reason, 0L);
        }

        /** All of this issuer's refusals. */
        public long rejectedTotal() {
            return total(rejected);
        }

        /** When keys were last fetched, if ever. */
        public Optional<Instant> lastFetch() {
            return Optional.ofNullable(lastKeyFetch);
        }
    }
}
