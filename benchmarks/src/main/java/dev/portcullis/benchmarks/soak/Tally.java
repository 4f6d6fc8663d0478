package dev.portcullis.benchmarks.soak;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The answers, counted and judged. Every request is counted once, a retry after Retry-After too. A false
 * refusal is a {@link Probe.Kind#VALID} token answered 401 or 403; a false acceptance is any other token
 * answered 2xx. A 503 is allowed for a token of a key activated within {@link Timeline#NEW_KEY_WINDOW} or during
 * the outage (counted apart, never as refusals); any other answer outside a kind's expected set is unexpected.
 */
final class Tally {
    private static final int MAX_EXAMPLES = 8;

    private final Timeline timeline;
    private final Map<Integer, LongAdder> byStatus = new ConcurrentSkipListMap<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder falseRefusals = new LongAdder();
    private final LongAdder falseAcceptances = new LongAdder();
    private final LongAdder newKey503 = new LongAdder();
    private final LongAdder outage503 = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder retriesAnswered200 = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private final LongAdder transportErrors = new LongAdder();
    private final List<String> examples = new CopyOnWriteArrayList<>();

    Tally(Timeline timeline) {
        this.timeline = timeline;
    }

    /**
     * Counts one answer.
     *
     * @param probe         what was sent
     * @param status        the answer's status
     * @param sentNanos     when it was sent
     * @param retryAfter    the Retry-After header, or {@code null}
     * @param challenge     the WWW-Authenticate header, or {@code null} (kept for examples; it never holds the token)
     * @param retry         whether this request repeated one answered 503
     */
    void record(Probe probe, int status, long sentNanos, String retryAfter, String challenge, boolean retry) {
        requests.increment();
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (retry) {
            retries.increment();
            if (status == 200) {
                retriesAnswered200.increment();
            }
        }
        Probe.Kind kind = probe.kind();
        if (status == 503 && retryAfter != null && timeline.inNewKeyWindow(probe.kid(), sentNanos)) {
            newKey503.increment();
        } else if (status == 503 && retryAfter != null && timeline.inOutage(sentNanos)) {
            outage503.increment();
        } else if (kind == Probe.Kind.VALID && (status == 401 || status == 403)) {
            falseRefusals.increment();
            example("false refusal", probe, status, challenge);
        } else if (kind != Probe.Kind.VALID && status >= 200 && status < 300) {
            falseAcceptances.increment();
            example("false acceptance", probe, status, challenge);
        } else if (!kind.expects(status)) {
            unexpected.increment();
            example("unexpected", probe, status, challenge);
        }
    }

    void transportError(Probe probe, Exception e) {
        transportErrors.increment();
        if (examples.size() < MAX_EXAMPLES) {
            examples.add("transport error: " + probe.kind() + " kid=" + probe.kid() + " "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void example(String what, Probe probe, int status, String challenge) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(what + ": " + probe.kind() + " kid=" + probe.kid() + " token " + Fingerprint.of(probe.token())
                    + " -> " + status + (challenge == null ? "" : " " + challenge));
        }
    }

    long requests() {
        return requests.sum();
    }

    long falseRefusals() {
        return falseRefusals.sum();
    }

    long falseAcceptances() {
        return falseAcceptances.sum();
    }

    long unexpected() {
        return unexpected.sum();
    }

    long transportErrors() {
        return transportErrors.sum();
    }

    List<String> examples() {
        return List.copyOf(examples);
    }

    /** {@code requests=.. status{200=..,401=..} false_refusals=.. ...} */
    String summary() {
        StringJoiner statuses = new StringJoiner(",", "{", "}");
        byStatus.forEach((status, count) -> statuses.add(status + "=" + count.sum()));
        return "requests=" + requests.sum() + " status" + statuses + " false_refusals=" + falseRefusals.sum()
                + " false_acceptances=" + falseAcceptances.sum() + " 503_new_key=" + newKey503.sum()
                + " 503_outage=" + outage503.sum() + " retries=" + retries.sum() + " retries_200="
                + retriesAnswered200.sum()
                + " unexpected=" + unexpected.sum()
                + " transport_errors=" + transportErrors.sum();
    }
}
