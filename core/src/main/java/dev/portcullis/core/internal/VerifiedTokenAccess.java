package dev.portcullis.core.internal;

import dev.portcullis.core.VerifiedToken;

import java.lang.invoke.MethodHandles;
import java.time.Instant;
import java.util.Set;

/**
 * The validator's way to {@link VerifiedToken}'s private constructor, so that a token that validated
 * costs no builder: {@code VerifiedToken} hands the constructor over when its class is initialized
 * (as the JDK's {@code SharedSecrets} do). Not API: for this package only.
 */
public final class VerifiedTokenAccess {
    /** {@link VerifiedToken}'s constructor for a claim set that the parser built. */
    @FunctionalInterface
    public interface Constructor {
        VerifiedToken create(String subject, String issuer, Set<String> audiences, Instant expiresAt, Instant issuedAt,
                             Set<String> scopes, Set<String> roles, String keyId, JsonObject claims);
    }

    private static Constructor constructor;

    private VerifiedTokenAccess() {
    }

    /** Called once, by {@link VerifiedToken}'s static initializer. */
    public static synchronized void install(Constructor c) {
        if (constructor != null) {
            throw new IllegalStateException("the VerifiedToken constructor is installed already");
        }
        constructor = c;
    }

    /** The constructor, initializing {@link VerifiedToken} first if need be. */
    static synchronized Constructor constructor() {
        if (constructor == null) {
            try {
                MethodHandles.lookup().ensureInitialized(VerifiedToken.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return constructor;
    }
}
