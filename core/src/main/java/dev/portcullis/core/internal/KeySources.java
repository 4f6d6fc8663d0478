package dev.portcullis.core.internal;

import dev.portcullis.core.IssuerPolicy;
import dev.portcullis.core.JwksSource;
import dev.portcullis.core.KeySet;
import dev.portcullis.core.ValidatorConfig;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/** Creates the key source an {@link IssuerPolicy} describes. */
final class KeySources {
    private KeySources() {}

    static JwksSource create(IssuerPolicy policy, ValidatorConfig config, Clock clock, KeySetEvents events) {
        return create(policy, config, clock, events, new DiscoveredEndpoints());
    }

    /** As above; a discovery document's other endpoints are kept in {@code discovered}. */
    static JwksSource create(
            IssuerPolicy policy,
            ValidatorConfig config,
            Clock clock,
            KeySetEvents events,
            DiscoveredEndpoints discovered) {
        if (policy.publicKey() != null) {
            return new StaticJwksSource(parseStatic(policy, policy.publicKey(), "inline keys"));
        }
        if (policy.usesDiscovery()) {
            return remote(policy, config, clock, events, null, discovered);
        }
        String location = policy.publicKeyLocation();
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            URI uri;
            try {
                uri = URI.create(location);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "issuer '" + policy.name() + "': key location " + location + " is not a valid URL");
            }
            return remote(policy, config, clock, events, uri, discovered);
        }
        return new StaticJwksSource(parseStatic(policy, read(policy, location), location));
    }

    private static JwksSource remote(
            IssuerPolicy policy,
            ValidatorConfig config,
            Clock clock,
            KeySetEvents events,
            URI uri,
            DiscoveredEndpoints discovered) {
        RemoteJwksSourceBuilder builder = RemoteJwksSourceBuilder.forIssuer(policy.name())
                .clock(clock)
                .refreshInterval(config.jwksRefreshInterval())
                .minRefetchInterval(config.jwksMinRefetchInterval())
                .outageTolerance(config.jwksOutageTolerance())
                .connectTimeout(config.jwksConnectTimeout())
                .fetchTimeout(config.jwksFetchTimeout())
                .events(events)
                .warmUp(config.jwksWarmUp())
                .discovered(discovered);
        return (uri != null ? builder.jwksUri(uri) : builder.discovery(policy.issuer())).build();
    }

    private static KeySet parseStatic(IssuerPolicy policy, String text, String what) {
        KeySet keys;
        try {
            keys = KeySet.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("issuer '" + policy.name() + "': " + what + ": " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("issuer '" + policy.name() + "': " + what
                    + " hold no usable signing key (" + keys.ignoredEntries() + " ignored: encryption, symmetric,"
                    + " weak or malformed keys)");
        }
        return keys;
    }

    private static String read(IssuerPolicy policy, String location) {
        try {
            if (location.regionMatches(true, 0, "classpath:", 0, 10)) {
                String resource = location.substring(10);
                resource = resource.startsWith("/") ? resource.substring(1) : resource;
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
                if (in == null) {
                    in = KeySources.class.getClassLoader().getResourceAsStream(resource);
                }
                if (in == null) {
                    throw new IllegalArgumentException("issuer '" + policy.name() + "': key location " + location
                            + " not found on the class path");
                }
                try (InputStream stream = in) {
                    return new String(stream.readNBytes(JwksFetcher.MAX_BODY_BYTES), StandardCharsets.UTF_8);
                }
            }
            Path path =
                    location.regionMatches(true, 0, "file:", 0, 5) ? Path.of(URI.create(location)) : Path.of(location);
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae
                    && iae.getMessage() != null
                    && iae.getMessage().startsWith("issuer '")) {
                throw iae;
            }
            throw new IllegalArgumentException("issuer '" + policy.name() + "': key location " + location
                    + " cannot be read (expected an http(s) URL, a file path, file: URL or classpath: resource)");
        }
    }

    /** Keys fixed at start-up. */
    private record StaticJwksSource(KeySet keySet) implements JwksSource {
        @Override
        public KeySet keys() {
            return keySet;
        }

        @Override
        public KeySet refresh(KeySet stale) {
            return keySet;
        }
    }
}
