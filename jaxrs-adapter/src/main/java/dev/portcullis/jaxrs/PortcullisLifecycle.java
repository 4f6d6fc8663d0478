package dev.portcullis.jaxrs;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Registered by this jar's {@code web-fragment.xml}: lets the adapter find the servlet filter's
 * validator, and closes the adapter's own validator when the application stops.
 *
 * @since 0.1.0
 */
public final class PortcullisLifecycle implements ServletContextListener {
    /** Created by the container. */
    public PortcullisLifecycle() {
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Validators.contextStarted(event.getServletContext());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Validators.contextStopped();
    }
}
