package dev.portcullis.opentelemetry;

import dev.portcullis.core.TokenValidator;
import io.opentelemetry.api.OpenTelemetry;

import java.time.Clock;
import java.util.Objects;

/**
 * Publishes the counters and key state of this application's validators ({@link TokenValidator#live()}) as
 * OpenTelemetry metrics, on meter {@code dev.portcullis}:
 *
 * <ul>
 *   <li>{@code portcullis.tokens.accepted} (counter, {@code {token}}), attribute {@code issuer}: the tokens
 *       accepted, per trusted issuer ({@code iss});</li>
 *   <li>{@code portcullis.tokens.rejected} (counter, {@code {token}}), attribute {@code reason}: every refusal,
 *       per {@link dev.portcullis.core.FailureReason} in lower case ({@code expired}, {@code wrong_audience},
 *       {@code keys_unavailable}...), those the request path decides itself (400, 403) included;</li>
 *   <li>{@code portcullis.keys.count} (gauge, {@code {key}}), attribute {@code issuer}: the key ids in use;</li>
 *   <li>{@code portcullis.keys.outage} (gauge, 1 or 0), attribute {@code issuer}: 1 while the issuer's keys
 *       cannot be fetched and the last good ones are served;</li>
 *   <li>{@code portcullis.keys.fetch.errors} (counter, {@code {error}}), attribute {@code issuer}: failed key
 *       fetches;</li>
 *   <li>{@code portcullis.keys.fetch.age} (gauge, {@code s}), attribute {@code issuer}: the time since the
 *       issuer's keys were last fetched successfully (absent until they are).</li>
 * </ul>
 *
 * The values are read when the SDK collects, from the validators open at that time, summed over them.
 *
 * <p>With MicroProfile Telemetry 2.x (Open Liberty: feature {@code mpTelemetry-2.0}) nothing is to be done but
 * adding the jar to the WAR: its CDI bean registers the instruments with the server's {@code OpenTelemetry}.
 * Elsewhere, register them once the application's OpenTelemetry is set up:
 *
 * <pre>{@code
 * AutoCloseable metrics = PortcullisOpenTelemetry.register(GlobalOpenTelemetry.get());
 * ...
 * metrics.close();   // when the application stops
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PortcullisOpenTelemetry {
    private PortcullisOpenTelemetry() {}

    /**
     * Registers the instruments with {@code openTelemetry}'s meter provider.
     *
     * @param openTelemetry where the metrics go
     * @return what removes the instruments again; closing it twice does nothing
     */
    public static AutoCloseable register(OpenTelemetry openTelemetry) {
        return register(openTelemetry, Clock.systemUTC());
    }

    static Instruments register(OpenTelemetry openTelemetry, Clock clock) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        Objects.requireNonNull(clock, "clock");
        return new Instruments(openTelemetry.getMeter("dev.portcullis"), TokenValidator::live, clock);
    }
}
