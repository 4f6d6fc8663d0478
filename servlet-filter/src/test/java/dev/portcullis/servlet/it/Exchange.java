package dev.portcullis.servlet.it;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.TokenFingerprint;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One request of the attack suite and its answer, with the checks every answer must pass: on time,
 * complete, no server fault other than the deliberate 503, no stack trace, exception or class
 * name, no slice of the credentials sent, no reflected input, and a {@code WWW-Authenticate} in the
 * RFC 6750 grammar. Remembers every token sent and every refusal the server should have logged.
 */
record Exchange(RawHttp.Request request, RawHttp.Answer answer, List<String> secrets, Duration limit) {
    /** Every credential sent during the suite, for the log check. */
    static final Set<String> SENT = ConcurrentHashMap.newKeySet();
    /** "fingerprint reason" of every refusal by the validator, which the server logs at DEBUG. */
    static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
    /**
     * Answers that the HTTP layer (Liberty, before any filter) gave with its own error page, and
     * what in them would fail the hygiene checks Portcullis' answers pass: reported, not failed, as
     * that page is the server's configuration, not Portcullis'.
     */
    static final Set<String> HTTP_LAYER_NOTES = ConcurrentHashMap.newKeySet();
    /** How many answers, by status, the HTTP layer gave itself. */
    static final Map<Integer, Integer> HTTP_LAYER_STATUSES = new ConcurrentHashMap<>();
    /** The slowest answer of the suite, in nanoseconds, and how many requests were sent. */
    static final AtomicLong SLOWEST = new AtomicLong();

    static final AtomicLong REQUESTS = new AtomicLong();
    /** Put into hostile header values and claims; must never come back. */
    static final String MARK = "zqReflectQz";

    private static final Pattern CHALLENGE =
            Pattern.compile("Bearer realm=\"(?:[^\"\\\\\\x00-\\x1F\\x7F]|\\\\[\\x20-\\x7E])*\""
                    + "(?:, error=\"([a-z_]+)\", error_description=\"([\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*)\""
                    + "(?:, scope=\"([\\x21\\x23-\\x5B\\x5D-\\x7E]+(?: [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*)\")?)?"
                    + "(?:, resource_metadata=\"[\\x21\\x23-\\x5B\\x5D-\\x7E]+\")?");
    /** The DPoP challenge beside the Bearer one on a 401 (RFC 9449 §7.1), bare here: no DPoP was used. */
    private static final Pattern DPOP_CHALLENGE =
            Pattern.compile("DPoP realm=\"(?:[^\"\\\\\\x00-\\x1F\\x7F]|\\\\[\\x20-\\x7E])*\""
                    + "(?:, error=\"[a-z_]+\", error_description=\"[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*\")?, algs=\"[A-Za-z0-9 ]+\""
                    + "(?:, resource_metadata=\"[\\x21\\x23-\\x5B\\x5D-\\x7E]+\")?");

    private static final List<String> FORBIDDEN = List.of(
            "Exception",
            "Throwable",
            "Caused by",
            "\tat ",
            "at dev.",
            "at java.",
            "dev.portcullis",
            "java.",
            "jakarta.",
            "jose4j",
            "com.ibm",
            "io.openliberty",
            "SRVE",
            "CWWK",
            "stack",
            "StackOverflow",
            "NullPointer",
            "null pointer");
    private static final Set<FailureReason> FROM_VALIDATOR = Set.of(
            FailureReason.TOKEN_TOO_LARGE,
            FailureReason.MALFORMED,
            FailureReason.UNSUPPORTED_ALGORITHM,
            FailureReason.UNSUPPORTED_HEADER,
            FailureReason.UNKNOWN_KEY,
            FailureReason.BAD_SIGNATURE,
            FailureReason.MISSING_CLAIM,
            FailureReason.EXPIRED,
            FailureReason.NOT_YET_VALID,
            FailureReason.ISSUED_IN_FUTURE,
            FailureReason.WRONG_ISSUER,
            FailureReason.WRONG_AUDIENCE,
            FailureReason.WRONG_TYPE,
            FailureReason.KEYS_UNAVAILABLE,
            FailureReason.KEY_NOT_YET_FETCHED,
            FailureReason.INSUFFICIENT_SCOPE);

    /** Sends, then runs the checks every answer must pass, within {@link RawHttp#DEADLINE}. */
    static Exchange send(RawHttp.Request request, String... secrets) {
        return send(request, RawHttp.DEADLINE, secrets);
    }

    /**
     * Sends with a generous deadline: for the first request of an application, which loads its keys
     * while the server may still be compiling its code paths. Not an attack, not timed.
     */
    static Exchange warmUp(RawHttp.Request request, String token) {
        return send(request, Duration.ofSeconds(30), token);
    }

    private static Exchange send(RawHttp.Request request, Duration limit, String... secrets) {
        SENT.addAll(List.of(secrets));
        RawHttp.Answer answer = RawHttp.send(Integer.getInteger("liberty.http.port"), request, limit);
        Exchange exchange = new Exchange(request, answer, List.of(secrets), limit);
        if (limit.equals(RawHttp.DEADLINE)) {
            REQUESTS.incrementAndGet();
            SLOWEST.accumulateAndGet(answer.elapsed().toNanos(), Math::max);
        }
        if (answer.status() >= 400 && answer.all("WWW-Authenticate").isEmpty()) {
            HTTP_LAYER_STATUSES.merge(answer.status(), 1, Integer::sum);
        }
        exchange.checkHygiene();
        return exchange;
    }

