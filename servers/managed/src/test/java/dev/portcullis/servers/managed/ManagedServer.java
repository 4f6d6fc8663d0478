package dev.portcullis.servers.managed;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;

/** A server started with WARs already deployed, until {@link #close()}. */
interface ManagedServer extends AutoCloseable {
    /** The server's name and version, for reports. */
    String name();

    /** The HTTP port on 127.0.0.1. */
    int port();

    /** The file where the server writes its log lines, DEBUG ones of {@code dev.portcullis} included. */
    LogFile log();

    /**
     * Takes the WARs at {@code contexts} out of service and deploys them again; returns once they are
     * deployed. {@code between} runs once the old deployments are gone and before the new ones have
     * served a request (Portcullis fetches keys only on a request, so none of its threads may be
     * alive then).
     *
     * @throws IllegalStateException if a WAR is not undeployed or deployed in time, or fails to deploy
     */
    void redeploy(List<String> contexts, Runnable between);

    /** Stops the server, also its child processes; idempotent. */
    @Override
    void close();

    /** {@code http://127.0.0.1:<port>/<context>/}. */
    default URL base(String context) {
        try {
            return new URL("http://127.0.0.1:" + port() + "/" + context + "/");
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(context, e);
        }
    }
}
