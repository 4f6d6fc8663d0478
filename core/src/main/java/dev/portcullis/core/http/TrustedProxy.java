package dev.portcullis.core.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose {@code Forwarded} (RFC 7239) and {@code X-Forwarded-Proto} /
 * {@code X-Forwarded-Host} / {@code X-Forwarded-Port} headers are believed: setting
 * {@code portcullis.proxy.trusted}, IP addresses and CIDR blocks separated by commas or spaces
 * ({@code 10.0.0.0/8, ::1}), or {@code *} for any peer (only where nothing but the proxy can reach
 * the server). Without it no forwarded header is believed. Only the immediate peer
 * ({@link HttpRequestView#remoteAddress()}) is checked, and only the last (rightmost) element of each
 * header is read: the one that peer wrote. Host names are not accepted (no DNS look-up). The one reading
 * of that setting and of those headers: the metadata's origin and the DPoP proofs' {@code htu}
 * ({@code DpopConfig#trustsProxy}) trust the same peers and take the same scheme, host and port from
 * them (a TLS proxy that forwards only {@code X-Forwarded-Proto: https} gives both {@code https} and
 * the default port). Immutable.
 *
 * <pre>{@code
 * TrustedProxy proxy = TrustedProxy.parse("10.0.0.0/8, 192.168.1.7");
 * Optional<String> origin = proxy.forwardedOrigin(request); // e.g. https://api.example.com
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TrustedProxy {
    /** The setting's name. */
    public static final String SETTING = "portcullis.proxy.trusted";

    private static final TrustedProxy NONE = new TrustedProxy(false, List.of());
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern HOST =
            Pattern.compile("([A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]{2,45}])(:\\d{1,5})?");

    private record Block(byte[] address, int prefix) {}

    private final boolean any;
    private final List<Block> blocks;

    private TrustedProxy(boolean any, List<Block> blocks) {
        this.any = any;
        this.blocks = blocks;
    }

    /** No proxy is trusted. */
    public static TrustedProxy none() {
        return NONE;
    }

    /**
     * The proxies of a {@code portcullis.proxy.trusted} value; blank: none.
     *
     * @throws IllegalArgumentException naming the entry that is neither {@code *}, an IP address nor a CIDR block
     */
    public static TrustedProxy parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        List<Block> blocks = new ArrayList<>();
        boolean any = false;
        for (String e : value.strip().split("[,\\s]+")) {
            if (e.equals("*")) {
                any = true;
                continue;
            }
            int slash = e.indexOf('/');
            String address = slash < 0 ? e : e.substring(0, slash);
            byte[] bytes = literal(address);
            int prefix = bytes == null ? -1 : bytes.length * 8;
            if (bytes != null && slash >= 0) {
                try {
                    prefix = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException x) {
                    prefix = -1;
                }
            }
            if (bytes == null || prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException(SETTING + ": '" + LogText.escape(e)
                        + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8) or *");
            }
            blocks.add(new Block(bytes, prefix));
        }
        return new TrustedProxy(any, List.copyOf(blocks));
    }

    /** True if some proxy is trusted. */
    public boolean isConfigured() {
        return any || !blocks.isEmpty();
    }

    /** True if {@code address} (an IP literal, as a container reports its peer) is a trusted proxy. */
    public boolean trusts(String address) {
        if (any) {
            return true;
        }
        if (blocks.isEmpty() || address == null) {
            return false;
        }
        String a =
                address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        byte[] bytes = literal(a);
        if (bytes == null) {
            return false;
        }
        for (Block b : blocks) {
            if (b.address().length == bytes.length && samePrefix(b.address(), bytes, b.prefix())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The origin the client used ({@code https://api.example.com}, a port only when not the
     * scheme's default), as the trusted immediate peer forwarded it: {@code Forwarded: proto=..;host=..}
     * else {@code X-Forwarded-Proto} / {@code -Host} / {@code -Port}. Empty if the peer is not trusted,
     * or it forwarded no host, or a malformed one.
     */
    public Optional<String> forwardedOrigin(HttpRequestView request) {
        Forwarded f = forwarded(request);
        String scheme = f.proto() == null ? request.scheme() : f.proto().toLowerCase(Locale.ROOT);
        String host = f.host();
        if (host == null || !HOST.matcher(host).matches() || !(scheme.equals("http") || scheme.equals("https"))) {
            return Optional.empty();
        }
        String port = f.port();
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) {
            port = host.substring(colon + 1);
            host = host.substring(0, colon);
        }
        int p = port == null ? -1 : port(port);
        return p == 0 ? Optional.empty() : Optional.of(origin(scheme, host, p));
    }

    /**
     * The origin with the request's own host, for a host the application knows: the scheme a trusted
     * peer forwarded without a host (with its forwarded port, else the scheme's default: a TLS
     * proxy that sends only {@code X-Forwarded-Proto: https}), else the container's scheme and port.
     * Empty if the forwarded scheme or port is malformed.
     */
    Optional<String> ownHostOrigin(HttpRequestView request) {
        Forwarded f = forwarded(request);
        String scheme = f.proto() == null ? request.scheme() : f.proto().toLowerCase(Locale.ROOT);
        int p = f.port() != null ? port(f.port()) : f.proto() != null ? -1 : request.port();
        if (p == 0 || !(scheme.equals("http") || scheme.equals("https"))) {
            return Optional.empty();
        }
        return Optional.of(origin(scheme, request.host(), p));
    }

    /**
     * The URI the client addressed, for a DPoP proof's {@code htu}: the container's scheme, host and
     * port, each replaced where the trusted peer forwarded it (a forwarded scheme or host without a
     * port stands for the scheme's default port; a port in the host wins), and the raw request path
     * (context path included, no query). Not checked here: a malformed one matches no proof.
     */
    String effectiveRequestUri(HttpRequestView request) {
        Forwarded f = forwarded(request);
        String scheme = request.scheme();
        String host = request.host();
        String port = request.port() > 0 ? Integer.toString(request.port()) : "";
        if (f.proto() != null) {
            scheme = f.proto();
            port = "";
        }
        if (f.host() != null) {
            host = f.host();
            port = "";
        }
        if (f.port() != null) {
            port = f.port();
        }
        boolean hostHasPort = host.startsWith("[") ? host.indexOf(':', host.indexOf(']')) > 0 : host.indexOf(':') >= 0;
        if (!host.startsWith("[") && host.indexOf(':') != host.lastIndexOf(':')) {
            host = "[" + host + "]"; // a bare IPv6 address from getServerName
            hostHasPort = false;
        }
        String path = request.requestPath();
        return scheme.toLowerCase(Locale.ROOT) + "://" + host + (hostHasPort || port.isEmpty() ? "" : ":" + port)
                + (path == null || path.isEmpty() ? "/" : path);
    }

    /** What the immediate peer forwarded, each null where it forwarded nothing; all null if it is not trusted. */
    private record Forwarded(String proto, String host, String port) {}

    private Forwarded forwarded(HttpRequestView request) {
        if (!trusts(request.remoteAddress())) {
            return new Forwarded(null, null, null);
        }
        String forwarded = last(request.headers("Forwarded"));
        if (forwarded == null) {
            return new Forwarded(
                    last(request.headers("X-Forwarded-Proto")),
                    last(request.headers("X-Forwarded-Host")),
                    last(request.headers("X-Forwarded-Port")));
        }
        String proto = null;
        String host = null;
        for (String pair : forwarded.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String name = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String v = unquote(pair.substring(eq + 1).strip());
                if (name.equals("proto") && proto == null) {
                    proto = v.isEmpty() ? null : v;
                } else if (name.equals("host") && host == null) {
                    host = v.isEmpty() ? null : v;
                }
            }
        }
        return new Forwarded(proto, host, null);
    }

    /** A port number 1-65535, or 0 if {@code port} is none. */
    private static int port(String port) {
        try {
            int p = Integer.parseInt(port.strip());
            return p >= 1 && p <= 65535 ? p : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code scheme://host[:port]}, the host lower-cased, the port left out when it is the scheme's default or negative. */
    static String origin(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        boolean standard = port < 0 || (s.equals("https") && port == 443) || (s.equals("http") && port == 80);
        String h = host.toLowerCase(Locale.ROOT);
        if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return s + "://" + h + (standard ? "" : ":" + port);
    }

    private static String last(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        String v = values.get(values.size() - 1);
        int comma = v.lastIndexOf(',');
        String last = (comma < 0 ? v : v.substring(comma + 1)).strip();
        return last.isEmpty() ? null : last;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** The bytes of an IPv4 or IPv6 literal, or null; never a DNS look-up. */
    private static byte[] literal(String s) {
        if (!IPV4.matcher(s).matches() && !IPV6.matcher(s).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean samePrefix(byte[] a, byte[] b, int bits) {
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (a[full] & mask) == (b[full] & mask);
    }

    @Override
    public String toString() {
        return any ? "TrustedProxy[*]" : "TrustedProxy" + blocks.size() + " blocks";
    }
}
