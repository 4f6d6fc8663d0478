package dev.portcullis.core.http;

import dev.portcullis.core.Settings;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.core.dpop.DpopConfig;
import dev.portcullis.core.dpop.DpopMode;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the application tells clients about itself (RFC 9728): the metadata document served at
 * {@code <context>/.well-known/oauth-protected-resource} (and, per configured resource path
 * {@code /p}, at {@code <context>/.well-known/oauth-protected-resource/p}), and the URL of that
 * document that every challenge carries as {@code resource_metadata}. Immutable and thread-safe.
 *
 * <p><b>Resource identifier.</b> The configured {@code portcullis.resource} (the URL at which clients
 * reach the application's context root, e.g. {@code https://api.example.com/orders}); otherwise the
 * request's origin followed by the context path. That origin is believed only from a trusted proxy
 * ({@link TrustedProxy}) or when the request's host is known ({@code portcullis.resource.hosts},
 * default the loopback names); otherwise there is no identifier: challenges carry no
 * {@code resource_metadata} and the document is answered 404, rather than echo a {@code Host} header
 * anyone can send. A configured resource path {@code /p} makes {@code <identifier>/p} a resource
 * of its own, for requests to {@code /p} and below (so a strict RFC 9728 §3.3 client, which wants
 * {@code resource} equal to the URL it called, is served for an endpoint such as {@code /mcp}).
 *
 * <p><b>Where the document is.</b> Always {@code <identifier>/.well-known/oauth-protected-resource[/p]}:
 * the identifier stands for the context root, and a WAR can answer only below its context root.
 * For the root context this is exactly RFC 9728 §3.1's URL; for a WAR at {@code /orders}, §3.1 would
 * put it at the host's {@code /.well-known/oauth-protected-resource/orders}, outside the WAR, so a
 * client finds it through the challenge (§5), or a proxy maps that URL to the WAR's.
 *
 * @since 0.1.0
 */
public final class ResourceMetadata {
    /** The well-known path (RFC 9728 §3), within the application. */
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final String resource;
    private final List<String> hosts;
    private final TrustedProxy proxy;
    private final List<String> paths;
    private final Map<String, String> members;
    private final Duration maxAge;
    private final boolean resourceIndicator;

    private ResourceMetadata(Builder b) {
        this.resource = b.resource;
        this.hosts = List.copyOf(b.hosts);
        this.proxy = b.proxy;
        List<String> sorted = new ArrayList<>(b.paths);
        sorted.sort((x, y) -> y.length() - x.length()); // longest (most specific) first
        this.paths = List.copyOf(sorted);
        this.members = MetadataJson.members(
                b.authorizationServers, b.scopes, b.dpopAlgorithms, b.dpopRequired, b.certificateBound, b.extra);
        this.maxAge = b.maxAge;
        this.resourceIndicator = b.resourceIndicator;
    }

    /** A builder; without a resource identifier, hosts or a proxy it serves the loopback names only. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The metadata from the settings, or empty if {@code portcullis.resource.enabled=false}:
     * {@code portcullis.resource}, {@code portcullis.resource.hosts}, {@code portcullis.resource.paths},
     * {@code portcullis.resource.max-age} (seconds, default 3600), {@link TrustedProxy#SETTING},
     * {@code portcullis.verify.resource-indicator}, and every other {@code portcullis.resource.<member>}
     * as an extra member (see {@link Builder#member}); {@code authorization_servers} defaults to the
     * configured issuers, {@code scopes_supported} to {@code knownScopes} and the scopes every token
     * needs ({@code portcullis.verify.scopes}).
     *
     * @throws IllegalArgumentException naming the setting that cannot be used
     */
    public static Optional<ResourceMetadata> fromSettings(
            Settings settings, ValidatorConfig config, Collection<String> knownScopes) {
        return MetadataSettings.read(settings, config, knownScopes);
    }

    /** True if {@code path} (within the application) is the document's or a path-aware document's. */
    public static boolean isMetadataPath(String path) {
        return path != null && (path.equals(WELL_KNOWN) || path.startsWith(WELL_KNOWN + "/"));
    }

