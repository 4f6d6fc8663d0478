package dev.portcullis.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.http.BearerChallenge;
import dev.portcullis.core.http.BearerResponse;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzzes the challenge and response writer ({@link BearerChallenge}, {@link BearerResponse}) with
 * any realm, operator detail and required scopes: the {@code WWW-Authenticate} value never
 * carries CR, LF or another control character, matches the RFC 6750 §3 grammar (quoted strings
 * with quotes and backslashes escaped, the fixed error code and description of the reason, scope
 * tokens of RFC 6749 §3.3); no header or body ever carries the operator detail; the body is a JSON
 * object; a server fault has {@code Retry-After}.
 *
 * <p>Input framing: byte 0 chooses the {@link FailureReason}, byte 1 the number of required
 * scopes (0 to 3), bytes 2-3 the retry-after seconds; then realm, detail and the scopes, separated
 * by NUL bytes, read as UTF-8.
 */
class BearerChallengeFuzzTest {
    /** A character that the realm writer drops (above U+00FF) and no fixed text has: marks the detail. */
    private static final char DETAIL_MARK = '\u2603';

    private static final String QUOTED =
            "\"(?:[\\t \\x21\\x23-\\x5B\\x5D-\\x7E\\x80-\\xFF]|\\\\[\\t \\x21-\\x7E\\x80-\\xFF])*\"";
    private static final String DESCRIPTION = "\"[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*\"";
    private static final String SCOPE_TOKEN = "[\\x21\\x23-\\x5B\\x5D-\\x7E]+";
    private static final Pattern CHALLENGE = Pattern.compile("Bearer realm=(" + QUOTED + ")"
            + "(?:, error=\"(invalid_request|invalid_token|insufficient_scope|insufficient_user_authentication)\", error_description=("
            + DESCRIPTION + ")"
            + "(?:, scope=\"(" + SCOPE_TOKEN + "(?: " + SCOPE_TOKEN + ")*)\")?)?");
    private static final Set<String> HEADERS = Set.of("WWW-Authenticate", "Retry-After", "Cache-Control");

    @FuzzTest
    void anyRealmDetailAndScopesGiveAGrammaticalChallenge(byte[] data) {
        FailureReason reason = FailureReason.values()[Frames.control(data, 0) % FailureReason.values().length];
        int scopeCount = Frames.control(data, 1) % 4;
        long retryAfterSeconds = ((long) Frames.control(data, 2) << 8 | Frames.control(data, 3)) - 1000;
        List<byte[]> fields = Frames.fields(data, 4, 2 + scopeCount);
        String realm = Frames.utf8(fields, 0);
        String detail = Frames.utf8(fields, 1) + DETAIL_MARK;
        List<String> scopes = new ArrayList<>();
        for (int i = 0; i < scopeCount; i++) {
            scopes.add(Frames.utf8(fields, 2 + i));
        }
        ValidationFailure failure = new ValidationFailure(reason, detail, scopes);

        checkChallenge(BearerChallenge.bare(realm), realm, null);
        checkChallenge(BearerChallenge.forFailure(realm, failure), realm, failure);
        checkResponse(BearerResponse.forFailure(realm, failure), realm, failure);
        checkResponse(BearerResponse.missingToken(realm), realm, ValidationFailure.of(FailureReason.MISSING_TOKEN));
        ValidationResult result = reason.isServerFault()
                ? new ValidationResult.Unavailable(failure, Duration.ofSeconds(retryAfterSeconds))
                : new ValidationResult.Invalid(failure);
        BearerResponse response = BearerResponse.forResult(realm, result);
        checkResponse(response, realm, failure);
        if (reason.isServerFault()
                && !response.header("Retry-After")
                        .equals(Long.toString(((ValidationResult.Unavailable) result).retryAfterSeconds()))) {
            throw new AssertionError("Retry-After differs from the result's");
        }
    }

    private static void checkChallenge(String challenge, String realm, ValidationFailure failure) {
        for (int i = 0; i < challenge.length(); i++) {
            char c = challenge.charAt(i);
            if (c < 0x20 || c == 0x7f || c > 0xff) {
                throw new AssertionError(
                        "character " + (int) c + " in the challenge (header injection or mis-encoding)");
            }
        }
        Matcher m = CHALLENGE.matcher(challenge);
        if (!m.matches()) {
            throw new AssertionError("challenge outside the RFC 6750 grammar: " + challenge);
        }
        String quotedRealm = m.group(1);
        String unquoted = quotedRealm.substring(1, quotedRealm.length() - 1).replaceAll("\\\\(.)", "$1");
        if (!unquoted.equals(printable(realm))) {
            throw new AssertionError("the realm was not kept (minus control characters)");
        }
        boolean withError = failure != null && failure.error().isPresent();
        if (withError != (m.group(2) != null)) {
            throw new AssertionError("error attribute present: " + (m.group(2) != null) + " for "
                    + (failure == null ? "bare" : failure.reason()));
        }
        if (withError) {
            if (!m.group(2).equals(failure.error().get().code())
                    || !m.group(3).equals("\"" + failure.description() + "\"")) {
                throw new AssertionError("error or description does not belong to " + failure.reason());
            }
            if (m.group(4) != null) {
                if (failure.error().get() != dev.portcullis.core.BearerError.INSUFFICIENT_SCOPE) {
                    throw new AssertionError("scope attribute for " + failure.reason());
                }
                for (String s : m.group(4).split(" ")) {
                    if (!failure.requiredScopes().contains(s)) {
                        throw new AssertionError("scope attribute names a scope that is not required");
                    }
                }
            }
        }
    }

    private static void checkResponse(BearerResponse response, String realm, ValidationFailure failure) {
        if (response.status() != failure.status()) {
            throw new AssertionError("status " + response.status() + " for " + failure.reason());
        }
        for (Map.Entry<String, List<String>> h : response.headers().entrySet()) {
            if (h.getValue().size() != 1) {
                throw new AssertionError("not one value of " + h.getKey());
            }
            String value = h.getValue().get(0);
            if (!HEADERS.contains(h.getKey())
                    || value.indexOf(DETAIL_MARK) >= 0
                    || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c > 0xff)) {
                throw new AssertionError("unexpected or unsafe header " + h.getKey());
            }
        }
        checkChallenge(response.header("WWW-Authenticate"), realm, failure);
        if (!"no-store".equals(response.header("Cache-Control"))) {
            throw new AssertionError("refusal without Cache-Control: no-store");
        }
        String retryAfter = response.header("Retry-After");
        if (failure.reason().isServerFault() != (retryAfter != null)
                || (retryAfter != null && !retryAfter.matches("[1-9][0-9]{0,9}"))) {
            throw new AssertionError("Retry-After " + retryAfter + " for " + failure.reason());
        }
        if (response.body().indexOf(DETAIL_MARK) >= 0) {
            throw new AssertionError("the body carries the operator detail");
        }
        Map<String, Object> body;
        try {
            body = JsonUtil.parseJson(response.body());
        } catch (JoseException | RuntimeException e) {
            throw new AssertionError("the body is not a JSON object", e);
        }
        if (!failure.description().equals(body.get("error_description"))) {
            throw new AssertionError("the body's description is not the reason's");
        }
    }

    /** The realm as the writer keeps it: characters below U+0020, U+007F and above U+00FF dropped. */
    private static String printable(String realm) {
        StringBuilder b = new StringBuilder(realm.length());
        realm.chars().filter(c -> c >= 0x20 && c != 0x7f && c <= 0xff).forEach(c -> b.append((char) c));
        return b.toString();
    }
}
