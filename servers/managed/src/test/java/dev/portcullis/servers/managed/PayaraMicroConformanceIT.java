package dev.portcullis.servers.managed;

import dev.portcullis.jaxrs.conformance.ConformanceWars;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.nio.file.Path;
import java.util.List;

/**
 * The conformance cases on Payara Micro 6: the filter WAR under its servlet container, the JAX-RS
 * WAR under its own Jersey, both reading their settings through its MicroProfile Config.
 *
 * <p>Payara's MicroProfile JWT module installs its own {@code @RolesAllowed} filter in every JAX-RS
 * application (a Jersey {@code ForcedAutoDiscoverable}, with or without {@code @LoginConfig}). It
 * asks Jakarta Security for the caller, finds none (the JAX-RS adapter sets the JAX-RS
 * {@code SecurityContext}, not the container's caller) and answers 401 with an HTML page, before
 * Portcullis' role check: a valid token with the role is refused. The JAX-RS WAR therefore turns it
 * off in {@code WEB-INF/payara-web.xml}, as a user's WAR must.
 */
@DisabledIfSystemProperty(named = "payara.skip", matches = "true", disabledReason = "-Dpayara.skip")
class PayaraMicroConformanceIT extends ManagedServerConformance {
    static final String PAYARA_WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <payara-web-app>
              <jaxrs-roles-allowed-enabled>false</jaxrs-roles-allowed-enabled>
            </payara-web-app>
            """;

    @Override
    ManagedServer start(List<WebArchive> wars, Path workDir) {
        wars.stream()
                .filter(w -> w.getName().equals(ConformanceWars.JAXRS + ".war"))
                .forEach(w -> w.addAsWebInfResource(new StringAsset(PAYARA_WEB_XML), "payara-web.xml"));
        return PayaraMicroServer.start(
                Path.of(System.getProperty("payara.jar", "target/payara/payara-micro.jar")), workDir, wars);
    }
}
