package dev.portcullis.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portcullis.core.FailureReason;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.core.http.BearerChallenge;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes {@link TokenValidator#validate(String)} against a static JWK Set (no network) and a fixed
 * clock: any input gives a result, never an exception; never {@code Unavailable} (the keys are
 * static); every refusal has a 4xx status, an RFC 6750 description and a log-safe detail; a
 * garbage signature never verifies; and whatever is accepted really satisfies the policy, checked
 * independently of the validator on the decoded claims.
 *
 * <p>Input framing (see {@link Frames}); byte 0 chooses the mode:
 * <ul>
 *   <li>0: the rest is the token, read as ISO-8859-1 (any char 0-255);</li>
 *   <li>1: the rest is the token, read as UTF-8;</li>
 *   <li>2: byte 1 chooses a key (RSA, EC, Ed25519); the rest is header JSON NUL payload JSON,
 *       signed for real with that key, so the claim checks behind the signature are reached;</li>
 *   <li>3: header JSON NUL payload JSON NUL signature bytes: a forgery, which must never be valid.</li>
 * </ul>
 */
class TokenValidatorFuzzTest {
    static final String ISSUER = "https://idp.example/realms/fuzz";
    static final String AUDIENCE = "orders-api";
    static final String SCOPE = "read:orders";
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final long SKEW_SECONDS = 60;
    static final int MAX_TOKEN_LENGTH = 3072;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private static final TokenValidator VALIDATOR = TokenValidator.builder(ValidatorConfig.builder()
                    .issuer(ISSUER)
                    .audiences(AUDIENCE)
                    .publicKey(FuzzKeys.jwks())
                    .algorithms(FuzzKeys.algorithms().toArray(String[]::new))
                    .requiredScopes(SCOPE)
                    .rolesClaim("realm_access.roles")
                    .maxTokenLength(MAX_TOKEN_LENGTH)
                    .build())
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();

    @FuzzTest
    void anyInputGivesAPreciseResultNeverAnException(byte[] data) {
        int mode = Frames.control(data, 0) % 4;
        String token;
        switch (mode) {
            case 0 -> token = Frames.latin1(Frames.fields(data, 1, 1), 0);
            case 1 -> token = Frames.utf8(Frames.fields(data, 1, 1), 0);
            case 2 -> {
                FuzzKeys key = FuzzKeys.values()[Frames.control(data, 1) % FuzzKeys.values().length];
                List<byte[]> f = Frames.fields(data, 2, 2);
                String input = B64URL.encodeToString(f.get(0)) + "."
                        + B64URL.encodeToString(f.size() > 1 ? f.get(1) : new byte[0]);
                token = input + "." + B64URL.encodeToString(key.sign(input));
            }
            default -> {
                List<byte[]> f = Frames.fields(data, 1, 3);
                token = B64URL.encodeToString(f.get(0)) + "."
                        + B64URL.encodeToString(f.size() > 1 ? f.get(1) : new byte[0]) + "."
                        + B64URL.encodeToString(f.size() > 2 ? f.get(2) : new byte[0]);
            }
        }

        ValidationResult result = VALIDATOR.validate(token);

        if (result == null) {
            throw new AssertionError("validate returned null");
        }
        if (result instanceof ValidationResult.Unavailable) {
            throw new AssertionError("Unavailable with static keys: " + result);
        }
        if (result instanceof ValidationResult.Invalid invalid) {
            checkRefusal(token, invalid.failure());
        } else if (result instanceof ValidationResult.Valid valid) {
            if (mode == 3) {
                throw new AssertionError("a token with a fuzzed signature was accepted");
            }
            checkAccepted(token, valid.token());
        }
    }

    private static void checkRefusal(String token, ValidationFailure failure) {
        int status = failure.status();
        if (status != 400 && status != 401 && status != 403) {
            throw new AssertionError("refusal with status " + status + ": " + failure.reason());
        }
        if (!BearerChallenge.isValidDescription(failure.description())) {
            throw new AssertionError("description outside RFC 6750: " + failure.reason());
        }
        if ((failure.reason() == FailureReason.MISSING_TOKEN) != token.isEmpty()) {
            throw new AssertionError(failure.reason() + " for a token of " + token.length() + " chars");
        }
        if (failure.reason() == FailureReason.TOKEN_TOO_LARGE && token.length() <= MAX_TOKEN_LENGTH) {
            throw new AssertionError("TOKEN_TOO_LARGE for " + token.length() + " chars");
        }
        String detail = failure.detail();
        if (detail == null || detail.length() > 512) {
            throw new AssertionError("detail missing or unbounded: " + (detail == null ? null : detail.length()));
        }
        for (int i = 0; i < detail.length(); i++) {
            char c = detail.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new AssertionError("control character " + (int) c + " in a log detail (log injection)");
            }
        }
        if (token.length() > 40 && detail.contains(token)) {
            throw new AssertionError("the detail carries the token");
        }
    }

    /** Checks an accepted token against the policy, reading the claims independently of the validator. */
    private static void checkAccepted(String token, VerifiedToken verified) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new AssertionError("accepted a token of " + parts.length + " parts");
        }
        for (String part : parts) {
            if (!B64URL.encodeToString(Base64.getUrlDecoder().decode(part)).equals(part)) {
                throw new AssertionError("accepted a non-canonical base64url part (malleable token)");
            }
        }
        Map<String, Object> header = json(parts[0]);
        Map<String, Object> claims = json(parts[1]);
        if (!FuzzKeys.algorithms().contains(header.get("alg"))
                || header.containsKey("crit")
                || header.containsKey("b64")) {
            throw new AssertionError("accepted header " + header.keySet() + " alg " + header.get("alg"));
        }
        if (header.get("typ") instanceof String typ
                && typ.toLowerCase(java.util.Locale.ROOT).strip().endsWith("+jwt")
                && !typ.toLowerCase(java.util.Locale.ROOT).strip().matches("(application/)?at\\+jwt")) {
            throw new AssertionError("accepted another kind of JWT: typ " + typ);
        }
        int signatureBytes = Base64.getUrlDecoder().decode(parts[2]).length;
        int expected = switch ((String) header.get("alg")) {
            case "RS256" -> 256; // the fuzz RSA key has a 2048-bit modulus
            default -> 64; // ES256: R||S of 32 bytes each; EdDSA (Ed25519): 64 bytes
        };
        if (signatureBytes != expected) {
            throw new AssertionError(
                    "accepted a " + header.get("alg") + " signature of " + signatureBytes + " bytes (malleable token)");
        }
        if (!ISSUER.equals(claims.get("iss")) || !ISSUER.equals(verified.issuer())) {
            throw new AssertionError("accepted another issuer");
        }
        long now = NOW.getEpochSecond();
        if (!(claims.get("exp") instanceof Number exp)
                || !(decimal(exp).add(BigDecimal.valueOf(SKEW_SECONDS)).compareTo(BigDecimal.valueOf(now)) > 0)) {
            throw new AssertionError("accepted an expired token or one without a numeric exp: " + claims.get("exp"));
        }
        for (String name : new String[] {"nbf", "iat"}) {
            Object value = claims.get(name);
            if (value != null
                    && (!(value instanceof Number n)
                            || decimal(n).compareTo(BigDecimal.valueOf(now + SKEW_SECONDS + 1)) >= 0)) {
                throw new AssertionError("accepted " + name + " = " + value);
            }
        }
        Object aud = claims.get("aud");
        boolean audienceOk = AUDIENCE.equals(aud)
                || (aud instanceof List<?> list
                        && list.contains(AUDIENCE)
                        && list.stream().allMatch(String.class::isInstance));
        if (!audienceOk || !verified.audiences().contains(AUDIENCE)) {
            throw new AssertionError("accepted audience " + aud);
        }
        Set<String> scopes = verified.scopes();
        Object scope = claims.get("scope");
        Object scp = claims.get("scp");
        boolean granted = (scope instanceof String s && List.of(s.split(" ")).contains(SCOPE))
                || (scope instanceof List<?> k && k.contains(SCOPE))
                || (scp instanceof String t && List.of(t.split(" ")).contains(SCOPE))
                || (scp instanceof List<?> l && l.contains(SCOPE));
        if (!granted || !scopes.contains(SCOPE)) {
            throw new AssertionError("accepted without the required scope: scope=" + scope + " scp=" + scp);
        }
        Object sub = claims.get("sub");
        if (sub != null && !sub.equals(verified.subject().orElse(null))) {
            throw new AssertionError("subject mismatch");
        }
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof Double d && (d.isInfinite() || d.isNaN())) {
            return d > 0 ? BigDecimal.TEN.pow(400) : BigDecimal.TEN.pow(400).negate();
        }
        return new BigDecimal(n.toString());
    }

    private static Map<String, Object> json(String part) {
        try {
            return JsonUtil.parseJson(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
        } catch (JoseException | RuntimeException e) {
            throw new AssertionError("accepted a token whose part is not JSON", e);
        }
    }
}
