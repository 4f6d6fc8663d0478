package dev.portcullis.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Counters over JMX with no extra dependency; the MBean leaves with the validator. */
class JmxTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenBuiltThenAnMBeanPublishesTheCountersAndCloseRemovesIt() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.portcullis:type=TokenValidator,name=\"jmx-test\"");
        TokenValidator v = TokenValidator.builder(f.config().build())
                .name("jmx-test")
                .clock(f.clock)
                .build();
        try {
            v.validate(f.token().build());
            v.validate(f.token().audience("account").build());
            assertThat(server.getAttribute(name, "Accepted")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "Rejected")).isEqualTo(1L);
            TabularData byReason = (TabularData) server.getAttribute(name, "RejectedByReason");
            assertThat(byReason.get(new Object[] {"WRONG_AUDIENCE"}).get("value"))
                    .isEqualTo(1L);
            assertThat((String) server.getAttribute(name, "Configuration")).contains(f.idp.issuer());
        } finally {
            v.close();
        }
        assertThat(server.isRegistered(name)).isFalse();
    }
}
