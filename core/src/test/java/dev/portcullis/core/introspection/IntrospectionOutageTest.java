package dev.portcullis.core.introspection;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.LogCapture;
import dev.portcullis.core.ValidationMetrics;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.testkit.IntrospectionEndpoint;
import dev.portcullis.testkit.LocalIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static dev.portcullis.core.introspection.Introspecting.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint that is down, failing, slow or answering garbage gives 503 with Retry-After
 * (INTROSPECTION_UNAVAILABLE, each kind counted), or with accept-cached-jwt the locally validated JWT, with one
 * WARN per outage and one INFO when it ends; readiness names the endpoint's state.
 */
class IntrospectionOutageTest {
    private final Introspecting f = new Introspecting();

    @AfterEach
    void close() {
        f.close();
    }

    @ParameterizedTest
    @CsvSource({"HTTP_500, HTTP_STATUS", "GARBAGE, NOT_JSON", "NOT_JSON, NOT_JSON", "SLOW, TIMEOUT"})
    void whenTheEndpointFailsThenUnavailableWithRetryAfterAndTheKindCounted(
            IntrospectionEndpoint.Failure failure, ValidationMetrics.IntrospectionFailure kind) {
        f.validator(
                f.config()
                        .jwksFetchTimeout(Duration.ofMillis(400))
                        .jwksConnectTimeout(Duration.ofMillis(400))
                        .build(),
                f.introspection().build());
        f.idp.introspection().slowDown(Duration.ofSeconds(2));
        f.idp.introspection().failWith(failure);
        long start = System.nanoTime();
        ValidationResult result;
        try (LogCapture caffeine = new LogCapture("com.github.benmanes.caffeine", java.util.logging.Level.ALL)) {
            result = f.validate(f.token().build());
            // a failed call is an answer, not an exceptionally completed load that the cache would log with its stack
            assertThat(caffeine.lines()).isEmpty();
        }
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_900);
        assertThat(result).isInstanceOf(ValidationResult.Unavailable.class);
        assertThat(reasonOf(result)).isEqualTo(FailureReason.INTROSPECTION_UNAVAILABLE);
        assertThat(((ValidationResult.Unavailable) result).retryAfterSeconds()).isBetween(1L, 5L);
        assertThat(f.validator().metrics().introspection().failures()).containsEntry(kind, 1L);
        assertThat(f.validator().metrics().rejected(FailureReason.INTROSPECTION_UNAVAILABLE))
                .isEqualTo(1);
    }

    @Test
    void whenTheProviderIsDownThenUnavailableAndAfterTheRetryIntervalItIsAskedAgain() {
        assertThat(f.validate(f.token().build()).isValid()).isTrue(); // keys loaded
        f.idp.failWith(LocalIdp.Failure.DOWN);
        assertThat(reasonOf(f.validate(f.token().build()))).isEqualTo(FailureReason.INTROSPECTION_UNAVAILABLE);
        assertThat(f.validator().metrics().introspection().failures())
                .containsEntry(ValidationMetrics.IntrospectionFailure.CONNECTION, 1L);
        f.idp.recover();
        assertThat(reasonOf(f.validate(f.token().build())))
                .as("no call within the retry interval")
                .isEqualTo(FailureReason.INTROSPECTION_UNAVAILABLE);
        assertThat(f.validator().metrics().introspection().calls()).isEqualTo(2);
        f.advance(Duration.ofSeconds(5));
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
    }

    @Test
    void whenAcceptCachedJwtThenLocallyValidatedJwtsPassDuringTheOutageWithOneWarnAndOneInfo() {
        f.validator(b -> b.onOutage(IntrospectionConfig.OnOutage.ACCEPT_CACHED_JWT));
        try (LogCapture logs = new LogCapture("dev.portcullis.introspection")) {
            f.idp.introspection().failWith(IntrospectionEndpoint.Failure.HTTP_500);
            for (int i = 0; i < 3; i++) {
                assertThat(f.validate(f.token().build()).isValid()).isTrue();
                f.advance(Duration.ofSeconds(6));
            }
            f.idp.introspection().failWith(IntrospectionEndpoint.Failure.NONE);
            assertThat(f.validate(f.token().build()).isValid()).isTrue();
            assertThat(logs.lines().stream().filter(l -> l.startsWith("WARNING")))
                    .hasSize(1)
                    .allMatch(l -> l.contains("a revoked one may pass"));
            assertThat(logs.lines().stream().filter(l -> l.startsWith("INFO")))
                    .hasSize(1)
                    .allMatch(l -> l.contains("answers again"));
        }
    }

    @Test
    void whenAcceptCachedJwtThenAnOpaqueTokenIsStillUnavailable() {
        f.validator(b -> b.mode(IntrospectionConfig.Mode.ALL).onOutage(IntrospectionConfig.OnOutage.ACCEPT_CACHED_JWT));
        f.idp.introspection().failWith(IntrospectionEndpoint.Failure.HTTP_500);
        assertThat(reasonOf(f.validate(f.idp.introspection().opaqueToken(f.token()))))
                .isEqualTo(FailureReason.INTROSPECTION_UNAVAILABLE);
    }

    @Test
    void whenTheEndpointFailsThenReadinessStaysUpWithAWarningAndTheMetricsShowTheOutage() {
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.validator().readiness().details())
                .containsEntry(
                        "default introspection",
                        "introspection endpoint " + f.idp.introspection().uri());
        f.idp.introspection().failWith(IntrospectionEndpoint.Failure.HTTP_500);
        f.validate(f.token().build());
        assertThat(f.validator().readiness().up()).isTrue();
        assertThat(f.validator().readiness().details().get("default introspection"))
                .startsWith("WARNING");
        assertThat(f.validator().metrics().introspection().outage()).isTrue();
    }
}