    int status() {
        return answer.status();
    }

    /** The single token sent, if any. */
    String token() {
        return secrets.isEmpty() ? null : secrets.get(0);
    }

    private void checkHygiene() {
        String what = request.target() + " -> " + answer;
        assertThat(answer.problem())
                .as("a complete answer within %s: %s", limit, what)
                .isNull();
        assertThat(answer.elapsed()).as("time of %s", what).isLessThan(limit);
        assertThat(answer.status())
                .as("no server fault but the deliberate 503: %s", what)
                .isBetween(200, 503)
                .isNotIn(500, 501, 502);
        String all = answer.head() + "\n" + answer.body();
        boolean httpLayerPage = answer.status() >= 400
                && answer.status() < 500
                && answer.all("WWW-Authenticate").isEmpty();
        for (String word : FORBIDDEN) {
            if (httpLayerPage && all.contains(word)) {
                HTTP_LAYER_NOTES.add(
                        answer.status() + " for " + abbreviate(request.target()) + " carries '" + word.strip() + "'");
            } else {
                assertThat(all)
                        .as("no stack trace, exception or class name in %s", what)
                        .doesNotContain(word);
            }
        }
        if (httpLayerPage && all.toLowerCase(Locale.ROOT).contains(MARK.toLowerCase(Locale.ROOT))) {
            HTTP_LAYER_NOTES.add(
                    answer.status() + " for " + abbreviate(request.target()) + " reflects the request URI");
        } else {
            assertThat(all.toLowerCase(Locale.ROOT))
                    .as("no reflected input in %s", what)
                    .doesNotContain(MARK.toLowerCase(Locale.ROOT));
        }
        String leak = ServerLogs.leak(all, ServerLogs.windows(secrets));
        assertThat(leak).as("no slice of the token in the answer %s", what).isNull();
        for (String line : answer.head().split("\r\n", -1)) {
            assertThat(line)
                    .as("no bare CR or LF inside a header line of %s", what)
                    .doesNotContain("\r")
                    .doesNotContain("\n");
        }
        assertThat(answer.headers())
                .as("no injected header in %s", what)
                .doesNotContainKeys("x-injected", "set-cookie");
        for (String challenge : answer.all("WWW-Authenticate")) {
            assertThat(challenge)
                    .as("challenge of %s", what)
                    .matches(
                            c -> CHALLENGE.matcher(c).matches()
                                    || DPOP_CHALLENGE.matcher(c).matches(),
                            "a Bearer or DPoP challenge");
        }
    }

    /**
     * Asserts the exact refusal Portcullis gives for {@code reason}: status, one challenge with
     * realm, error code and description (bare for a missing token or a server fault),
     * {@code Cache-Control: no-store}, {@code Retry-After} for a server fault, the JSON body.
     */
    Exchange refused(FailureReason reason) {
        String what = request.target() + " -> " + answer;
        assertThat(answer.status()).as("status for %s: %s", reason, what).isEqualTo(reason.status());
        // A 401 also invites DPoP (allowed by default): the DPoP challenge, bare, after the Bearer one.
        assertThat(answer.all("WWW-Authenticate"))
                .as("one Bearer challenge (and DPoP's on a 401): %s", what)
                .hasSize(reason.status() == 401 ? 2 : 1);
        if (reason.status() == 401) {
            assertThat(answer.all("WWW-Authenticate").get(1))
                    .as("DPoP challenge: %s", what)
                    .matches(DPOP_CHALLENGE)
                    .doesNotContain("error=");
        }
        Matcher m = CHALLENGE.matcher(answer.first("WWW-Authenticate"));
        assertThat(m.matches()).isTrue();
        if (reason.error().isPresent()) {
            assertThat(m.group(1))
                    .as("error code for %s: %s", reason, what)
                    .isEqualTo(reason.error().get().code());
            assertThat(m.group(2))
                    .as("error_description for %s: %s", reason, what)
                    .isEqualTo(reason.description());
            assertThat(answer.body())
                    .as("body: %s", what)
                    .isEqualTo("{\"error\":\"" + reason.error().get().code() + "\",\"error_description\":\""
                            + reason.description() + "\"}");
        } else {
            assertThat(m.group(1))
                    .as("a bare challenge for %s: %s", reason, what)
                    .isNull();
        }
        assertThat(answer.first("Cache-Control")).as("Cache-Control: %s", what).isEqualTo("no-store");
        if (reason.isServerFault()) {
            assertThat(answer.first("Retry-After")).as("Retry-After: %s", what).matches("[1-9][0-9]*");
        } else {
            assertThat(answer.first("Retry-After")).isNull();
        }
        if (FROM_VALIDATOR.contains(reason) && token() != null) {
            LOGGED.add(TokenFingerprint.of(token()) + " " + reason);
        }
        return this;
    }

    /** Asserts a refusal by the HTTP layer (e.g. Liberty's header limits) or by Portcullis: some 4xx, no 5xx. */
    Exchange refusedByHttpLayer() {
        assertThat(answer.status())
                .as("a 4xx for %s -> %s", request.target(), answer)
                .isBetween(400, 499);
        return this;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    /** Asserts that the request passed the filter. */
    Exchange accepted() {
        assertThat(answer.status())
                .as("accepted: %s -> %s", request.target(), answer)
                .isEqualTo(200);
        assertThat(answer.body()).as("the application saw the caller").contains("auth=BEARER");
        return this;
    }
}
