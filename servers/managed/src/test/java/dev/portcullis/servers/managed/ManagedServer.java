package dev.portcullis.servers.managed;

import java.net.MalformedURLException;
import java.net.URL;

/** A server started with WARs already deployed, until {@link #close()}. */
interface ManagedServer extends AutoCloseable {
    /** The server's name and version, for reports. */
    String name();

    /** The HTTP port on 127.0.0.1. */
    int port();

    /** The file where the server writes its log lines, DEBUG ones of {@code dev.portcullis} included. */
    LogFile log();

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
