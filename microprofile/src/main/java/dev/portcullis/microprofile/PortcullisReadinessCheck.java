package dev.portcullis.microprofile;

import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidatorReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the application's validators ({@code /health/ready}): DOWN while some issuer's keys
 * could never be loaded (the check tries to load them, rate-limited); UP otherwise, with a
 * {@code WARNING} detail while an identity-provider outage is served from the last known keys.
 *
 * @since 0.1.0
 */
@Readiness
@ApplicationScoped
public class PortcullisReadinessCheck implements HealthCheck {
    /** For CDI. */
    public PortcullisReadinessCheck() {}

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("portcullis").up();
        var validators = TokenValidator.live();
        if (validators.isEmpty()) {
            return response.withData("validators", "none built yet").build();
        }
        for (TokenValidator v : validators) {
            ValidatorReadiness r = v.readiness();
            if (!r.up()) {
                response.down();
            }
            r.details().forEach((issuer, state) -> response.withData(v.name() + "." + issuer, state));
        }
        return response.build();
    }
}
