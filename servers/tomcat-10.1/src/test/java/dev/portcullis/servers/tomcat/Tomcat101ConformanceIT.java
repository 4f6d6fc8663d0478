package dev.portcullis.servers.tomcat;

import dev.portcullis.servers.EmbeddedConformanceSuite;
import dev.portcullis.servers.EmbeddedServer;
import dev.portcullis.servers.TomcatServer;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The conformance suite, both WAR kinds, in an embedded Tomcat 10.1. */
class Tomcat101ConformanceIT extends EmbeddedConformanceSuite {
    @Override
    protected EmbeddedServer start(Path work) {
        TomcatServer tomcat = new TomcatServer(work);
        assertThat(tomcat.name()).startsWith("Apache Tomcat/10.1.");
        return tomcat;
    }
}
