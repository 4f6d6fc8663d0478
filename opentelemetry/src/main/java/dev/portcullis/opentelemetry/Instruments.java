package dev.portcullis.opentelemetry;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/** The observable instruments of {@link PortcullisOpenTelemetry}; closing removes them. */
final class Instruments implements AutoCloseable {
    static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
    static final AttributeKey<String> ISSUER = AttributeKey.stringKey("issuer");

    private final Supplier<List<TokenValidator>> validators;
    private final Clock clock;
    private final List<AutoCloseable> registered = new ArrayList<>();

    Instruments(Meter meter, Supplier<List<TokenValidator>> validators, Clock clock) {
        this.validators = validators;
        this.clock = clock;
        registered.add(meter.counterBuilder("portcullis.tokens.accepted")
                .setDescription("Access tokens accepted, per trusted issuer")
                .setUnit("{token}")
                .buildWithCallback(this::accepted));
        registered.add(meter.counterBuilder("portcullis.tokens.rejected")
                .setDescription("Requests refused, per reason")
                .setUnit("{token}")
                .buildWithCallback(this::rejected));
        registered.add(meter.gaugeBuilder("portcullis.keys.count")
                .ofLongs()
                .setDescription("Key ids in use, per issuer")
                .setUnit("{key}")
                .buildWithCallback(m -> perIssuer(m, s -> (long) s.keyIds().size())));
        registered.add(meter.gaugeBuilder("portcullis.keys.outage")
                .ofLongs()
                .setDescription("1 while an issuer's keys cannot be fetched and the last good ones are served")
                .setUnit("1")
                .buildWithCallback(m -> perIssuer(m, s -> s.outage() ? 1L : 0L)));
        registered.add(meter.counterBuilder("portcullis.keys.fetch.errors")
                .setDescription("Failed key fetches, per issuer")
                .setUnit("{error}")
                .buildWithCallback(m -> perIssuer(m, ValidationMetrics.IssuerStatus::keyFetchFailures)));
        registered.add(meter.gaugeBuilder("portcullis.keys.fetch.age")
                .setDescription("Time since an issuer's keys were last fetched successfully")
                .setUnit("s")
                .buildWithCallback(this::fetchAge));
    }

    private void accepted(ObservableLongMeasurement measurement) {
        perIssuer(measurement, ValidationMetrics.IssuerStatus::accepted);
    }

    private void rejected(ObservableLongMeasurement measurement) {
        Map<FailureReason, Long> sums = new EnumMap<>(FailureReason.class);
        for (TokenValidator v : validators.get()) {
            v.metrics().rejected().forEach((reason, count) -> sums.merge(reason, count, Long::sum));
        }
        sums.forEach((reason, count) ->
                measurement.record(count, Attributes.of(REASON, reason.name().toLowerCase(Locale.ROOT))));
    }

    private void perIssuer(
            ObservableLongMeasurement measurement, ToLongFunction<ValidationMetrics.IssuerStatus> value) {
        Map<String, Long> sums = new TreeMap<>();
        for (TokenValidator v : validators.get()) {
            for (ValidationMetrics.IssuerStatus s : v.metrics().issuers().values()) {
                sums.merge(issuerOf(s), value.applyAsLong(s), Long::sum);
            }
        }
        sums.forEach((issuer, sum) -> measurement.record(sum, Attributes.of(ISSUER, issuer)));
    }

    private void fetchAge(ObservableDoubleMeasurement measurement) {
        Map<String, Double> youngest = new TreeMap<>();
        for (TokenValidator v : validators.get()) {
            for (ValidationMetrics.IssuerStatus s : v.metrics().issuers().values()) {
                s.lastFetch()
                        .ifPresent(at -> youngest.merge(
                                issuerOf(s),
                                Duration.between(at, clock.instant()).toMillis() / 1000.0,
                                Math::min));
            }
        }
        youngest.forEach((issuer, age) -> measurement.record(age, Attributes.of(ISSUER, issuer)));
    }

    private static String issuerOf(ValidationMetrics.IssuerStatus s) {
        return s.issuer() != null ? s.issuer() : s.name();
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable instrument : registered) {
            try {
                instrument.close();
            } catch (Exception e) {
                // the API's observable instruments do not throw on close; nothing to do if one did
            }
        }
        registered.clear();
    }
}
