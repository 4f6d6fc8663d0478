package dev.portcullis.servers.jetty;

import dev.portcullis.servers.EmbeddedConformanceSuite;
import dev.portcullis.servers.EmbeddedServer;
import dev.portcullis.servers.JettyServer;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The conformance suite, both WAR kinds, in an embedded Jetty 12.1 (ee10). */
class Jetty121ConformanceIT extends EmbeddedConformanceSuite {
    @Override
    protected EmbeddedServer start(Path work) {
        JettyServer jetty = new JettyServer(work);
        assertThat(jetty.name()).startsWith("Jetty/12.1.");
        return jetty;
    }
}
