package dev.portcullis.opentelemetry;

import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The instruments, read through a real OpenTelemetry SDK with an in-memory reader, over real validators. */
class PortcullisOpenTelemetryTest {
    private final LocalIdp idp = LocalIdp.start();
    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setMeterProvider(
                    SdkMeterProvider.builder().registerMetricReader(reader).build())
            .build();
    private final TokenValidator validator = TokenValidator.builder(ValidatorConfig.builder()
                    .issuer(idp.issuer())
                    .audiences("orders-api")
                    .publicKeyLocation(idp.jwksUri().toString())
                    .jwksMinRefetchInterval(Duration.ZERO) // an unknown kid refetches at once
                    .build())
            .build();

    private AutoCloseable registered;

    @AfterEach
    void close() throws Exception {
        if (registered != null) {
            registered.close();
        }
        validator.close();
        sdk.close();
        idp.close();
    }

    @Test
    void whenTokensAreRefusedForThreeReasonsThenRejectedHasOnePointPerReason() throws Exception {
        registered = PortcullisOpenTelemetry.register(sdk);
        validator.validate(idp.token().expiresIn(Duration.ofMinutes(-10)).build());
        validator.validate(idp.token().expiresIn(Duration.ofMinutes(-10)).build());
        validator.validate(idp.token().audience("account").build());
        validator.validate(idp.token().signedWith(TestKey.rsa("not-published")).build());

        assertThat(longs("portcullis.tokens.rejected", "reason"))
                .isEqualTo(Map.of("expired", 2L, "wrong_audience", 1L, "unknown_key", 1L));
    }

    @Test
    void whenTokensAreAcceptedThenAcceptedCountsThemPerIssuer() throws Exception {
        registered = PortcullisOpenTelemetry.register(sdk);
        validator.validate(idp.token().build());
        validator.validate(idp.token().scope("write:orders").build());

        assertThat(longs("portcullis.tokens.accepted", "issuer")).isEqualTo(Map.of(idp.issuer(), 2L));
        assertThat(metric("portcullis.tokens.accepted").orElseThrow().getUnit()).isEqualTo("{token}");
    }

    @Test
    void whenKeysWereFetchedThenTheKeyGaugesDescribeThem() throws Exception {
        validator.validate(idp.token().build());
        Instant fetched =
                validator.metrics().issuers().values().iterator().next().lastKeyFetch();
        Clock thirtySecondsLater = Clock.fixed(fetched.plusSeconds(30), ZoneOffset.UTC);

        registered = PortcullisOpenTelemetry.register(sdk, thirtySecondsLater);
        assertThat(longs("portcullis.keys.count", "issuer")).isEqualTo(Map.of(idp.issuer(), 1L));
        assertThat(longs("portcullis.keys.outage", "issuer")).isEqualTo(Map.of(idp.issuer(), 0L));
        assertThat(longs("portcullis.keys.fetch.errors", "issuer")).isEqualTo(Map.of(idp.issuer(), 0L));
        assertThat(metric("portcullis.keys.fetch.age")
                        .orElseThrow()
                        .getDoubleGaugeData()
                        .getPoints())
                .singleElement()
                .satisfies(p -> assertThat(p.getValue()).isEqualTo(30.0));
    }

    @Test
    void whenTheProviderIsDownThenTheOutageGaugeIsOneAndFetchErrorsCount() throws Exception {
        validator.validate(idp.token().build());
        idp.failWith(LocalIdp.Failure.HTTP_500);
        validator.validate(idp.token().signedWith(TestKey.rsa("rotated-away")).build()); // forces a refetch

        registered = PortcullisOpenTelemetry.register(sdk);
        assertThat(longs("portcullis.keys.outage", "issuer")).isEqualTo(Map.of(idp.issuer(), 1L));
        assertThat(longs("portcullis.keys.fetch.errors", "issuer").get(idp.issuer()))
                .isPositive();
    }

    @Test
    void whenClosedThenNoPortcullisMetricIsCollected() throws Exception {
        registered = PortcullisOpenTelemetry.register(sdk);
        validator.validate(idp.token().build());
        assertThat(metric("portcullis.tokens.accepted")).isPresent();

        registered.close();
        registered.close();

        assertThat(reader.collectAllMetrics()).noneMatch(m -> m.getName().startsWith("portcullis."));
    }

    private Optional<MetricData> metric(String name) {
        return reader.collectAllMetrics().stream()
                .filter(m -> m.getName().equals(name))
                .findFirst();
    }

    /** The long points of a counter or gauge, by the value of one attribute. */
    private Map<String, Long> longs(String name, String attribute) {
        MetricData data = metric(name).orElseThrow(() -> new AssertionError("no metric " + name));
        var points = switch (data.getType()) {
            case LONG_SUM -> data.getLongSumData().getPoints();
            case LONG_GAUGE -> data.getLongGaugeData().getPoints();
            default -> throw new AssertionError(name + " is a " + data.getType());
        };
        Map<String, Long> out = new TreeMap<>();
        points.forEach(p -> out.put(valueOf(p, attribute), p.getValue()));
        return out;
    }

    private static String valueOf(PointData point, String attribute) {
        Attributes attributes = point.getAttributes();
        return attributes.asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals(attribute))
                .map(e -> String.valueOf(e.getValue()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no attribute " + attribute + " in " + attributes));
    }
}
