package dev.portcullis.jaxrs;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;

/**
 * Registered by this jar's {@code web-fragment.xml}: lets the adapter find the servlet filter's
 * validator, and closes the adapter's own validator when the application stops. It also notes each
 * request's peer address as attribute {@link #REMOTE_ADDRESS}, which JAX-RS runtimes show as a request
 * property (JAX-RS itself does not know the peer), for {@code portcullis.proxy.trusted}.
 *
 * @since 0.1.0
 */
public final class PortcullisLifecycle implements ServletContextListener, ServletRequestListener {
    /** The request attribute holding the peer's address. */
    static final String REMOTE_ADDRESS = PortcullisLifecycle.class.getName() + ".remoteAddress";

    /** Created by the container. */
    public PortcullisLifecycle() {}

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Validators.contextStarted(event.getServletContext());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Validators.contextStopped();
    }

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        String address = event.getServletRequest().getRemoteAddr();
        if (address != null) {
            event.getServletRequest().setAttribute(REMOTE_ADDRESS, address);
        }
    }
}
