package dev.portcullis.core.internal;

import java.util.Locale;

/**
 * An absolute {@code http}/{@code https} URI, without its query and fragment, in the normal form of
 * RFC 3986 §6.2.2 and §6.2.3, so that two spellings of one resource compare equal (RFC 9449 §4.3
 * asks for {@code htu} to match "ignoring any query and fragment parts" after such normalization):
 * scheme and host in lower case, a host's trailing dot removed, the scheme's default port dropped
 * (an empty port too), percent-encoded unreserved characters decoded and the others' hex digits in
 * upper case, dot segments removed, an empty path made {@code /}. Anything that is not such a URI
 * (another scheme, user information, a bad port or percent-encoding, characters a URI cannot hold)
 * gives null.
 */
final class UriNormalizer {
    private static final String HEX = "0123456789ABCDEF";

    private UriNormalizer() {}

    static String normalize(String uri) {
        if (uri == null) {
            return null;
        }
        int end = uri.length();
        for (int i = 0; i < uri.length(); i++) {
            if (uri.charAt(i) == '?' || uri.charAt(i) == '#') {
                end = i;
                break;
            }
        }
        int colon = uri.indexOf(':');
        if (colon <= 0 || colon > end || !uri.startsWith("//", colon + 1)) {
            return null;
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        int defaultPort = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        if (defaultPort < 0) {
            return null;
        }
        int authorityStart = colon + 3;
        int pathStart = uri.indexOf('/', authorityStart);
        if (pathStart < 0 || pathStart > end) {
            pathStart = end;
        }
        String authority = authority(uri.substring(authorityStart, pathStart), defaultPort);
        String path = path(uri.substring(pathStart, end));
        if (authority == null || path == null) {
            return null;
        }
        return scheme + "://" + authority + removeDotSegments(path);
    }

    /** host[:port] normalized, or null. */
    private static String authority(String authority, int defaultPort) {
        if (authority.isEmpty() || authority.indexOf('@') >= 0) {
            return null;
        }
        int portColon = authority.startsWith("[")
                ? authority.indexOf(':', authority.indexOf(']') + 1)
                : authority.lastIndexOf(':');
        String host = portColon < 0 ? authority : authority.substring(0, portColon);
        int port = defaultPort;
        if (portColon >= 0 && portColon < authority.length() - 1) {
            String digits = authority.substring(portColon + 1);
            if (digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            port = Integer.parseInt(digits);
            if (port > 65_535) {
                return null;
            }
        }
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 3) {
                return null;
            }
        } else {
            host = percent(host, false);
            if (host == null) {
                return null;
            }
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
        }
        if (host.isEmpty() || host.startsWith(".")) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT);
        return port == defaultPort ? host : host + ':' + port;
    }

    private static String path(String path) {
        String p = percent(path, true);
        return p == null ? null : p.isEmpty() ? "/" : p;
    }

    /**
     * Decodes percent-encoded unreserved characters, upper-cases the other escapes' hex digits; null
     * for a malformed escape or a character outside the component's set ({@code /}, {@code :} and
     * {@code @} only in a path).
     */
    private static String percent(String s, boolean path) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                char decoded = (char) (hi * 16 + lo);
                if (unreserved(decoded)) {
                    b.append(decoded);
                } else {
                    b.append('%').append(HEX.charAt(hi)).append(HEX.charAt(lo));
                }
                i += 2;
            } else if (unreserved(c) || "!$&'()*+,;=".indexOf(c) >= 0 || (path && (c == '/' || c == ':' || c == '@'))) {
                b.append(c);
            } else {
                return null;
            }
        }
        return b.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }

    /** RFC 3986 §5.2.4. */
    static String removeDotSegments(String path) {
        String in = path;
        StringBuilder out = new StringBuilder(path.length());
        while (!in.isEmpty()) {
            if (in.startsWith("../")) {
                in = in.substring(3);
            } else if (in.startsWith("./")) {
                in = in.substring(2);
            } else if (in.startsWith("/./")) {
                in = in.substring(2);
            } else if (in.equals("/.")) {
                in = "/";
            } else if (in.startsWith("/../") || in.equals("/..")) {
                in = in.length() == 3 ? "/" : in.substring(3);
                int last = out.lastIndexOf("/");
                out.setLength(Math.max(last, 0));
            } else if (in.equals(".") || in.equals("..")) {
                in = "";
            } else {
                int next = in.indexOf('/', in.startsWith("/") ? 1 : 0);
                int cut = next < 0 ? in.length() : next;
                out.append(in, 0, cut);
                in = in.substring(cut);
            }
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}
