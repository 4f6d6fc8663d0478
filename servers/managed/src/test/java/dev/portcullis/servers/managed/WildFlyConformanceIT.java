package dev.portcullis.servers.managed;

import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance cases on WildFly (the default {@code standalone.xml}, which has the MicroProfile
 * Config and MicroProfile JWT subsystems): the filter WAR under Undertow, the JAX-RS WAR under
 * WildFly's own RESTEasy, both reading their settings through WildFly's MicroProfile Config.
 */
@DisabledIfSystemProperty(named = "wildfly.skip", matches = "true", disabledReason = "-Dwildfly.skip")
class WildFlyConformanceIT extends ManagedServerConformance {
    @Override
    ManagedServer start(List<WebArchive> wars, Path workDir) {
        return WildFlyServer.start(Path.of(System.getProperty("wildfly.home", "target/wildfly")), workDir, wars);
    }

    /**
     * WildFly turns its MicroProfile JWT on for a WAR only when an {@code Application} subclass has
     * {@code @LoginConfig(authMethod = "MP-JWT")} or web.xml says {@code <auth-method>MP-JWT}; the
     * {@code mp.jwt.verify.*} settings alone do not (see
     * {@link ManagedServerConformance#neitherWarAsksForTheServersOwnMicroProfileJwt}). When it does,
     * its subsystem logs a TRACE line, which the test configuration writes to server.log.
     */
    @Test
    void wildFlysOwnMicroProfileJwtStaysOffForBothWars() {
        assertThat(server().log().lines())
                .as("WildFly's MicroProfile JWT subsystem is there, in %s", server().log())
                .anyMatch(l -> l.contains("WFLYJWT0001"));
        assertThat(server().log().lines())
                .as("WildFly's MicroProfile JWT activations in %s", server().log())
                .noneMatch(l -> l.contains(WildFlyServer.JWT_ACTIVATION));
    }
}
