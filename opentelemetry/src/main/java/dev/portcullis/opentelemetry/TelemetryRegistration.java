package dev.portcullis.opentelemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Registers the instruments when the application starts, with no code of the user's: with the
 * {@code OpenTelemetry} bean that MicroProfile Telemetry provides, else with {@link GlobalOpenTelemetry}
 * (the OpenTelemetry Java agent, or an application that set it). Closes them when the application stops.
 *
 * @since 0.1.0
 */
@ApplicationScoped
public class TelemetryRegistration {
    @Inject
    Instance<OpenTelemetry> openTelemetry;

    private AutoCloseable instruments;

    /** For CDI. */
    public TelemetryRegistration() {}

    synchronized void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (instruments == null) {
            // Open Liberty's GlobalOpenTelemetry is a no-op that logs a warning: ask CDI first
            instruments = PortcullisOpenTelemetry.register(
                    openTelemetry.isResolvable() ? openTelemetry.get() : GlobalOpenTelemetry.get());
        }
    }

    synchronized void unregister(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) throws Exception {
        if (instruments != null) {
            instruments.close();
            instruments = null;
        }
    }
}
