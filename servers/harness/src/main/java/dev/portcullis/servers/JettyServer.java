package dev.portcullis.servers;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.Jetty;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Embedded Jetty 12.1, ee10 environment, on 127.0.0.1 and a free port. Each WAR directory is a
 * {@link WebAppContext} with Jetty's default configurations: web fragments ({@code FragmentConfiguration},
 * on by default) and, because {@code jetty-ee10-annotations} is on the server's class path, annotations
 * and {@code ServletContainerInitializer}s ({@code AnnotationConfiguration}, added through ServiceLoader).
 */
public final class JettyServer implements EmbeddedServer {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ContextHandlerCollection contexts = new ContextHandlerCollection();
    private final Map<String, WebAppContext> deployed = new HashMap<>();
    private final Path work;

    /** Starts Jetty with {@code work} for the applications' temporary directories. */
    public JettyServer(Path work) {
        this.work = work;
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(contexts);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not start", e);
        }
    }

    @Override
    public String name() {
        return "Jetty/" + Jetty.VERSION + " (ee10)";
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public URL deploy(String context, Path explodedWar) {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/" + context);
        webapp.setWar(explodedWar.toAbsolutePath().toString());
        webapp.setThrowUnavailableOnStartupException(true);
        try {
            Path tmp = Files.createDirectories(work.resolve(context + "-tmp"));
            webapp.setTempDirectory(tmp.toFile());
            contexts.addHandler(webapp);
            if (!webapp.isStarted()) {
                webapp.start();
            }
        } catch (Exception e) {
            contexts.removeHandler(webapp);
            throw new IllegalStateException("/" + context + " did not start", e);
        }
        deployed.put(context, webapp);
        try {
            return new URL("http://127.0.0.1:" + port() + "/" + context + "/");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void undeploy(String context) {
        WebAppContext webapp = deployed.remove(context);
        if (webapp != null) {
            try {
                webapp.stop();
            } catch (Exception e) {
                throw new IllegalStateException("/" + context + " did not stop", e);
            } finally {
                contexts.removeHandler(webapp);
            }
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop cleanly", e);
        }
    }
}
