package dev.portcullis.core.internal;

import java.net.URI;

/**
 * What an issuer's discovery document says besides {@code jwks_uri}, kept when the key fetcher reads it
 * (so introspection needs no discovery of its own): the {@code introspection_endpoint}. Thread-safe.
 */
final class DiscoveredEndpoints {
    private volatile boolean read;
    private volatile URI introspection;

    /** Called by the fetcher with each discovery document it accepted. */
    void discovered(Object introspectionEndpoint) {
        URI uri = null;
        if (introspectionEndpoint instanceof String s) {
            try {
                uri = URI.create(s);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri != null && (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?"))) {
                uri = null;
            }
        }
        introspection = uri;
        read = true;
    }

    /** True once a discovery document was read. */
    boolean read() {
        return read;
    }

    /** The {@code introspection_endpoint} of the last document read, or null. */
    URI introspection() {
        return introspection;
    }
}
