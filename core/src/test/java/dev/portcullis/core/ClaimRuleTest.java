package dev.portcullis.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The application's own claim rules run after the built-in checks and refuse with CLAIM_RULE, failing closed. */
class ClaimRuleTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private TokenValidator withRule(String name, ClaimRule rule) {
        return f.validator(b -> b, b -> b.claimRule(name, rule));
    }

    @Test
    void whenAzpIsOneOfTheAllowedClientsThenTheTokenIsAcceptedElseRefused() {
        Set<String> allowed = Set.of("orders-ui", "billing");
        withRule(
                "azp-allowed",
                token -> token.claim("azp").filter(allowed::contains).isPresent());
        assertThat(f.validate(f.token().claim("azp", "orders-ui").build()).isValid())
                .isTrue();
        assertThat(reasonOf(f.validate(f.token().claim("azp", "stranger").build())))
                .isEqualTo(FailureReason.CLAIM_RULE);
        assertThat(reasonOf(f.validate(f.token().build()))).as("no azp at all").isEqualTo(FailureReason.CLAIM_RULE);
    }

    @Test
    void whenTheTenantClaimDiffersFromThisDeploymentsTenantThenTheTokenIsRefused() {
        withRule("tenant-matches", token -> "acme".equals(token.claims().get("tenant")));
        assertThat(f.validate(f.token().claim("tenant", "acme").build()).isValid())
                .isTrue();
        assertThat(reasonOf(f.validate(f.token().claim("tenant", "globex").build())))
                .isEqualTo(FailureReason.CLAIM_RULE);
    }

    @Test
    void whenARuleRefusesThenItsNameIsInTheDetailAndTheClientGetsTheFixedDescription() {
        withRule("azp-allowed", token -> false);
        ValidationFailure failure = f.validate(f.token().build()).rejection().orElseThrow();
        assertThat(failure.reason()).isEqualTo(FailureReason.CLAIM_RULE);
        assertThat(failure.detail()).contains("'azp-allowed'");
        assertThat(failure.reason().status()).isEqualTo(401);
        assertThat(failure.error()).contains(BearerError.INVALID_TOKEN);
        assertThat(failure.reason().description())
                .isEqualTo("The access token does not satisfy a claim rule of this resource");
    }

    @Test
    void whenARuleThrowsThenTheTokenIsRefusedAndNothingIsThrown() {
        withRule("tenant-matches", token -> {
            throw new IllegalStateException("tenant registry down, token " + token);
        });
        ValidationResult result = f.validate(f.token().build());
        assertThat(reasonOf(result)).isEqualTo(FailureReason.CLAIM_RULE);
        assertThat(result.rejection().orElseThrow().detail())
                .contains("'tenant-matches'")
                .contains("IllegalStateException")
                .doesNotContain("registry down");
    }

    @Test
    void whenARuleRefusesThenTheRefusalIsCountedUnderItsReasonAndForTheIssuer() {
        withRule("never", token -> false);
        f.validate(f.token().build());
        f.validate(f.token().build());
        ValidationMetrics m = f.validator().metrics();
        assertThat(m.accepted()).isZero();
        assertThat(m.rejected()).containsOnlyKeys(FailureReason.CLAIM_RULE);
        assertThat(m.rejected(FailureReason.CLAIM_RULE)).isEqualTo(2);
        assertThat(m.issuers().get("default").rejected(FailureReason.CLAIM_RULE))
                .isEqualTo(2);
    }

    @Test
    void whenABuiltInCheckRefusesThenNoRuleIsAsked() {
        AtomicInteger asked = new AtomicInteger();
        withRule("counting", token -> asked.incrementAndGet() > 0);
        assertThat(reasonOf(f.validate(f.token().audience("billing").build()))).isEqualTo(FailureReason.WRONG_AUDIENCE);
        assertThat(asked).hasValue(0);
    }

    @Test
    void whenARememberedTokenNoLongerSatisfiesARuleThenItIsRefusedOnItsNextUse() {
        AtomicReference<String> tenant = new AtomicReference<>("acme");
        withRule("tenant-matches", token -> tenant.get().equals(token.claims().get("tenant")));
        String token = f.token().claim("tenant", "acme").build();
        assertThat(f.validate(token).isValid()).isTrue();
        assertThat(f.validate(token).isValid()).as("answered from the cache").isTrue();
        tenant.set("globex");
        assertThat(reasonOf(f.validate(token))).isEqualTo(FailureReason.CLAIM_RULE);
    }

    @Test
    void whenSeveralRulesAreAddedThenTheyRunInOrderAndTheFirstRefusalNamesItsRule() {
        StringBuilder order = new StringBuilder();
        f.validator(
                b -> b,
                b -> b.claimRule("first", token -> order.append("1").length() > 0)
                        .claimRule("second", token -> order.append("2").isEmpty())
                        .claimRule("third", token -> order.append("3").length() > 0));
        ValidationFailure failure = f.validate(f.token().build()).rejection().orElseThrow();
        assertThat(order).hasToString("12");
        assertThat(failure.detail()).contains("'second'");
    }

    @Test
    void whenARuleNameIsUnsafeOrTakenThenTheBuilderRefusesIt() {
        TokenValidator.Builder b = TokenValidator.builder(f.config().build());
        b.claimRule("azp-allowed", token -> true);
        assertThatThrownBy(() -> b.claimRule("azp-allowed", token -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already");
        for (String bad : new String[] {"", "two words", "line\nbreak", "quote\"", "x".repeat(65)}) {
            assertThatThrownBy(() -> b.claimRule(bad, token -> true))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> b.claimRule("null-rule", null)).isInstanceOf(NullPointerException.class);
    }
}
