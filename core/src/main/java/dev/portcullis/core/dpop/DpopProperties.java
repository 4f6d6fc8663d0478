package dev.portcullis.core.dpop;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** Reads {@link DpopConfig} from settings; the property names are this class's constants. */
final class DpopProperties {
    static final String MODE = "portcullis.dpop";
    static final String ALGORITHMS = "portcullis.dpop.algorithms";
    static final String PROOF_MAX_AGE = "portcullis.dpop.proof-max-age";
    static final String CLOCK_SKEW = "portcullis.dpop.clock-skew";
    static final String NONCE = "portcullis.dpop.nonce";
    static final String NONCE_STEP = "portcullis.dpop.nonce-step";
    static final String MAX_PROOF_LENGTH = "portcullis.dpop.max-proof-length";
    static final String TRUSTED_PROXIES = "portcullis.proxy.trusted";
    static final String TENANTS = "portcullis.issuers";
    static final String TENANT_PREFIX = "portcullis.issuer.";

    private DpopProperties() {}

    static DpopConfig read(Function<String, Optional<String>> lookup) {
        Function<String, Optional<String>> get =
                n -> lookup.apply(n).map(String::strip).filter(v -> !v.isEmpty());
        DpopConfig.Builder b = DpopConfig.builder();
        get.apply(MODE).ifPresent(v -> apply(MODE, v, x -> b.mode(DpopMode.parse(x))));
        get.apply(ALGORITHMS).ifPresent(v -> apply(ALGORITHMS, v, x -> b.algorithms(list(x).toArray(String[]::new))));
        get.apply(PROOF_MAX_AGE).ifPresent(v -> apply(PROOF_MAX_AGE, v, x -> b.proofMaxAge(duration(x))));
        get.apply(CLOCK_SKEW).ifPresent(v -> apply(CLOCK_SKEW, v, x -> b.clockSkew(duration(x))));
        get.apply(NONCE).ifPresent(v -> apply(NONCE, v, x -> b.nonce(bool(x))));
        get.apply(NONCE_STEP).ifPresent(v -> apply(NONCE_STEP, v, x -> b.nonceStep(duration(x))));
        get.apply(MAX_PROOF_LENGTH).ifPresent(v -> apply(MAX_PROOF_LENGTH, v, x -> b.maxProofLength(integer(x))));
        get.apply(TRUSTED_PROXIES).ifPresent(v -> apply(TRUSTED_PROXIES, v, x -> list(x).forEach(b::trustProxy)));
        get.apply(TENANTS).ifPresent(names -> {
            for (String name : list(names)) {
                String property = TENANT_PREFIX + name + ".dpop";
                Optional<String> mode = get.apply(property);
                Optional<String> issuer = get.apply(TENANT_PREFIX + name + ".issuer");
                if (mode.isPresent() && issuer.isPresent()) {
                    apply(property, mode.get(), x -> b.issuerMode(issuer.get(), DpopMode.parse(x)));
                }
            }
        });
        return b.build();
    }

    private static void apply(String name, String value, Consumer<String> setter) {
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + "='" + value + "': " + e.getMessage(), e);
        }
    }

    private static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }

    private static boolean bool(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("expected true or false");
        }
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number");
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 10m}, {@code 24h}, plain seconds, or ISO-8601 {@code PT10M}. */
    private static Duration duration(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            char unit = v.charAt(v.length() - 1);
            if (!Character.isDigit(unit) && "smh".indexOf(unit) < 0) {
                throw new NumberFormatException();
            }
            String number = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
            long n = Long.parseLong(number);
            switch (unit) {
                case 'm':
                    return Duration.ofMinutes(n);
                case 'h':
                    return Duration.ofHours(n);
                default:
                    return Duration.ofSeconds(n);
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 10s, 10m, 24h or PT10M");
        }
    }
}
