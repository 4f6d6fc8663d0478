package dev.portcullis.servers;

import org.apache.catalina.Container;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.scan.StandardJarScanner;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;

/**
 * Embedded Tomcat (10.1 or 11: the same calls) on 127.0.0.1 and a free port. A WAR directory is
 * deployed as {@code Tomcat.addWebapp} does, with two differences that make the embedded server look
 * like a standalone one: no default {@code web.xml} (so no JSP servlet, which the embedded jar lacks)
 * and no scan of the JVM class path (a standalone Tomcat's class path holds only its bootstrap jars;
 * here it holds the test classes, whose JAX-RS resources Jersey would otherwise pick up through
 * {@code @HandlesTypes}). Fragments and annotations come from {@code WEB-INF/lib} and
 * {@code WEB-INF/classes}, as in production.
 */
public final class TomcatServer implements EmbeddedServer {
    private final Tomcat tomcat = new Tomcat();

    /** Starts Tomcat with {@code baseDir} as its work directory. */
    public TomcatServer(Path baseDir) {
        tomcat.setBaseDir(baseDir.toAbsolutePath().toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.setAddDefaultWebXmlToWebapp(false);
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start", e);
        }
    }

    @Override
    public String name() {
        return ServerInfo.getServerInfo();
    }

    @Override
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public URL deploy(String context, Path explodedWar) {
        StandardContext ctx = new StandardContext();
        ctx.setName("/" + context);
        ctx.setPath("/" + context);
        ctx.setDocBase(explodedWar.toAbsolutePath().toString());
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(Constants.NoDefaultWebXml);
        ctx.addLifecycleListener(config);
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        ctx.setJarScanner(scanner);
        tomcat.getHost().addChild(ctx); // starts it: the host is running
        if (!ctx.getState().isAvailable()) {
            tomcat.getHost().removeChild(ctx);
            throw new IllegalStateException(
                    "/" + context + " did not start (" + ctx.getState() + "); see the log above");
        }
        try {
            return new URL("http://127.0.0.1:" + port() + "/" + context + "/");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void undeploy(String context) {
        Container ctx = tomcat.getHost().findChild("/" + context);
        if (ctx != null) {
            tomcat.getHost().removeChild(ctx); // stops and destroys it
        }
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop cleanly", e);
        }
    }
}
