package dev.portcullis.core.internal;

import dev.portcullis.core.VerifiedToken;

import java.lang.invoke.MethodHandles;

/**
 * The validator's way to {@link VerifiedToken}'s private constructor, so that a token that validated
 * costs no builder: {@code VerifiedToken} hands the constructor over when its class is initialized
 * (as the JDK's {@code SharedSecrets} do), through {@link CoreInternals#installTokenConstructor}.
 */
final class VerifiedTokenAccess {
    private static CoreInternals.TokenConstructor constructor;

    private VerifiedTokenAccess() {}

    /** Called once, by {@link VerifiedToken}'s static initializer. */
    static synchronized void install(CoreInternals.TokenConstructor c) {
        if (constructor != null) {
            throw new IllegalStateException("the VerifiedToken constructor is installed already");
        }
        constructor = c;
    }

    /** The constructor, initializing {@link VerifiedToken} first if need be. */
    static synchronized CoreInternals.TokenConstructor constructor() {
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
