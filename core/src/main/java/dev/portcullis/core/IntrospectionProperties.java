package dev.portcullis.core;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads {@link IntrospectionConfig} from {@code portcullis.introspection*} and, per issuer named in
 * {@code portcullis.issuers}, {@code portcullis.issuer.<name>.introspection*}; each per-issuer setting
 * defaults to the global one. Secrets are never put into an error message.
 */
final class IntrospectionProperties {
    static final String PREFIX = "portcullis.introspection";

    private IntrospectionProperties() {}

    static IntrospectionConfig read(Function<String, Optional<String>> lookup) {
        Function<String, Optional<String>> props =
                n -> lookup.apply(n).map(String::strip).filter(s -> !s.isEmpty());
        IntrospectionConfig.Builder b = IntrospectionConfig.builder();
        IntrospectionConfig.Mode mode =
                apply(props, PREFIX, IntrospectionProperties::mode).orElse(IntrospectionConfig.Mode.OFF);
        b.mode(mode);
        Optional<IntrospectionConfig.Client> global = client(props, PREFIX, null, mode != IntrospectionConfig.Mode.OFF);
        global.ifPresent(b::client);
        props.apply(ConfigProperties.TENANTS).ifPresent(v -> {
            for (String name : ConfigProperties.list(v)) {
                String prefix = ConfigProperties.TENANT_PREFIX + name + ".introspection";
                Optional<IntrospectionConfig.Mode> own = apply(props, prefix, IntrospectionProperties::mode);
                boolean ownClient = props.apply(prefix + ".client-id").isPresent()
                        || props.apply(prefix + ".endpoint").isPresent();
                if (own.isPresent() || ownClient) {
                    IntrospectionConfig.Mode m = own.orElse(mode);
                    b.issuer(
                            name,
                            m,
                            client(props, prefix, global.orElse(null), m != IntrospectionConfig.Mode.OFF)
                                    .orElse(null));
                }
            }
        });
        apply(props, PREFIX + ".cache-ttl", ConfigProperties::duration).ifPresent(b::cacheTtl);
        apply(props, PREFIX + ".cache-max-entries", ConfigProperties::integer).ifPresent(b::cacheMaxEntries);
        apply(props, PREFIX + ".on-outage", IntrospectionProperties::onOutage).ifPresent(b::onOutage);
        apply(props, PREFIX + ".jwt-response", ConfigProperties::bool).ifPresent(b::jwtResponse);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + ": " + e.getMessage(), e);
        }
    }

    /** The client under {@code prefix}, each setting defaulting to {@code fallback}'s; empty if no client id anywhere. */
    private static Optional<IntrospectionConfig.Client> client(
            Function<String, Optional<String>> props,
            String prefix,
            IntrospectionConfig.Client fallback,
            boolean needed) {
        Optional<String> id = props.apply(prefix + ".client-id")
                .or(() -> Optional.ofNullable(fallback).map(IntrospectionConfig.Client::clientId));
        if (id.isEmpty()) {
            if (needed) {
                throw new IllegalArgumentException(
                        prefix + ".client-id is not set: expected the client id this resource"
                                + " server authenticates with at the introspection endpoint");
            }
            return Optional.empty();
        }
        URI endpoint =
                apply(props, prefix + ".endpoint", URI::create).orElse(fallback == null ? null : fallback.endpoint());
        IntrospectionConfig.ClientAuth auth = apply(props, prefix + ".client-auth", IntrospectionProperties::auth)
                .orElse(fallback == null ? IntrospectionConfig.ClientAuth.BASIC : fallback.auth());
        String secret =
                props.apply(prefix + ".client-secret").orElse(fallback == null ? null : fallback.clientSecret());
        String key = props.apply(prefix + ".private-key").orElse(fallback == null ? null : fallback.privateKey());
        try {
            return Optional.of(new IntrospectionConfig.Client(endpoint, id.get(), secret, auth, key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + ": " + e.getMessage(), e);
        }
    }

    private static <T> Optional<T> apply(
            Function<String, Optional<String>> props, String name, Function<String, T> parse) {
        Optional<String> value = props.apply(name);
        try {
            return value.map(parse);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + "='" + value.get() + "': " + e.getMessage(), e);
        }
    }

    private static IntrospectionConfig.Mode mode(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "off", "false" -> IntrospectionConfig.Mode.OFF;
            case "jwt" -> IntrospectionConfig.Mode.JWT;
            case "opaque" -> IntrospectionConfig.Mode.OPAQUE;
            case "all" -> IntrospectionConfig.Mode.ALL;
            default -> throw new IllegalArgumentException("expected off, jwt, opaque or all");
        };
    }

    private static IntrospectionConfig.ClientAuth auth(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "basic", "client_secret_basic" -> IntrospectionConfig.ClientAuth.BASIC;
            case "post", "client_secret_post" -> IntrospectionConfig.ClientAuth.POST;
            case "private_key_jwt" -> IntrospectionConfig.ClientAuth.PRIVATE_KEY_JWT;
            default -> throw new IllegalArgumentException("expected basic, post or private_key_jwt");
        };
    }

    private static IntrospectionConfig.OnOutage onOutage(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "fail" -> IntrospectionConfig.OnOutage.FAIL;
            case "accept-cached-jwt" -> IntrospectionConfig.OnOutage.ACCEPT_CACHED_JWT;
            default -> throw new IllegalArgumentException("expected fail or accept-cached-jwt");
        };
    }
}
