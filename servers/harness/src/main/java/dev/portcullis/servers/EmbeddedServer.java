package dev.portcullis.servers;

import java.net.URL;
import java.nio.file.Path;

/**
 * A servlet container running in this JVM on 127.0.0.1, deploying exploded WAR directories the way
 * the container deploys a user's WAR (web fragments and annotations from {@code WEB-INF/lib}).
 */
public interface EmbeddedServer extends AutoCloseable {
    /** The server and its version, as it reports them, e.g. {@code Apache Tomcat/11.0.29}. */
    String name();

    /** The port it listens on (127.0.0.1). */
    int port();

    /**
     * Deploys the exploded WAR at context root {@code /context} and returns its base URL (ending in {@code /}).
     *
     * @throws IllegalStateException if the application did not start
     */
    URL deploy(String context, Path explodedWar);

    /** Stops and removes the application at {@code /context}. */
    void undeploy(String context);

    /** Stops the server. */
    @Override
    void close();
}
