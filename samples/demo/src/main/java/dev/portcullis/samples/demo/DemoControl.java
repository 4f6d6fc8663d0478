package dev.portcullis.samples.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Loopback control endpoints for the demo's identity provider: {@code POST /idp/rotate} publishes
 * the next key, {@code /idp/down} makes its JWKS answer 500, {@code /idp/up} restores it,
 * {@code /idp/revoke} revokes the demo's revocable token (introspection answers it inactive from then on).
 */
final class DemoControl {
    private final int port;

    private DemoControl(int port) {
        this.port = port;
    }

    static DemoControl start(int port, LocalIdp idp, TestKey next, String revocable) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/idp/", exchange -> {
            try (exchange) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    answer(exchange, 405);
                    return;
                }
                switch (exchange.getRequestURI().getPath()) {
                    case "/idp/rotate" -> idp.rotateTo(next);
                    case "/idp/down" -> idp.failWith(LocalIdp.Failure.HTTP_500);
                    case "/idp/up" -> idp.recover();
                    case "/idp/revoke" -> idp.introspection().revoke(revocable);
                    default -> {
                        answer(exchange, 404);
                        return;
                    }
                }
                // Let the samples' minimum refetch interval (1 s in the demo) pass, so the next
                // command meets a validator that is allowed to refetch, as it would minutes later.
                pause();
                answer(exchange, 204);
            }
        });
        server.setExecutor(null);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "portcullis-demo-control-stop"));
        return new DemoControl(server.getAddress().getPort());
    }

    private static void pause() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    String url(String action) {
        return "http://127.0.0.1:" + port + "/idp/" + action;
    }
}
