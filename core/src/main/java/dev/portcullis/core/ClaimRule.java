package dev.portcullis.core;

/**
 * An application's own check of a token's claims, beyond the built-in ones: for example that
 * {@code azp} is one of the clients allowed to call this API, or that a tenant claim matches the
 * tenant this deployment serves. Registered by name with {@link TokenValidator.Builder#claimRule}.
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.builder(config)
 *         .claimRule("azp-is-a-known-client",
 *                 token -> token.claim("azp").filter(Set.of("orders-ui", "billing")::contains).isPresent())
 *         .build();
 * }</pre>
 *
 * <p>Rules run after every built-in check passed (signature, time, issuer, audience, scopes), in the
 * order they were registered, and again each time a remembered token is presented (the
 * verified-token cache never answers for a rule), so a rule may depend on time or on the
 * application's state. A token that a rule does not accept is refused with
 * {@link FailureReason#CLAIM_RULE} (401 {@code invalid_token}, a fixed description); the rule's name is
 * in the operator-facing {@link ValidationFailure#detail()}, never in the response. A rule that throws
 * refuses the token too (failing closed); the exception is not propagated, and only its class name
 * reaches the detail.
 *
 * <p>Called on the validating thread for every token: must be fast, thread-safe and free of I/O.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ClaimRule {

    /**
     * True if {@code token} satisfies this rule.
     *
     * @param token a token that passed every built-in check
     */
    boolean accepts(VerifiedToken token);
}
