package dev.portcullis.core.internal;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The URI a client addressed, for a DPoP proof's {@code htu}: scheme, host and port as the container
 * saw them, and the raw request path (context path included, no query). Behind a trusted proxy only,
 * the proxy's view replaces the container's: the last element of {@code Forwarded} (RFC 7239:
 * {@code proto}, {@code host}), else {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and
 * {@code X-Forwarded-Port} (each its last comma-separated value): the one the trusted peer itself
 * wrote, as for the protected-resource metadata ({@code TrustedProxy}); an element a client sent
 * ahead of it is ignored. From anyone else these headers are ignored, so a client cannot pick the
 * URI its proof is checked against.
 */
final class EffectiveRequestUri {
    private EffectiveRequestUri() {}

    /**
     * @param headers every value of a request header by name (case-insensitive), empty if none
     * @param trustedProxy whether the peer is a configured trusted proxy
     */
    static String of(
            String scheme,
            String host,
            int port,
            String requestPath,
            Function<String, List<String>> headers,
            boolean trustedProxy) {
        String s = scheme;
        String h = host;
        String p = port > 0 ? Integer.toString(port) : "";
        if (trustedProxy) {
            String forwarded = last(headers.apply("Forwarded"));
            if (forwarded != null) {
                String proto = parameter(forwarded, "proto");
                String fhost = parameter(forwarded, "host");
                if (proto != null) {
                    s = proto;
                    p = "";
                }
                if (fhost != null) {
                    h = fhost;
                    p = "";
                }
            } else {
                String proto = last(headers.apply("X-Forwarded-Proto"));
                String fhost = last(headers.apply("X-Forwarded-Host"));
                String fport = last(headers.apply("X-Forwarded-Port"));
                if (proto != null) {
                    s = proto;
                    p = "";
                }
                if (fhost != null) {
                    h = fhost;
                    p = "";
                }
                if (fport != null) {
                    p = fport;
                }
            }
        }
        boolean hostHasPort = h.startsWith("[") ? h.indexOf(':', h.indexOf(']')) > 0 : h.indexOf(':') >= 0;
        if (h.indexOf(':') >= 0 && !h.startsWith("[") && h.indexOf(':') != h.lastIndexOf(':')) {
            h = "[" + h + "]"; // a bare IPv6 address from getServerName
            hostHasPort = false;
        }
        String path = requestPath == null || requestPath.isEmpty() ? "/" : requestPath;
        return s.toLowerCase(Locale.ROOT) + "://" + h + (hostHasPort || p.isEmpty() ? "" : ":" + p) + path;
    }

    /** The last comma-separated element of the last value, stripped; null if none. */
    private static String last(List<String> values) {
        if (values == null || values.isEmpty() || values.get(values.size() - 1) == null) {
            return null;
        }
        String v = values.get(values.size() - 1);
        int comma = v.lastIndexOf(',');
        String last = (comma < 0 ? v : v.substring(comma + 1)).strip();
        return last.isEmpty() ? null : last;
    }

    /** A parameter of one {@code Forwarded} element ({@code name=value} or {@code name="value"}, by {@code ;}). */
    private static String parameter(String element, String name) {
        for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase(name)) {
                String value = pair.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }
}
