package dev.portcullis.core.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The live validators of this class loader, i.e. of this application when the library is in its
 * {@code WEB-INF/lib}: what health checks and metrics exporters report on.
 */
public final class ValidatorRegistry {
    private static final List<MeteredTokenValidator> LIVE = new CopyOnWriteArrayList<>();

    private ValidatorRegistry() {
    }

    static void add(MeteredTokenValidator v) {
        LIVE.add(v);
    }

    static void remove(MeteredTokenValidator v) {
        LIVE.remove(v);
    }

    /** The validators built and not yet closed. */
    public static List<MeteredTokenValidator> live() {
        return List.copyOf(LIVE);
    }
}
