package dev.portcullis.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portcullis.core.BearerError;
import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.http.BearerTokenExtractor;
import dev.portcullis.core.http.BearerTokenExtractor.Extraction;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Fuzzes {@link BearerTokenExtractor#extract(List, boolean)} with any header values: it never
 * throws; a token it finds is one b64token (RFC 6750 §2.1) taken from the only header value; a
 * refusal is a 400 {@code invalid_request} whose detail is one of the fixed operator texts, so it
 * never carries request content into the logs.
 *
 * <p>Input framing: byte 0 holds flags (bit 0: a token also in the query or form; bit 1: the
 * custom header {@code X-Token} instead of {@code Authorization}; bits 2-3: how many header values,
 * 0 to 3; bit 4: read values as UTF-8 rather than ISO-8859-1; bit 5: the first value is null); the
 * rest is the header values separated by NUL bytes.
 */
class BearerTokenExtractorFuzzTest {
    private static final BearerTokenExtractor AUTHORIZATION = BearerTokenExtractor.forHeader("Authorization");
    private static final BearerTokenExtractor CUSTOM = BearerTokenExtractor.forHeader("X-Token");
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    /** {@code Bearer <b64token>} with optional whitespace around, as RFC 6750 §2.1 writes it. */
    private static final Pattern WELL_FORMED = Pattern.compile("[ \t]*(?i:bearer) +([A-Za-z0-9\\-._~+/]+=*)[ \t]*");
    /** The operator texts a refusal may carry; {@code H} is the configured header name. */
    private static final Pattern DETAILS = Pattern.compile("\\d+ H headers|Bearer scheme without a token|empty H header"
            + "|more than one credential in one header|the token is not in the b64token syntax"
            + "|token in the header and in the query or form");

    @FuzzTest
    void anyHeaderValuesGiveAFoundTokenAbsenceOrA400(byte[] data) {
        int flags = Frames.control(data, 0);
        boolean elsewhere = (flags & 1) != 0;
        BearerTokenExtractor extractor = (flags & 2) != 0 ? CUSTOM : AUTHORIZATION;
        int count = (flags >> 2) & 3;
        boolean utf8 = (flags & 16) != 0;
        List<byte[]> fields = Frames.fields(data, 1, Math.max(1, count));
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(utf8 ? Frames.utf8(fields, i) : Frames.latin1(fields, i));
        }
        if ((flags & 32) != 0 && count > 0) {
            values.set(0, null);
        }

        Extraction extraction = extractor.extract(values, elsewhere);

        if (extraction instanceof Extraction.Found found) {
            String token = found.token();
            if (values.size() != 1 || token == null || !B64TOKEN.matcher(token).matches()) {
                throw new AssertionError(
                        "found a token outside the b64token syntax or among " + values.size() + " values");
            }
            if (!values.get(0).contains(token)) {
                throw new AssertionError("found a token that is not in the header");
            }
            if (elsewhere) {
                throw new AssertionError("found a token although another one is in the query or form");
            }
            if (found.toString().contains(token) && token.length() > 6) {
                throw new AssertionError("toString shows the token");
            }
        } else if (extraction instanceof Extraction.Refused refused) {
            ValidationFailure failure = refused.failure();
            if (failure.status() != 400
                    || failure.error().orElse(null) != BearerError.INVALID_REQUEST
                    || (failure.reason() != FailureReason.MULTIPLE_TOKENS
                            && failure.reason() != FailureReason.MALFORMED_REQUEST)) {
                throw new AssertionError("refusal " + failure.reason() + " with status " + failure.status());
            }
            String template = failure.detail().replace(extractor.headerName(), "H");
            if (!DETAILS.matcher(template).matches()) {
                throw new AssertionError("detail is not one of the fixed texts (reflected input?)");
            }
        } else if (!(extraction instanceof Extraction.Absent)) {
            throw new AssertionError("no extraction: " + extraction);
        }
        if (values.size() == 1 && values.get(0) != null && !elsewhere) {
            java.util.regex.Matcher m = WELL_FORMED.matcher(values.get(0));
            if (m.matches()
                    && !(extraction instanceof Extraction.Found f && f.token().equals(m.group(1)))) {
                throw new AssertionError("a well-formed Bearer credential was not found");
            }
        }
    }
}
