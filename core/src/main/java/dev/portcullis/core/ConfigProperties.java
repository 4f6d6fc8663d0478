package dev.portcullis.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads {@link ValidatorConfig} from MicroProfile JWT and {@code portcullis.*} property names
 * ({@link ValidatorConfig#fromProperties}); the property names are this class's constants.
 */
final class ConfigProperties {
    static final String ISSUER = "mp.jwt.verify.issuer";
    static final String AUDIENCES = "mp.jwt.verify.audiences";
    static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String ALGORITHMS = "mp.jwt.verify.publickey.algorithm";
    static final String CLOCK_SKEW = "mp.jwt.verify.clock.skew";
    static final String TOKEN_HEADER = "mp.jwt.token.header";
    static final String ANY_AUDIENCE = "portcullis.verify.any-audience";
    static final String REQUIRED_SCOPES = "portcullis.verify.scopes";
    static final String REQUIRE_TYP = "portcullis.verify.typ";
    static final String MAX_TOKEN_LENGTH = "portcullis.token.max-length";
    static final String ROLES_CLAIM = "portcullis.roles.claim";
    static final String JWKS_REFRESH = "portcullis.jwks.refresh-interval";
    static final String JWKS_MIN_REFETCH = "portcullis.jwks.min-refetch-interval";
    static final String JWKS_OUTAGE = "portcullis.jwks.outage-tolerance";
    static final String JWKS_CONNECT_TIMEOUT = "portcullis.jwks.connect-timeout";
    static final String JWKS_FETCH_TIMEOUT = "portcullis.jwks.fetch-timeout";
    static final String JWKS_WARM_UP = "portcullis.jwks.warm-up";
    static final String CACHE_MAX_ENTRIES = "portcullis.cache.max-entries";
    static final String TENANTS = "portcullis.issuers";
    static final String TENANT_PREFIX = "portcullis.issuer.";

    private ConfigProperties() {}

    static ValidatorConfig read(Function<String, Optional<String>> lookup) {
        Props props = new Props(lookup);
        ValidatorConfig.Builder b = ValidatorConfig.builder();
        Optional<String> issuer = props.get(ISSUER);
        if (issuer.isPresent()) {
            props.apply(ISSUER, issuer.get(), b::issuer);
            props.get(AUDIENCES)
                    .ifPresent(v -> props.apply(AUDIENCES, v, x -> b.audiences(list(x).toArray(String[]::new))));
            props.get(ANY_AUDIENCE).ifPresent(v -> props.apply(ANY_AUDIENCE, v, x -> b.anyAudience(bool(x))));
            Optional<String> key = props.get(PUBLIC_KEY);
            Optional<String> location = props.get(PUBLIC_KEY_LOCATION);
            if (key.isPresent() && location.isPresent()) {
                throw new IllegalArgumentException(
                        PUBLIC_KEY + " and " + PUBLIC_KEY_LOCATION + " are both set: expected only one of them");
            }
            key.ifPresent(v -> props.apply(PUBLIC_KEY, v, b::publicKey));
            location.ifPresent(v -> props.apply(PUBLIC_KEY_LOCATION, v, b::publicKeyLocation));
            props.get(ALGORITHMS)
                    .ifPresent(v -> props.apply(ALGORITHMS, v, x -> b.algorithms(list(x).toArray(String[]::new))));
            if (props.get(AUDIENCES).isEmpty()
                    && !props.get(ANY_AUDIENCE).map(ConfigProperties::bool).orElse(false)) {
                throw new IllegalArgumentException(AUDIENCES + " is not set: expected the audience(s) this API"
                        + " accepts, comma-separated (or " + ANY_AUDIENCE + "=true to skip the audience check)");
            }
        } else {
            for (String p : List.of(AUDIENCES, PUBLIC_KEY, PUBLIC_KEY_LOCATION, ALGORITHMS)) {
                if (props.get(p).isPresent()) {
                    throw new IllegalArgumentException(
                            p + " is set but " + ISSUER + " is not: expected the issuer (iss) the keys belong to");
                }
            }
        }
        props.get(TENANTS).ifPresent(v -> {
            for (String name : list(v)) {
                b.addIssuer(tenant(props, name));
            }
        });
        if (issuer.isEmpty() && props.get(TENANTS).isEmpty()) {
            throw new IllegalArgumentException(ISSUER + " is not set: expected the issuer (iss) of the tokens to"
                    + " accept, e.g. https://idp.example.com/realms/shop (or " + TENANTS + " naming several)");
        }
        props.get(CLOCK_SKEW).ifPresent(v -> props.apply(CLOCK_SKEW, v, x -> b.clockSkew(seconds(x))));
        props.get(TOKEN_HEADER).ifPresent(v -> props.apply(TOKEN_HEADER, v, b::tokenHeader));
        props.get(REQUIRED_SCOPES)
                .ifPresent(v -> props.apply(REQUIRED_SCOPES, v, x -> b.requiredScopes(list(x).toArray(String[]::new))));
        props.get(REQUIRE_TYP).ifPresent(v -> props.apply(REQUIRE_TYP, v, x -> b.requireAccessTokenType(bool(x))));
        props.get(MAX_TOKEN_LENGTH).ifPresent(v -> props.apply(MAX_TOKEN_LENGTH, v, x -> b.maxTokenLength(integer(x))));
        props.get(ROLES_CLAIM).ifPresent(v -> props.apply(ROLES_CLAIM, v, b::rolesClaim));
        props.get(JWKS_REFRESH).ifPresent(v -> props.apply(JWKS_REFRESH, v, x -> b.jwksRefreshInterval(duration(x))));
        props.get(JWKS_MIN_REFETCH)
                .ifPresent(v -> props.apply(JWKS_MIN_REFETCH, v, x -> b.jwksMinRefetchInterval(duration(x))));
        props.get(JWKS_OUTAGE).ifPresent(v -> props.apply(JWKS_OUTAGE, v, x -> b.jwksOutageTolerance(duration(x))));
        props.get(JWKS_CONNECT_TIMEOUT)
                .ifPresent(v -> props.apply(JWKS_CONNECT_TIMEOUT, v, x -> b.jwksConnectTimeout(duration(x))));
        props.get(JWKS_FETCH_TIMEOUT)
                .ifPresent(v -> props.apply(JWKS_FETCH_TIMEOUT, v, x -> b.jwksFetchTimeout(duration(x))));
        props.get(JWKS_WARM_UP).ifPresent(v -> props.apply(JWKS_WARM_UP, v, x -> b.jwksWarmUp(bool(x))));
        props.get(CACHE_MAX_ENTRIES)
                .ifPresent(v -> props.apply(CACHE_MAX_ENTRIES, v, x -> b.cacheMaxEntries(integer(x))));
        return b.build();
    }

    private static IssuerPolicy tenant(Props props, String name) {
        String prefix = TENANT_PREFIX + name + ".";
        IssuerPolicy.Builder t = IssuerPolicy.builder(name);
        String iss = props.get(prefix + "issuer")
                .orElseThrow(() -> new IllegalArgumentException(prefix
                        + "issuer is not set: expected the issuer (iss) of tenant '" + name + "' named in " + TENANTS));
        props.apply(prefix + "issuer", iss, t::issuer);
        props.get(prefix + "audiences").ifPresent(v -> props.apply(prefix + "audiences", v, x -> t.audiences(list(x))));
        props.get(prefix + "any-audience")
                .ifPresent(v -> props.apply(prefix + "any-audience", v, x -> t.anyAudience(bool(x))));
        props.get(prefix + "publickey").ifPresent(v -> props.apply(prefix + "publickey", v, t::publicKey));
        props.get(prefix + "publickey.location")
                .ifPresent(v -> props.apply(prefix + "publickey.location", v, t::publicKeyLocation));
        props.get(prefix + "publickey.algorithm")
                .ifPresent(v -> props.apply(prefix + "publickey.algorithm", v, x -> t.algorithms(list(x))));
        try {
            return t.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + "*: " + e.getMessage(), e);
        }
    }

    static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }

    static boolean bool(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("expected true or false");
    }

    static int integer(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number");
        }
    }

    /** Whole seconds, as MicroProfile JWT defines {@code mp.jwt.verify.clock.skew}. */
    static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number of seconds, e.g. 60");
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 10m}, {@code 24h}, plain seconds, or ISO-8601 {@code PT10M}. */
    public static Duration duration(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 10s, 10m, 24h or PT10M");
        }
    }

    private record Props(Function<String, Optional<String>> lookup) {
        Optional<String> get(String name) {
            return lookup.apply(name).map(String::strip).filter(s -> !s.isEmpty());
        }

        void apply(String name, String value, Consumer<String> setter) {
            try {
                setter.accept(value);
            } catch (IllegalArgumentException e) {
                String shown = name.endsWith("publickey") ? "(inline keys)" : "'" + value + "'";
                throw new IllegalArgumentException(name + "=" + shown + ": " + e.getMessage(), e);
            }
        }
    }
}
