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
 * @param introspection the token-introspection counters ({@link IntrospectionStatus#NONE} without introspection)
 * @since 0.1.0
 */
public record ValidationMetrics(
        long accepted,
        Map<FailureReason, Long> rejected,
        Map<String, IssuerStatus> issuers,
        IntrospectionStatus introspection) {

    /** Copies. */
    public ValidationMetrics {
        rejected = copyOf(rejected);
        issuers = Map.copyOf(issuers);
        Objects.requireNonNull(introspection, "introspection");
    }

    /** Counters of a validator without introspection. */
    public ValidationMetrics(long accepted, Map<FailureReason, Long> rejected, Map<String, IssuerStatus> issuers) {
        this(accepted, rejected, issuers, IntrospectionStatus.NONE);
    }

    /**
     * Token introspection (RFC 7662) since the validator was built.
     *
     * @param calls requests sent to introspection endpoints
     * @param cacheHits answers taken from the cache instead
     * @param active calls answered {@code active: true}
     * @param inactive calls answered {@code active: false}
     * @param failures calls without a usable answer, per kind (kinds never seen are absent)
     * @param outage true while the last call failed
     */
    public record IntrospectionStatus(
            long calls,
            long cacheHits,
            long active,
            long inactive,
            Map<IntrospectionFailure, Long> failures,
            boolean outage) {
        /** No introspection. */
        public static final IntrospectionStatus NONE = new IntrospectionStatus(0, 0, 0, 0, Map.of(), false);

        /** Copies. */
        public IntrospectionStatus {
            EnumMap<IntrospectionFailure, Long> copy = new EnumMap<>(IntrospectionFailure.class);
            copy.putAll(failures);
            failures = Collections.unmodifiableMap(copy);
        }

        /** All failed calls. */
        public long failuresTotal() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Why an introspection call gave no usable answer. */
    public enum IntrospectionFailure {
        /** No answer within the fetch timeout. */
        TIMEOUT,
        /** Refused or dropped connection, I/O error. */
        CONNECTION,
        /** An error status, other than 401/403. */
        HTTP_STATUS,
        /** 401 or 403: the endpoint does not accept this resource server's client authentication. */
        CLIENT_REJECTED,
        /** A body over 64 KiB. */
        OVERSIZED,
        /** Not a JSON answer (content type or body), or JSON without a boolean {@code active}. */
        NOT_JSON,
        /** An RFC 9701 signed answer that does not verify with the issuer's keys or names another issuer or client. */
        BAD_SIGNATURE,
        /** No endpoint: none configured and none in the discovery document (or that could not be read). */
        NO_ENDPOINT
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
    public record IssuerStatus(
            String name,
            String issuer,
            long accepted,
            Map<FailureReason, Long> rejected,
            Instant lastKeyFetch,
            long keyFetchFailures,
            boolean outage,
            Set<String> keyIds) {
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
