package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IssuerPolicy;
import dev.portcullis.core.JwksSource;
import dev.portcullis.core.ValidationResult;

import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One trusted issuer as the pipeline uses it: its policy, its key source, its audiences as an array,
 * and where refusals of its tokens are counted.
 *
 * @param refusedByIssuer told of every refusal of this issuer's tokens (the issuer's name and the
 *                        reason), on the validating thread; fast, never throws
 */
record Tenant(
        IssuerPolicy policy, JwksSource keys, String[] audiences, BiConsumer<String, FailureReason> refusedByIssuer) {

    /** True if a token naming {@code tokenAudiences} is meant for this resource. */
    boolean accepts(Set<String> tokenAudiences) {
        if (policy.anyAudience()) {
            return true;
        }
        for (String a : audiences) {
            if (tokenAudiences.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** True if this issuer may sign with {@code algorithm}. */
    boolean allows(String algorithm) {
        return policy.algorithms().contains(algorithm);
    }

    /** Counts a refusal of one of this issuer's tokens. */
    void counted(FailureReason reason) {
        refusedByIssuer.accept(policy.name(), reason);
    }

    /** A refusal of one of this issuer's tokens, counted for the issuer too. */
    ValidationResult refuse(FailureReason reason, String detail) {
        counted(reason);
        return Refusals.invalid(reason, detail);
    }
}
