package dev.portcullis.core.internal;

import java.util.Locale;

/**
 * The URI a client addressed, for a DPoP proof's {@code htu}, from its scheme, host and port (as the
 * container saw them, or as a trusted proxy forwarded them: {@code TrustedProxy}, the one reader of
 * forwarded headers) and the raw request path (context path included, no query).
 */
final class EffectiveRequestUri {
    private EffectiveRequestUri() {}

    /**
     * @param host a host name, an IP literal (a bare IPv6 address, as {@code getServerName} may give
     *     it, is bracketed), either with {@code :port}
     * @param port the port, or empty for the scheme's default (a port in {@code host} wins)
     */
    static String of(String scheme, String host, String port, String requestPath) {
        String h = host;
        boolean hostHasPort = h.startsWith("[") ? h.indexOf(':', h.indexOf(']')) > 0 : h.indexOf(':') >= 0;
        if (h.indexOf(':') >= 0 && !h.startsWith("[") && h.indexOf(':') != h.lastIndexOf(':')) {
            h = "[" + h + "]"; // a bare IPv6 address from getServerName
            hostHasPort = false;
        }
        String path = requestPath == null || requestPath.isEmpty() ? "/" : requestPath;
        return scheme.toLowerCase(Locale.ROOT) + "://" + h + (hostHasPort || port.isEmpty() ? "" : ":" + port) + path;
    }
}
