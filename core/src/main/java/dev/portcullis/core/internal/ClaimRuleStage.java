package dev.portcullis.core.internal;

import dev.portcullis.core.ClaimRule;
import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationResult;

import java.util.Map;

/**
 * The application's own claim rules ({@link ClaimRule}), run after the built-in checks, before a
 * token is remembered, and on every cache hit. A rule that refuses, or throws, refuses the token
 * with {@link FailureReason#CLAIM_RULE}, its name in the detail. With no rules, costs one length check.
 */
final class ClaimRuleStage {
    private final String[] names;
    private final ClaimRule[] rules;

    /** @param rules by name, in the order to run them */
    ClaimRuleStage(Map<String, ClaimRule> rules) {
        this.names = rules.keySet().toArray(String[]::new);
        this.rules = rules.values().toArray(ClaimRule[]::new);
    }

    /** True when the application registered no rule. */
    boolean isEmpty() {
        return rules.length == 0;
    }

    /** {@code valid} if every rule accepts its token, else the refusal (counted for {@code tenant} if not null). */
    ValidationResult check(ValidationResult.Valid valid, Tenant tenant) {
        for (int i = 0; i < rules.length; i++) {
            String detail;
            try {
                if (rules[i].accepts(valid.token())) {
                    continue;
                }
                detail = "claim rule '" + names[i] + "' does not accept the token";
            } catch (Exception | StackOverflowError | LinkageError | AssertionError e) {
                // Any failure of the rule refuses the token; only running out of memory and the like go on.
                detail = "claim rule '" + names[i] + "' failed (" + e.getClass().getName() + "): refused";
            }
            return tenant != null
                    ? tenant.refuse(FailureReason.CLAIM_RULE, detail)
                    : Refusals.invalid(FailureReason.CLAIM_RULE, detail);
        }
        return valid;
    }
}
