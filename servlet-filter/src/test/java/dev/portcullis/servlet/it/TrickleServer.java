package dev.portcullis.servlet.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWK Set endpoint on 127.0.0.1 that answers 200 at once and then sends its body one byte every
 * 100 ms (a "slowloris" in reverse): every single read succeeds quickly, so only a total time limit
 * on the fetch protects the caller. Each connection is dropped after at most 10 s; {@link #close()}
 * ends everything.
 */
final class TrickleServer implements AutoCloseable {
    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "trickle-jwks");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trickle-jwks-pace");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger requests = new AtomicInteger();

    private TrickleServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        threads.execute(this::accept);
    }

    static TrickleServer start() {
        try {
            return new TrickleServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/certs";
    }

    int requests() {
        return requests.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                threads.execute(() -> trickle(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void trickle(Socket client) {
        try {
            client.setSoTimeout(5000);
            InputStream in = client.getInputStream();
            int matched = 0;
            while (matched < 4) { // read the request head up to CRLF CRLF
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
            }
            requests.incrementAndGet();
            byte[] body = ("{\"keys\":[" + " ".repeat(10_000) + "]}").getBytes(StandardCharsets.US_ASCII);
            OutputStream out = client.getOutputStream();
            out.write(
                    ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            AtomicInteger sent = new AtomicInteger();
            ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
            task[0] = pace.scheduleAtFixedRate(
                    () -> {
                        int i = sent.getAndIncrement();
                        try {
                            if (i >= 100) {
                                throw new IOException("enough");
                            }
                            out.write(body[i]);
                            out.flush();
                        } catch (IOException e) {
                            closeQuietly(client); // the client gave up (as intended), or 10 s are over
                            task[0].cancel(false);
                        }
                    },
                    100,
                    100,
                    TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
        threads.shutdownNow();
        pace.shutdownNow();
    }
}
