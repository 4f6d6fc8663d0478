package dev.portcullis.core.internal;

import dev.portcullis.core.TokenValidator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The live validators of this class loader, i.e. of this application when the library is in its
 * {@code WEB-INF/lib}: what health checks and metrics exporters report on ({@link TokenValidator#live()}).
 */
final class ValidatorRegistry {
    private static final List<TokenValidator> LIVE = new CopyOnWriteArrayList<>();

    private ValidatorRegistry() {}

    static void add(TokenValidator v) {
        LIVE.add(v);
    }

    static void remove(TokenValidator v) {
        LIVE.remove(v);
    }

    /** The validators built and not yet closed, oldest first. */
    public static List<TokenValidator> live() {
        return List.copyOf(LIVE);
    }
}
