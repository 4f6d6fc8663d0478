package dev.portcullis.core.readme;

import dev.portcullis.core.KeySetListener;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.VerifiedToken;

import java.util.Set;

/**
 * The README's Java examples, compiled: each region between {@code // snippet: <name>} and
 * {@code // end} must stand, the same to the character once indentation is removed, in the README's
 * {@code java} block under the comment {@code <!-- snippet: <name> -->}
 * ({@link ReadmeSnippetsTest} checks both directions). JDK 17 has no {@code {@snippet}}; this is its
 * stand-in. The free variables of an example are this class's parameters and fields.
 */
@SuppressWarnings({"unused", "UnusedAssignment"})
final class ReadmeSnippets {
    /** Stands for an application's alerting. */
    interface Alerts {
        void raise(String message);
    }

    private ReadmeSnippets() {
    }

    static void usingTheValidator(String token) {
        // snippet: using-the-validator
        ValidatorConfig config = ValidatorConfig.builder()
                .issuer("https://idp.example.com/realms/shop")
                .audiences("orders-api")
                .publicKeyLocation("https://idp.example.com/realms/shop/protocol/openid-connect/certs")
                .build();

        try (TokenValidator validator = TokenValidator.builder(config).build()) {
            ValidationResult result = validator.validate(token);
            if (result instanceof ValidationResult.Valid valid) {
                VerifiedToken t = valid.token();          // subject, issuer, audiences, expiry, scopes, roles, claims
            } else if (result instanceof ValidationResult.Invalid invalid) {
                ValidationFailure f = invalid.failure();  // reason, RFC 6750 error, status, safe description
            } else if (result instanceof ValidationResult.Unavailable unavailable) {
                // the keys could not be had: a server fault, answer 503 with Retry-After
            }
        }
        // end
    }

    static TokenValidator keySetListener(ValidatorConfig config, Alerts alerts) {
        // snippet: key-set-listener
        TokenValidator validator = TokenValidator.builder(config)
                .listener(new KeySetListener() {
                    @Override
                    public void outageStarted(String issuerName, FailureKind kind) {
                        alerts.raise("identity provider " + issuerName + " unreachable: " + kind);
                    }
                })
                .build();
        // end
        return validator;
    }

    static TokenValidator claimRule(ValidatorConfig config) {
        // snippet: claim-rule
        TokenValidator validator = TokenValidator.builder(config)
                .claimRule("azp-is-a-known-client",
                        token -> token.claim("azp").filter(Set.of("orders-ui", "billing")::contains).isPresent())
                .build();
        // end
        return validator;
    }

    static TokenValidator revocationCheck(ValidatorConfig config, Set<String> revokedSessions) {
        // snippet: revocation-check
        TokenValidator validator = TokenValidator.builder(config)
                .revocationCheck(token -> token.claim("sid").map(revokedSessions::contains).orElse(false))
                .build();
        // end
        return validator;
    }
}
