package dev.portcullis.core.http;

import dev.portcullis.core.IssuerPolicy;
import dev.portcullis.core.Settings;
import dev.portcullis.core.ValidatorConfig;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads {@link ResourceMetadata} from {@link Settings} (see {@link ResourceMetadata#fromSettings}). */
final class MetadataSettings {
    /** The {@code portcullis.resource.*} names that are settings, not document members. */
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "::1");

    private static final List<String> NOT_MEMBERS = List.of("enabled", "hosts", "paths", "max-age");

    private MetadataSettings() {}

    static Optional<ResourceMetadata> read(Settings settings, ValidatorConfig config, Collection<String> knownScopes) {
        if (!bool(settings, "portcullis.resource.enabled", true)) {
            return Optional.empty();
        }
        ResourceMetadata.Builder b = ResourceMetadata.builder()
                .trustedProxy(
                        TrustedProxy.parse(settings.get(TrustedProxy.SETTING).orElse("")));
        settings.get("portcullis.resource").ifPresent(r -> {
            try {
                b.resource(new URI(r));
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("portcullis.resource: not a URL: '" + LogText.escape(r) + "'");
            }
        });
        settings.get("portcullis.resource.hosts").ifPresent(h -> b.hosts(words(h)));
        settings.get("portcullis.resource.paths").ifPresent(p -> b.paths(words(p)));
        settings.get("portcullis.resource.max-age").ifPresent(s -> {
            try {
                b.maxAge(Duration.ofSeconds(Long.parseLong(s)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "portcullis.resource.max-age: whole seconds expected, was '" + LogText.escape(s) + "'");
            }
        });
        b.resourceIndicator(bool(settings, "portcullis.verify.resource-indicator", false));
        // what the request path enforces, from the settings the adapters build it with
        b.dpop(settings.dpopConfig());
        b.certificateBoundTokens(settings.get("portcullis.mtls.certificate-header")
                .filter(h -> !h.isBlank())
                .isPresent());
        b.authorizationServers(
                config.issuers().stream().map(IssuerPolicy::issuer).toList());
        List<String> scopes = new ArrayList<>(knownScopes);
        scopes.addAll(config.requiredScopes());
        b.scopes(scopes);
        settings.withPrefix("portcullis.resource.").forEach((name, value) -> {
            if (!NOT_MEMBERS.contains(name)) {
                b.member(name, value);
            }
        });
        return Optional.of(b.build());
    }

    /** True if {@code host} (and {@code port}) is one of {@code hosts} (none configured: the loopback names). */
    static boolean knownHost(List<String> hosts, String host, int port) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        h = h.toLowerCase(Locale.ROOT);
        for (String known : hosts.isEmpty() ? LOOPBACK : hosts) {
            if (known.equals(h) || known.equals(h + ":" + port) || known.equals("[" + h + "]:" + port)) {
                return true;
            }
        }
        return false;
    }

    private static boolean bool(Settings settings, String name, boolean otherwise) {
        Optional<String> v = settings.get(name).map(s -> s.toLowerCase(Locale.ROOT));
        if (v.isPresent() && !v.get().equals("true") && !v.get().equals("false")) {
            throw new IllegalArgumentException(
                    name + ": true or false expected, was '" + LogText.escape(v.get()) + "'");
        }
        return v.map(Boolean::parseBoolean).orElse(otherwise);
    }

    private static List<String> words(String v) {
        return List.of(v.strip().split("[,\\s]+"));
    }
}
