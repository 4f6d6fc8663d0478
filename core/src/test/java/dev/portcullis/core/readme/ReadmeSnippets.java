package dev.portcullis.core.readme;

import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.KeySetListener;
import dev.portcullis.core.Settings;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.VerifiedToken;

import dev.portcullis.testkit.DpopProof;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import dev.portcullis.testkit.WithLocalIdp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

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

    static TokenValidator introspection(ValidatorConfig config, String secret) {
        // snippet: introspection
        TokenValidator validator = TokenValidator.builder(config)
                .introspection(IntrospectionConfig.builder()
                        .mode(IntrospectionConfig.Mode.JWT)            // or read: Settings...introspectionConfig()
                        .client(IntrospectionConfig.Client.basic("orders-api", secret))
                        .build())
                .build();
        ValidationResult onARevocationSensitivePath = validator.validate(token(), IntrospectionConfig.Mode.JWT);
        // end
        return validator;
    }

    private static String token() {
        return "";
    }

    static void settings() {
        // snippet: settings
        ValidatorConfig asTheAdaptersReadIt = Settings.builder().build().validatorConfig();
        ValidatorConfig fromSystemProperties = ValidatorConfig.from(System::getProperty);
        ValidatorConfig fromAMap = ValidatorConfig.fromMap(Map.of(
                "mp.jwt.verify.issuer", "https://idp.example.com/realms/shop",
                "mp.jwt.verify.audiences", "orders-api"));
        // end
    }

    static void dpopTestkit() {
        try (LocalIdp idp = LocalIdp.start()) {
            // snippet: dpop-testkit
            DpopProof client = DpopProof.of(TestKey.ec("client"));              // the client's key pair
            String token = idp.token().boundTo(client.thumbprint()).build();    // cnf.jkt = its RFC 7638 thumbprint
            String proof = client.method("GET").uri("https://localhost:9443/orders/api/orders")
                    .accessToken(token).build();                               // jti, iat = now, ath of the token
            // send "Authorization: DPoP " + token and "DPoP: " + proof; with nonces on, add .nonce(dpopNonce)
            // end
            assertThat(proof).isNotBlank();
        }
    }

    static void localIdp() {
        // snippet: local-idp
        try (LocalIdp idp = LocalIdp.start()) {
            String token = idp.token().scope("read:orders").audience("orders-api").build();
            idp.rotate();                           // publish a new key and sign with it
            idp.failWith(LocalIdp.Failure.HTTP_500); // or DOWN, HANG, GARBAGE, HTML, DROP_CONNECTION, OVERSIZED, EMPTY_KEYS
            idp.slowDown(Duration.ofSeconds(3));     // answers, but late
            idp.recover();
        }
        // end
    }

    @SuppressWarnings("ClassCanBeStatic") // the README shows it as a top-level class, which is static
    // snippet: with-local-idp
    @WithLocalIdp(audience = "orders-api")
    class OrdersApiTest {
        @Test
        void readsOrders(LocalIdp idp) {
            String token = idp.token().scope("read:orders").build();
            // call your application with "Authorization: Bearer " + token
        }
    }
    // end

    @SuppressWarnings("ClassCanBeStatic") // as above
    // snippet: rotation-test
    @WithLocalIdp(audience = "orders-api")
    class KeyRotationTest {
        private final TokenValidator validator =
                TokenValidator.builder(ValidatorConfig.from(System::getProperty)).build();

        @Test
        void acceptsTokensOfARotatedKeyAtOnce(LocalIdp idp) {
            assertThat(validator.validate(idp.token().build()).isValid()).isTrue();
            idp.rotate();                                       // publish key-2 and sign with it
            assertThat(validator.validate(idp.token().build()).isValid()).isTrue();
        }

        @Test
        void keepsTheKnownKeysWhileTheProviderIsDown(LocalIdp idp) {
            assertThat(validator.validate(idp.token().build()).isValid()).isTrue();
            idp.failWith(LocalIdp.Failure.DOWN);
            assertThat(validator.validate(idp.token().build()).isValid()).isTrue();     // last known keys
            ValidationResult r = validator.validate(idp.token().signedWith(TestKey.rsa("new")).build());
            assertThat(r).isInstanceOf(ValidationResult.Unavailable.class);             // 503, never 401
        }
    }
    // end
}
