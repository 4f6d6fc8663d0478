package dev.portcullis.core.introspection;

import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.TokenValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration an operator reads (start-up log line, JMX) says whether and how tokens are introspected. */
class IntrospectionSummaryTest {
    private final Introspecting f = new Introspecting();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenIntrospectingThenTheConfigurationNamesModeEndpointCacheAndOutageButNoSecret() throws Exception {
        try (TokenValidator v = TokenValidator.builder(f.config().build())
                .name("introspection-summary")
                .clock(f.clock)
                .introspection(f.introspection()
                        .cacheTtl(Duration.ofSeconds(30))
                        .onOutage(IntrospectionConfig.OnOutage.ACCEPT_CACHED_JWT)
                        .build())
                .build()) {
            String configuration = configuration("introspection-summary");
            assertThat(configuration)
                    .contains(
                            "introspection [",
                            ": jwt at " + f.idp.introspection().uri())
                    .contains("answers cached 30 s")
                    .contains("on outage accept_cached_jwt")
                    .doesNotContain(Introspecting.SECRET);
        }
    }

    @Test
    void whenNotIntrospectingThenTheConfigurationSaysSo() throws Exception {
        try (TokenValidator v = TokenValidator.builder(f.config().build())
                .name("no-introspection-summary")
                .clock(f.clock)
                .build()) {
            assertThat(configuration("no-introspection-summary")).endsWith(", introspection off");
        }
    }

    private static String configuration(String validator) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return (String) server.getAttribute(
                new ObjectName("dev.portcullis:type=TokenValidator,name=\"" + validator + "\""), "Configuration");
    }
}