    /**
     * The answer to a request for {@link #isMetadataPath a metadata path}: 200 with the document
     * ({@code application/json}, {@code Cache-Control: public, max-age=...}); 404 for an unknown
     * resource path or an origin that cannot be trusted; 405 for a method other than GET or HEAD.
     */
    public BearerResponse answer(HttpRequestView request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return MetadataJson.methodNotAllowed();
        }
        String sub = request.path().substring(WELL_KNOWN.length());
        Optional<String> base = base(request);
        if (base.isEmpty() || !(sub.isEmpty() || paths.contains(sub))) {
            return MetadataJson.notFound();
        }
        return MetadataJson.answer(base.get() + sub, members, maxAge);
    }

    /** The identifier of the resource {@code request} asked for, if it can be trusted. */
    public Optional<String> resource(HttpRequestView request) {
        return base(request).map(b -> b + pathOf(request.path()));
    }

    /** The URL of the metadata document of the resource {@code request} asked for, if it can be trusted. */
    public Optional<String> metadataUrl(HttpRequestView request) {
        return base(request).map(b -> b + WELL_KNOWN + pathOf(request.path()));
    }

    /**
     * True unless {@code portcullis.verify.resource-indicator} is on and the token's {@code aud}
     * lacks the {@link #resource} of the request (RFC 8707), or that resource cannot be trusted.
     */
    public boolean audienceAccepted(VerifiedToken token, HttpRequestView request) {
        return !resourceIndicator
                || resource(request).map(token.audiences()::contains).orElse(false);
    }

    /** The configured resource path covering {@code path}, or the empty string. */
    private String pathOf(String path) {
        for (String p : paths) {
            if (path != null && (path.equals(p) || path.startsWith(p + "/"))) {
                return p;
            }
        }
        return "";
    }

    /** The identifier of the application (its context root), if it can be trusted. */
    private Optional<String> base(HttpRequestView request) {
        if (resource != null) {
            return Optional.of(resource);
        }
        Optional<String> origin = proxy.forwardedOrigin(request);
        if (origin.isEmpty() && MetadataSettings.knownHost(hosts, request.host(), request.port())) {
            origin = proxy.ownHostOrigin(request);
        }
        return origin.map(o -> o + request.contextPath());
    }

    /** Builds {@link ResourceMetadata}; not thread-safe. */
    public static final class Builder {
        private String resource;
        private final List<String> hosts = new ArrayList<>();
        private TrustedProxy proxy = TrustedProxy.none();
        private final List<String> paths = new ArrayList<>();
        private List<String> authorizationServers = List.of();
        private List<String> scopes = List.of();
        private List<String> dpopAlgorithms = List.of();
        private boolean dpopRequired;
        private boolean certificateBound;
        private final Map<String, String> extra = new LinkedHashMap<>();
        private Duration maxAge = Duration.ofHours(1);
        private boolean resourceIndicator;

        private Builder() {}

        /** The resource identifier: an absolute http(s) URL without query or fragment, standing for the context root. */
        public Builder resource(URI resource) {
            if (!resource.isAbsolute()
                    || !(resource.getScheme().equals("https")
                            || resource.getScheme().equals("http"))
                    || resource.getRawQuery() != null
                    || resource.getRawFragment() != null
                    || resource.getHost() == null) {
                throw new IllegalArgumentException(
                        "portcullis.resource: an absolute http(s) URL without query or fragment" + " expected, was '"
                                + LogText.escape(resource.toString()) + "'");
            }
            String r = resource.toString();
            this.resource = r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
            return this;
        }

        /** Host names ({@code api.example.com}, any port) or {@code host:port} whose requests are believed. */
        public Builder hosts(Collection<String> names) {
            names.forEach(n -> hosts.add(n.strip().toLowerCase(Locale.ROOT)));
            return this;
        }

        /** The proxies whose forwarded headers are believed. */
        public Builder trustedProxy(TrustedProxy proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /** Paths within the application ({@code /mcp}) that are resources of their own. */
        public Builder paths(Collection<String> resourcePaths) {
            for (String p : resourcePaths) {
                String s = p.strip();
                if (!s.startsWith("/")
                        || s.length() < 2
                        || s.endsWith("/")
                        || !BearerChallenge.isValidScopeToken(s)
                        || s.contains("?")
                        || s.contains("#")) {
                    throw new IllegalArgumentException(
                            "portcullis.resource.paths: a path such as /mcp expected, was '" + LogText.escape(s) + "'");
                }
                paths.add(s);
            }
            return this;
        }

        /** {@code authorization_servers}: the issuer identifiers clients may get tokens from. */
        public Builder authorizationServers(List<String> issuers) {
            this.authorizationServers = List.copyOf(issuers);
            return this;
        }

        /** {@code scopes_supported} (sent sorted, without duplicates; none: left out). */
        public Builder scopes(Collection<String> scopes) {
            this.scopes = List.copyOf(scopes);
            return this;
        }

        /**
         * The DPoP members, for the DPoP stage to call when DPoP is enforced (RFC 9449 §5.1):
         * {@code dpop_signing_alg_values_supported} and {@code dpop_bound_access_tokens_required}.
         */
        public Builder dpop(List<String> algorithms, boolean boundTokensRequired) {
            this.dpopAlgorithms = List.copyOf(algorithms);
            this.dpopRequired = boundTokensRequired;
            return this;
        }

        /**
         * The DPoP members as the request path applies {@code config}: present only when DPoP is accepted
         * (globally or for an issuer), {@code dpop_bound_access_tokens_required} true only when every issuer requires it.
         */
        public Builder dpop(DpopConfig config) {
            boolean accepted = config.mode() != DpopMode.OFF
                    || config.issuerModes().containsValue(DpopMode.ALLOWED)
                    || config.issuerModes().containsValue(DpopMode.REQUIRED);
            boolean required = config.mode() == DpopMode.REQUIRED
                    && config.issuerModes().values().stream().allMatch(DpopMode.REQUIRED::equals);
            return dpop(accepted ? List.copyOf(config.algorithms()) : List.of(), required && accepted);
        }

        /**
         * {@code tls_client_certificate_bound_access_tokens: true} (RFC 8705): say so only where a client certificate
         * reaches the request path for sure (default false: left out, which RFC 9728 §2 reads as false).
         */
        public Builder certificateBoundTokens(boolean supported) {
            this.certificateBound = supported;
            return this;
        }

        /** An extra member, or one replacing {@code authorization_servers} / {@code scopes_supported}; see {@link MetadataJson}. */
        public Builder member(String name, String value) {
            extra.put(name, MetadataJson.memberValue(name, value));
            return this;
        }

        /** How long clients and caches may keep the document (default 1 hour). */
        public Builder maxAge(Duration maxAge) {
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("portcullis.resource.max-age: zero or more seconds expected");
            }
            this.maxAge = maxAge;
            return this;
        }

        /** Whether a token's {@code aud} must contain the resource identifier ({@code portcullis.verify.resource-indicator}). */
        public Builder resourceIndicator(boolean required) {
            this.resourceIndicator = required;
            return this;
        }

        /** The metadata. */
        public ResourceMetadata build() {
            return new ResourceMetadata(this);
        }
    }
}
