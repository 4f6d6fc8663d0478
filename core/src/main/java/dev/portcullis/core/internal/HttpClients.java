package dev.portcullis.core.internal;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK {@link HttpClient} set-up every outgoing call of the core uses (key fetches, introspection): a
 * connect timeout, no redirects, a small pool of daemon threads that exit when idle and never pin an
 * application's class loader.
 *
 * @param client the client
 * @param executor its threads (shut down with the caller's source)
 */
record HttpClients(HttpClient client, ExecutorService executor) {
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** A client whose threads are named {@code <threadPrefix>-<n>}. */
    static HttpClients create(String threadPrefix, Duration connectTimeout) {
        ExecutorService executor = executor(threadPrefix);
        HttpClient client = withoutContextClassLoader(() -> HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build());
        return new HttpClients(client, executor);
    }

    /**
     * Runs {@code create} with no context class loader, so threads the JDK starts inside it (the
     * HTTP client's selector thread) do not keep the application's class loader alive after undeploy.
     */
    private static <T> T withoutContextClassLoader(java.util.function.Supplier<T> create) {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(null);
        try {
            return create.get();
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /** A small pool of daemon threads for fetches and the HTTP client; idle threads exit. */
    private static ExecutorService executor(String threadPrefix) {
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, threadPrefix + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(null); // never pin an undeployed application's class loader
            return t;
        };
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
