package dev.portcullis.servers.managed;

import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.nio.file.Path;
import java.util.List;

/**
 * The conformance cases on Payara Micro 6: the filter WAR under its servlet container, the JAX-RS
 * WAR under its own Jersey, both reading their settings through its MicroProfile Config.
 */
@DisabledIfSystemProperty(named = "payara.skip", matches = "true", disabledReason = "-Dpayara.skip")
class PayaraMicroConformanceIT extends ManagedServerConformance {
    @Override
    ManagedServer start(List<WebArchive> wars, Path workDir) {
        return PayaraMicroServer.start(Path.of(System.getProperty("payara.jar", "target/payara/payara-micro.jar")), workDir, wars);
    }
}
