package dev.portcullis.samples;

import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.http.BearerResponse;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.TestKey;
import dev.portcullis.testkit.TokenBuilder;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The walking-skeleton demo: starts the testkit identity provider on 127.0.0.1, builds a validator
 * trusting it, and validates one good and several bad tokens, printing each verdict with the HTTP
 * answer an adapter would give.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the demo, printing to {@code out}; returns the number of cases whose verdict differed from the expected one. */
    public static int run(PrintStream out) {
        // One clock for the provider and the validator, so the demo can let time pass without waiting.
        MutableClock clock = MutableClock.at(Instant.now());
        try (LocalIdp idp = LocalIdp.builder().clock(clock).start()) {
            ValidatorConfig config = ValidatorConfig.builder()
                    .issuer(idp.issuer())
                    .audiences("orders-api")
                    .jwksUri(idp.jwksUri())
                    .requiredScopes("read:orders")
                    .build();
            out.println("Identity provider: " + idp.issuer());
            out.println("JWKS:              " + idp.jwksUri());
            out.println("Policy:            aud=orders-api, alg=RS256, scope read:orders, leeway 60 s");
            out.println();
            try (TokenValidator validator = TokenValidator.builder(config).clock(clock).build()) {
                Map<String, Case> cases = new LinkedHashMap<>();
                cases.put("valid token", new Case("VALID", () -> idp.token().build()));
                cases.put("expired 5 minutes ago", new Case("EXPIRED",
                        () -> idp.token().expiresIn(Duration.ofMinutes(-5)).build()));
                cases.put("expired 30 s ago (within leeway)", new Case("VALID",
                        () -> idp.token().expiresIn(Duration.ofSeconds(-30)).build()));
                cases.put("for another audience", new Case("WRONG_AUDIENCE",
                        () -> idp.token().audience("account").build()));
                cases.put("from another issuer", new Case("WRONG_ISSUER",
                        () -> idp.token().issuer("https://evil.example/realms/test").build()));
                cases.put("without scope read:orders", new Case("INSUFFICIENT_SCOPE",
                        () -> idp.token().scope("profile").build()));
                cases.put("signed by a stranger's key", new Case("UNKNOWN_KEY",
                        () -> idp.token().signedWith(TestKey.rsa("stranger")).build()));
                cases.put("alg none", new Case("UNSUPPORTED_ALGORITHM",
                        () -> idp.token().header("alg", "none").build()));
                cases.put("tampered payload", new Case("BAD_SIGNATURE", () -> tamper(idp.token())));
                cases.put("11 s later, after a key rotation", new Case("VALID", () -> {
                    clock.advance(Duration.ofSeconds(11)); // past the minimum refetch interval (10 s)
                    idp.rotate();
                    return idp.token().build();
                }));
                int mismatches = 0;
                for (Map.Entry<String, Case> e : cases.entrySet()) {
                    ValidationResult result = validator.validate(e.getValue().token().get());
                    String verdict = result.isValid() ? "VALID" : result.rejection().orElseThrow().reason().name();
                    boolean asExpected = verdict.equals(e.getValue().expected());
                    if (!asExpected) {
                        mismatches++;
                    }
                    out.printf("%-36s %-22s %s%n", e.getKey(), verdict, answer(result));
                }
                out.println();
                out.println("JWKS fetches: " + idp.jwksRequests() + " (one at start, one after the rotation)");
                out.println(mismatches == 0 ? "All verdicts as expected." : mismatches + " verdict(s) NOT as expected.");
                return mismatches;
            }
        }
    }

    private static String answer(ValidationResult result) {
        if (result.isValid()) {
            return "-> 200, sub=" + result.verifiedToken().orElseThrow().subject().orElse("?");
        }
        BearerResponse r = BearerResponse.forResult("orders", result);
        return "-> " + r.status() + " WWW-Authenticate: " + r.headers().get("WWW-Authenticate");
    }

    private static String tamper(TokenBuilder builder) {
        String[] parts = builder.build().split("\\.");
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                builder.scope("read:orders admin").unsignedPayloadJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return parts[0] + "." + forged + "." + parts[2];
    }

    private record Case(String expected, Supplier<String> token) {
    }
}
